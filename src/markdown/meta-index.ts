import { rmSync } from 'node:fs';
import { deltaKey, readStoredMap, writeStoredMap, type StoredMap } from '../cache/base-delta.js';
import type { Namespace } from '../cache/store.js';
import type { IndexedEntry } from './render-cache.js';

/**
 * The metadata of every entry the last build used, kept in the render namespace: a warm build of
 * thousands of posts reads one file instead of one entry head per post. Kept as a base and a delta
 * (cache/base-delta.ts), so an edit writes a few entries, not the whole index. Tables of contents
 * stay in the entries (see IndexedEntry): without them the index is about 1.2 MB for 4000 posts
 * instead of 4.2 MB. Damaged or stale parts are ignored: each post then reads its own entry.
 */
const INDEX_KEY = 'meta';
/** The earlier index, which held tables of contents: never read, removed when a new base is written. */
const LEGACY_KEY = 'index';

export type MetaIndex = StoredMap<IndexedEntry>;

export function readMetaIndex(ns: Namespace): MetaIndex {
  return readStoredMap<IndexedEntry>(ns, INDEX_KEY);
}

/** Stores `entries` as the index; a failed write only costs the next build its per-entry reads. */
export function writeMetaIndex(ns: Namespace, entries: ReadonlyMap<string, IndexedEntry>, read: MetaIndex): void {
  if (writeStoredMap(ns, INDEX_KEY, entries, read) !== 'base') return;
  for (const key of [LEGACY_KEY, deltaKey(LEGACY_KEY)]) {
    const file = ns.path(key);
    if (file !== null) rmSync(file, { force: true });
  }
}
