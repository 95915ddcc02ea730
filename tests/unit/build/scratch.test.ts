import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OUTPUT_MARKER, OUTPUT_MARKER_TEXT } from '../../../src/output/guard.js';
import { makeScratch, removeStaleScratch } from '../../../src/scratch.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('scratch folders of builds without a cache', () => {
  it('removes those a killed build on this host left, and no others', () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'hashmark-scratch-test-'));
    dirs.push(tmp);
    const first = makeScratch(tmp);
    // hashmark-bodies-<host>: what this host's folders start with.
    const host = path.basename(first).slice(0, path.basename(first).indexOf(`-${process.pid}-`));
    expect(host.startsWith('hashmark-bodies-')).toBe(true);
    // A build on this host whose process is gone, one still running, another host's, a stranger, and
    // a folder that only has the name of a dead build's (no marker inside): not provably ours.
    for (const name of [`${host}-999991-dead`, `${host}-999992-alive`, 'hashmark-bodies-otherhost-999991-x', 'unrelated-999991']) {
      mkdirSync(path.join(tmp, name, 'render'), { recursive: true });
      writeFileSync(path.join(tmp, name, OUTPUT_MARKER), OUTPUT_MARKER_TEXT);
    }
    mkdirSync(path.join(tmp, `${host}-999993-lookalike`, 'notes'), { recursive: true });
    removeStaleScratch(tmp, (pid) => pid === 999992);
    expect(readdirSync(tmp).sort()).toEqual(
      [path.basename(first), `${host}-999992-alive`, `${host}-999993-lookalike`, 'hashmark-bodies-otherhost-999991-x', 'unrelated-999991'].sort(),
    );
    // A new build's own folder, and this process's, are never taken for stale ones.
    const second = makeScratch(tmp);
    expect(existsSync(first)).toBe(true);
    expect(existsSync(second)).toBe(true);
  });
});
