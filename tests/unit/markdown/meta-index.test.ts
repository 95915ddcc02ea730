import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { namespaceAt, type Namespace } from '../../../src/cache/store.js';
import { readMetaIndex, writeMetaIndex } from '../../../src/markdown/meta-index.js';
import type { CacheEntry } from '../../../src/markdown/render-cache.js';

let dir: string;
let ns: Namespace;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'hm-meta-index-'));
  ns = namespaceAt(dir, { fanOut: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function entry(n: number): CacheEntry {
  return { meta: { toc: [], words: n, readingMinutes: 1, excerpt: `post ${n}`, features: [] }, diagnostics: [] } as unknown as CacheEntry;
}

function entries(from: number, to: number): Map<string, CacheEntry> {
  const map = new Map<string, CacheEntry>();
  for (let n = from; n < to; n++) map.set(n.toString(16).padStart(8, '0'), entry(n));
  return map;
}

function fileOf(key: string): string {
  return ns.path(key)!;
}

describe('the render cache index', () => {
  it('reads back what was written, first as a whole base', () => {
    const first = entries(0, 300);
    writeMetaIndex(ns, first, readMetaIndex(ns));
    expect(readMetaIndex(ns).entries).toEqual(first);
    expect(() => statSync(fileOf('index-delta'))).toThrow();
  });

  it('stores an edit as a delta beside the base, which stays as it was', () => {
    writeMetaIndex(ns, entries(0, 300), readMetaIndex(ns));
    const base = statSync(fileOf('index'));
    const edited = entries(1, 301);
    writeMetaIndex(ns, edited, readMetaIndex(ns));
    const after = statSync(fileOf('index'));
    expect([after.ino, after.mtimeMs, after.size]).toEqual([base.ino, base.mtimeMs, base.size]);
    expect(statSync(fileOf('index-delta')).size).toBeLessThan(base.size / 20);
    expect(readMetaIndex(ns).entries).toEqual(edited);
  });

  it('writes each delta against the base, so a second edit replaces the first delta', () => {
    writeMetaIndex(ns, entries(0, 300), readMetaIndex(ns));
    writeMetaIndex(ns, entries(1, 301), readMetaIndex(ns));
    const second = entries(2, 302);
    writeMetaIndex(ns, second, readMetaIndex(ns));
    expect(readMetaIndex(ns).entries).toEqual(second);
  });

  it('writes the base again when the changes outgrow a delta, and ignores the old delta then', () => {
    writeMetaIndex(ns, entries(0, 300), readMetaIndex(ns));
    writeMetaIndex(ns, entries(1, 301), readMetaIndex(ns));
    const base = statSync(fileOf('index'));
    const moved = entries(1000, 1400);
    writeMetaIndex(ns, moved, readMetaIndex(ns));
    expect(statSync(fileOf('index')).mtimeMs).toBeGreaterThanOrEqual(base.mtimeMs);
    expect(readMetaIndex(ns).entries).toEqual(moved);
  });

  it('falls back to the base alone when the delta is damaged, and to nothing when the base is', () => {
    writeMetaIndex(ns, entries(0, 300), readMetaIndex(ns));
    writeMetaIndex(ns, entries(1, 301), readMetaIndex(ns));
    writeFileSync(fileOf('index-delta'), 'not an entry');
    expect(readMetaIndex(ns).entries).toEqual(entries(0, 300));
    writeFileSync(fileOf('index'), 'not an entry either');
    expect(readMetaIndex(ns).entries.size).toBe(0);
  });

  it('ignores the index of the earlier format (a bare list), so the next write makes a new base', () => {
    ns.put('index', JSON.stringify([...entries(0, 10)]));
    const read = readMetaIndex(ns);
    expect(read.entries.size).toBe(0);
    writeMetaIndex(ns, entries(0, 10), read);
    expect(readMetaIndex(ns).entries).toEqual(entries(0, 10));
  });
});
