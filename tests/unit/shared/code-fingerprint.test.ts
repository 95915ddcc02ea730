import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { libFingerprint } from '../../../src/code-fingerprint.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A made-up lib/ folder, fingerprinted fresh (the fingerprint is kept per folder per process). */
function fingerprintOf(files: Record<string, string>): string {
  const top = mkdtempSync(path.join(tmpdir(), 'hm-fingerprint-'));
  dirs.push(top);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(top, rel)), { recursive: true });
    writeFileSync(path.join(top, rel), text);
  }
  return libFingerprint(top);
}

describe('the code fingerprint', () => {
  const base = { 'build.js': 'export const a = 1;', 'x/y.js': 'export const b = 2;', 'build.d.ts': 'export declare const a: number;', 'x/r.bundle.js': 'bundle' };

  it('changes with the code, its files and their names', () => {
    const same = fingerprintOf(base);
    expect(fingerprintOf(base)).toBe(same);
    expect(fingerprintOf({ ...base, 'x/y.js': 'export const b = 3;' })).not.toBe(same);
    expect(fingerprintOf({ ...base, 'x/z.js': 'export const c = 3;' })).not.toBe(same);
    expect(fingerprintOf({ ...base, 'src.ts': 'export const c = 3;' })).not.toBe(same);
  });

  it('leaves out type declarations and bundles, which are made from the code it covers', () => {
    const same = fingerprintOf(base);
    expect(fingerprintOf({ ...base, 'build.d.ts': 'export declare const a: 1;' })).toBe(same);
    expect(fingerprintOf({ ...base, 'x/r.bundle.js': 'other bundle' })).toBe(same);
    expect(fingerprintOf({ ...base, 'bundle/cli.js': 'the CLI bundled', 'bundle/stamp.json': '{}' })).toBe(same);
    expect(fingerprintOf({ ...base, 'x/bundle/y.js': 'code in a folder of that name below the top' })).not.toBe(same);
  });
});
