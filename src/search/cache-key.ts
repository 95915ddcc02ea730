import { readFileSync } from 'node:fs';
import { digest } from '../cache/hash.js';
import { EXCLUDED_SELECTORS, indexLanguage, recordUrl } from './documents.js';
import type { SearchIndexOptions, SearchPlan, SearchPost } from './types.js';

/** Bump when the documents given to Pagefind or the files kept from it change shape. */
const SEARCH_PIPELINE_VERSION = '3';

export interface PostPage {
  data: { kind: 'post'; post: SearchPost };
}

/** The post pages of a plan, in plan order (newest first): exactly what the index holds. */
export function postPages(plan: SearchPlan): PostPage[] {
  return plan.pages.filter((p): p is PostPage => p.data.kind === 'post');
}

type KeyOptions = Pick<SearchIndexOptions, 'sources' | 'bodies' | 'basePath' | 'language'>;

/**
 * A hash of everything one shard's index is made of: Pagefind's version, the language, the shard
 * count and number, and per post of the shard its URL, title, description, date, tags and body: the
 * body's render cache key when the store has one, else its Markdown (already in memory), from which
 * with the title alone the HTML is made. null when a post has no source entry to hash.
 */
export function shardKeyer(options: KeyOptions): (shardCount: number, shard: number, pages: readonly PostPage[]) => string | null {
  // The render stage's key of a body already hashes its title, Markdown and pipeline: far cheaper
  // than hashing every body again.
  const bodyKey = typeof options.bodies.key === 'function' ? options.bodies.key.bind(options.bodies) : undefined;
  const sources = bodyKey ? undefined : new Map(options.sources.map((s) => [s.slug, s]));
  return (shardCount, shard, pages) => shardKey(options, bodyKey, sources, shardCount, shard, pages);
}

function shardKey(
  options: KeyOptions,
  bodyKey: ((slug: string) => string) | undefined,
  sources: ReadonlyMap<string, Pick<SearchIndexOptions['sources'][number], 'title' | 'body'>> | undefined,
  shardCount: number,
  shard: number,
  pages: readonly PostPage[],
): string | null {
  // Parts are joined and hashed once: thousands of small hash updates cost more than the hashing.
  const parts: string[] = [
    SEARCH_PIPELINE_VERSION,
    pagefindVersion(),
    indexLanguage(options.language),
    EXCLUDED_SELECTORS.join(','),
    String(shardCount),
    String(shard),
  ];
  for (const page of pages) {
    const post = page.data.post;
    parts.push(recordUrl(post.url, options.basePath), post.title, post.description, post.page ? 'page' : post.date, post.tags.map((t) => t.name).join('\u0001'));
    if (bodyKey) {
      parts.push(bodyKey(post.slug));
      continue;
    }
    const source = sources?.get(post.slug);
    // Without its source a post cannot be keyed by content: no key, so the shard is built afresh.
    if (!source) return null;
    parts.push(source.title, source.body.read());
  }
  return hashParts(parts);
}

/**
 * The key of the files every shard's run produces alike (pagefind.js, its worker, the WASM): they
 * depend on Pagefind's version and the language only, so they are kept once, not once per shard.
 */
export function runtimeKey(language: string): string {
  return `runtime-${hashParts([SEARCH_PIPELINE_VERSION, pagefindVersion(), indexLanguage(language), EXCLUDED_SELECTORS.join(',')])}`;
}

/** One JSON part, not one part each: a large site's shard has tens of thousands, too many to spread. */
function hashParts(parts: readonly string[]): string {
  return digest(JSON.stringify(parts));
}

let version: string | undefined;
export function pagefindVersion(): string {
  if (version === undefined) {
    // The package exports only its entry module, not package.json: read it beside the entry.
    const manifest = new URL('../package.json', import.meta.resolve('pagefind'));
    version = (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
  }
  return version;
}
