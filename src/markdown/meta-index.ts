import { readStoredMap, writeStoredMap, type StoredMap } from '../cache/base-delta.js';
import type { Namespace } from '../cache/store.js';
import type { CacheEntry } from './render-cache.js';

/**
 * The metadata of every entry the last build used, kept in the render namespace: a warm build of
 * thousands of posts reads one file instead of one entry head per post. Kept as a base and a delta
 * (cache/base-delta.ts), so an edit writes a few entries, not the whole index (about 3 MB for 4000
 * posts). Damaged or stale parts are ignored: each post then reads its own entry.
 */
const INDEX_KEY = 'index';

export type MetaIndex = StoredMap<CacheEntry>;

export function readMetaIndex(ns: Namespace): MetaIndex {
  return readStoredMap<CacheEntry>(ns, INDEX_KEY);
}

/** Stores `entries` as the index; a failed write only costs the next build its per-entry reads. */
export function writeMetaIndex(ns: Namespace, entries: ReadonlyMap<string, CacheEntry>, read: MetaIndex): void {
  writeStoredMap(ns, INDEX_KEY, entries, read);
}
