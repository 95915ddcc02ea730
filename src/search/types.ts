import type { Post } from '../content/types.js';
import type { BodyStore } from '../markdown/types.js';
import type { PageData, PostSummary } from '../site/types.js';
import type { EarlyIndexes } from './early.js';

/** What the index reads of a post. */
export type SearchPost = Pick<PostSummary, 'slug' | 'url' | 'title' | 'description' | 'date' | 'tags' | 'page'>;

/** What the index reads of the site plan (a SitePlan will do): the post of each post page; other pages are passed over. */
export interface SearchPlan {
  pages: ReadonlyArray<{ data: { kind: 'post'; post: SearchPost } | { kind: Exclude<PageData['kind'], 'post'> } }>;
}

export interface SearchIndexOptions {
  /** The site plan: its post pages are the published posts (drafts and scheduled posts already left out). */
  plan: SearchPlan;
  /**
   * Post sources by slug, for the cache key only, when `bodies` has no `key`: a post's title and
   * Markdown body decide whether its HTML changed, without reading the HTML back from the render cache.
   */
  sources: ReadonlyArray<Pick<Post, 'slug' | 'title' | 'body'>>;
  /**
   * Rendered post HTML; read only when the index has to be rebuilt. A store that also names each
   * body's render cache key (`key(slug)`) spares hashing the Markdown sources for the cache key.
   */
  bodies: BodyStore & { key?(slug: string): string };
  /** The site's base path (`/` or `/blog/`); result URLs are stored relative to it. */
  basePath: string;
  /** BCP 47 language of the site; its primary subtag picks Pagefind's stemmer. */
  language: string;
  /** Build cache folder; the index is kept in the cache's `search.v2/` namespace, one entry per shard. null disables the cache. */
  cacheDir: string | null;
  /**
   * Number of shards the posts are split into; by default it follows the post count (see
   * `shardCountFor`). Set by tests to shard small sites.
   */
  shardCount?: number;
  /**
   * Indexer processes working on shards at once, at most: one per core by default. A build that
   * indexes one shard starts one process whatever this says.
   */
  indexers?: number;
  /**
   * Cached shards give their files' names and keys only (`pack` says where the contents are), for
   * a build that keeps unchanged output files by key without reading them; see loadSearchFile.
   */
  lazy?: boolean;
  /** Shards whose index was started before the plan (see early.ts): used where the real key is the predicted one. */
  early?: EarlyIndexes;
}

/** A file of the search bundle; lazily listed ones have a `pack` instead of contents. */
export interface SearchFile {
  file: string;
  /** What the file is made from (its shard's cache key); none without a cache. */
  key?: string;
  contents?: string | Uint8Array;
  /** The cache entry holding the contents, and the file's name in it. */
  pack?: { path: string; name: string };
}

export interface SearchIndex {
  /**
   * The Pagefind bundle, sorted by path; empty when the index could not be built. The first
   * non-empty shard is the primary index under `pagefind/` (with pagefind.js, its worker and WASM);
   * shard n of the others is under `pagefind/<n>/`, and `pagefind/shards.json` lists those folders
   * relative to `pagefind/` for the client to merge.
   */
  files: SearchFile[];
  /** Posts in the index. */
  documents: number;
  /** True when the files came from the cache without running Pagefind. */
  fromCache: boolean;
  /** Shards the posts were split into, empty ones included. */
  shards: number;
  /** Shards Pagefind indexed in this build; the others came from the cache. */
  shardsBuilt: number;
  /** Of those, the shards whose index was started early, before the plan (see early.ts). */
  shardsEarly: number;
}
