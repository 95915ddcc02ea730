import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/tree.js';

/** Offsets of the bytes above 0x7f, so a failure shows where the escaping stopped. */
function nonAscii(bytes: Buffer): number[] {
  const found: number[] = [];
  for (let i = 0; i < bytes.length && found.length < 5; i++) if (bytes[i]! > 0x7f) found.push(i);
  return found;
}

describe('renderer bundles (scripts/compile.mjs)', () => {
  // A worker loads the bundle as a one-byte string only when every character of it is ASCII.
  it.each(['renderer.bundle.cjs', 'renderer.bundle.js'])('%s is ASCII only', (name) => {
    const bytes = readFileSync(path.join(repoRoot, 'lib/markdown', name));
    expect(bytes.length).toBeGreaterThan(100_000);
    expect(nonAscii(bytes)).toEqual([]);
  });
});
