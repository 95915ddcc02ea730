import { randomUUID } from 'node:crypto';
import type { Namespace } from '../cache/store.js';
import type { CacheEntry } from './render-cache.js';

/**
 * The metadata of every entry the last build used, kept in the render namespace: a warm build of
 * thousands of posts reads one file instead of one entry head per post. Like the post cache, it is
 * a base and a delta against it, so an edit rewrites a few entries, not the whole index (about
 * 3 MB for 4000 posts). Damaged or stale parts are ignored: each post then reads its own entry.
 */
const BASE_KEY = 'index';
const DELTA_KEY = 'index-delta';
/** Changes kept in the delta before the base is written whole again. */
const DELTA_MAX = 256;

interface BasePayload {
  generation: string;
  entries: Array<[string, CacheEntry]>;
}

interface DeltaPayload {
  generation: string;
  set: Array<[string, CacheEntry]>;
  drop: string[];
}

/** The index as read, and the base a later write may add a delta to. */
export interface MetaIndex {
  entries: Map<string, CacheEntry>;
  base?: { generation: string; keys: ReadonlySet<string> };
}

export function readMetaIndex(ns: Namespace): MetaIndex {
  const base = parse(ns.get(BASE_KEY)) as Partial<BasePayload> | undefined;
  if (typeof base?.generation !== 'string' || !Array.isArray(base.entries)) return { entries: new Map() };
  const entries = new Map(base.entries);
  const keys = new Set(entries.keys());
  const delta = parse(ns.get(DELTA_KEY)) as Partial<DeltaPayload> | undefined;
  // A delta of another base (one written after it, or before) says nothing about this one.
  if (delta?.generation === base.generation && Array.isArray(delta.set) && Array.isArray(delta.drop)) {
    for (const key of delta.drop) entries.delete(key);
    for (const [key, entry] of delta.set) entries.set(key, entry);
  }
  return { entries, base: { generation: base.generation, keys } };
}

/** Stores `entries` as the index, as a delta against the base read when that is small enough. */
export function writeMetaIndex(ns: Namespace, entries: ReadonlyMap<string, CacheEntry>, read: MetaIndex): void {
  const base = read.base;
  if (base !== undefined) {
    // Entry keys name their content, so a key in the base is that very entry.
    const set = [...entries].filter(([key]) => !base.keys.has(key));
    const drop = [...base.keys].filter((key) => !entries.has(key));
    if (set.length + drop.length <= DELTA_MAX) {
      const delta: DeltaPayload = { generation: base.generation, set, drop };
      ns.put(DELTA_KEY, JSON.stringify(delta));
      return;
    }
  }
  const payload: BasePayload = { generation: randomUUID(), entries: [...entries] };
  ns.put(BASE_KEY, JSON.stringify(payload));
}

function parse(data: Buffer | undefined): unknown {
  if (data === undefined) return undefined;
  try {
    return JSON.parse(data.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
