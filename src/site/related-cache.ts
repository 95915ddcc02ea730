import { digest } from '../cache/hash.js';
import { openCache } from '../cache/store.js';
import { relatedPosts, WINDOW, type RelatedInput } from './related.js';

/** Bump when the entry's layout changes. */
const VERSION = 2;

/**
 * Related posts remembered in the `related` namespace of the cache store, keyed by every post's
 * tags in post order, the limit and the code's version: the answer depends on nothing else, and
 * working it out is the largest part of planning a site of thousands of posts, while an edit
 * rarely touches tags.
 *
 * The entry is JSON `number[][]`. One that is damaged (the store removes it) or does not fit the
 * site (wrong length, an index out of range) is worked out again. Only the latest entry is kept:
 * an older site's answer is never asked for again.
 */
export function cachedRelatedPosts(cacheDir: string | null, version: string): typeof relatedPosts {
  if (cacheDir === null) return relatedPosts;
  return (input: RelatedInput, limit: number): number[][] => {
    const ns = openCache(cacheDir).namespace('related', VERSION);
    const key = digest(version, String(WINDOW), String(limit), JSON.stringify(input.tags));
    const known = fit(ns.get(key), input.tags.length, limit);
    if (known) return known;
    const result = relatedPosts(input, limit);
    // The cache only saves time: a failed write is forgotten.
    if (ns.put(key, JSON.stringify(result))) ns.prune([key]);
    return result;
  };
}

function fit(data: Buffer | undefined, posts: number, limit: number): number[][] | undefined {
  if (data === undefined) return undefined;
  try {
    const value = JSON.parse(data.toString('utf8')) as unknown;
    if (!Array.isArray(value) || value.length !== posts) return undefined;
    for (const list of value) {
      if (!Array.isArray(list) || list.length > limit) return undefined;
      for (const index of list) if (!Number.isInteger(index) || index < 0 || index >= posts) return undefined;
    }
    return value as number[][];
  } catch {
    return undefined;
  }
}
