import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { namespaceAt, type Namespace } from '../../../src/cache/store.js';
import { readMetaIndex, writeMetaIndex, type MetaIndex } from '../../../src/markdown/meta-index.js';
import type { IndexedEntry } from '../../../src/markdown/render-cache.js';

let dir: string;
let ns: Namespace;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'hm-meta-index-'));
  ns = namespaceAt(dir, { fanOut: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function entry(n: number): IndexedEntry {
  return { meta: { words: n, readingMinutes: 1, excerpt: `post ${n}`, features: [] }, diagnostics: [] } as unknown as IndexedEntry;
}

function entries(from: number, to: number): Map<string, IndexedEntry> {
  const map = new Map<string, IndexedEntry>();
  for (let n = from; n < to; n++) map.set(n.toString(16).padStart(8, '0'), entry(n));
  return map;
}

/** `wanted` as a build uses it: an entry it read from the index is that very object. */
function asUsed(read: MetaIndex, wanted: Map<string, IndexedEntry>): Map<string, IndexedEntry> {
  return new Map([...wanted].map(([key, value]) => [key, read.entries.get(key) ?? value]));
}

/** Stores `wanted` as a build that read the index first does. */
function store(wanted: Map<string, IndexedEntry>): void {
  const read = readMetaIndex(ns);
  writeMetaIndex(ns, asUsed(read, wanted), read);
}

function fileOf(key: string): string {
  return ns.path(key)!;
}

describe('the render cache index', () => {
  it('reads back what was written, first as a whole base', () => {
    const first = entries(0, 300);
    store(first);
    expect(readMetaIndex(ns).entries).toEqual(first);
    expect(() => statSync(fileOf('meta-delta'))).toThrow();
  });

  it('stores an edit as a delta beside the base, which stays as it was', () => {
    store(entries(0, 300));
    const base = statSync(fileOf('meta'));
    const edited = entries(1, 301);
    store(edited);
    const after = statSync(fileOf('meta'));
    expect([after.ino, after.mtimeMs, after.size]).toEqual([base.ino, base.mtimeMs, base.size]);
    expect(statSync(fileOf('meta-delta')).size).toBeLessThan(base.size / 20);
    expect(readMetaIndex(ns).entries).toEqual(edited);
  });

  it('writes each delta against the base, so a second edit replaces the first delta', () => {
    store(entries(0, 300));
    store(entries(1, 301));
    const second = entries(2, 302);
    store(second);
    expect(readMetaIndex(ns).entries).toEqual(second);
  });

  it('writes the base again when the changes outgrow a delta, and ignores the old delta then', () => {
    store(entries(0, 300));
    store(entries(1, 301));
    const base = statSync(fileOf('meta'));
    const moved = entries(1000, 1400);
    store(moved);
    expect(statSync(fileOf('meta')).mtimeMs).toBeGreaterThanOrEqual(base.mtimeMs);
    expect(readMetaIndex(ns).entries).toEqual(moved);
  });

  it('falls back to the base alone when the delta is damaged, and to nothing when the base is', () => {
    store(entries(0, 300));
    store(entries(1, 301));
    writeFileSync(fileOf('meta-delta'), 'not an entry');
    expect(readMetaIndex(ns).entries).toEqual(entries(0, 300));
    writeFileSync(fileOf('meta'), 'not an entry either');
    expect(readMetaIndex(ns).entries.size).toBe(0);
  });

  it('ignores the index of the earlier formats, and removes it when it writes a new base', () => {
    // Format 1 was a bare list, format 2 a base and delta with tables of contents, under `index`.
    ns.put('index', JSON.stringify({ generation: 'g', entries: [...entries(0, 10)] }));
    ns.put('index-delta', JSON.stringify({ generation: 'g', set: [], drop: [] }));
    const read = readMetaIndex(ns);
    expect(read.entries.size).toBe(0);
    writeMetaIndex(ns, entries(0, 10), read);
    expect(readMetaIndex(ns).entries).toEqual(entries(0, 10));
    expect(() => statSync(fileOf('index'))).toThrow();
    expect(() => statSync(fileOf('index-delta'))).toThrow();
  });
});
