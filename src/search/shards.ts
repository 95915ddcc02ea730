import { hash } from 'node:crypto';

/** Below this many posts one index is small enough that splitting it only adds requests. */
const SHARDING_THRESHOLD = 128;
/** Posts per shard aimed at: Pagefind spends about 5 ms of CPU per post, so a shard costs well under a second. */
const POSTS_PER_SHARD = 64;
/** Each shard is one more index the browser fetches and searches: more shards, slower first query. */
const MAX_SHARDS = 64;

/**
 * How many shards an index of `posts` posts is split into: 1 below 128 posts, else the power of two
 * nearest `posts / 64`, at most 64. A power of two keeps most posts in place when the count steps.
 */
export function shardCountFor(posts: number): number {
  if (posts < SHARDING_THRESHOLD) return 1;
  return Math.min(MAX_SHARDS, 2 ** Math.round(Math.log2(posts / POSTS_PER_SHARD)));
}

/**
 * The shard a post belongs to, from its slug alone: stable across builds, so an edit to one post
 * leaves every other shard's content, and so its cache entry, untouched.
 */
export function shardOf(slug: string, shardCount: number): number {
  if (shardCount <= 1) return 0;
  return slugHash(slug) % shardCount;
}

/** Each slug's hash, kept: an edit's build assigns every post twice in the search thread (early, then the plan). */
const slugHashes = new Map<string, number>();
/** A long dev session's renamed posts must not grow the memo without end. */
const MAX_REMEMBERED = 100_000;

function slugHash(slug: string): number {
  let value = slugHashes.get(slug);
  if (value === undefined) {
    // The one-shot hash: a hash object per slug cost four times as much in a fresh thread.
    value = hash('sha1', slug, 'buffer').readUInt32BE(0);
    if (slugHashes.size >= MAX_REMEMBERED) slugHashes.clear();
    slugHashes.set(slug, value);
  }
  return value;
}

/** Items grouped by shard, each group in the input's order; `shards[n]` holds shard n's items. */
export function assignShards<T>(items: readonly T[], slugOf: (item: T) => string, shardCount: number): T[][] {
  const shards: T[][] = Array.from({ length: shardCount }, () => []);
  for (const item of items) shards[shardOf(slugOf(item), shardCount)]!.push(item);
  return shards;
}
