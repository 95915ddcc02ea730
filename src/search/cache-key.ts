import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page, PostPageData } from '../site/types.js';
import { EXCLUDED_SELECTORS, indexLanguage, recordUrl } from './documents.js';
import type { SearchIndexOptions } from './types.js';

/** Bump when the documents given to Pagefind or the files kept from it change shape. */
const SEARCH_PIPELINE_VERSION = '1';

/** The post pages of a plan, in plan order (newest first): exactly what the index holds. */
export function postPages(plan: SearchIndexOptions['plan']): Array<Page & { data: PostPageData }> {
  return plan.pages.filter((p): p is Page & { data: PostPageData } => p.data.kind === 'post');
}

/**
 * A hash of everything the index is made of: Pagefind's version, the language, and per published
 * post its URL, title, description, date, tags and body: the body's render cache key when the store
 * has one, else its Markdown (already in memory), from which with the title alone the HTML is made.
 * null when a post page has no source entry.
 */
export function searchIndexKey(options: SearchIndexOptions): string | null {
  const sources = new Map(options.sources.map((s) => [s.slug, s]));
  // The render stage's key of a body already hashes its title, Markdown and pipeline: far cheaper
  // than hashing every body again.
  const bodyKey = typeof options.bodies.key === 'function' ? options.bodies.key.bind(options.bodies) : undefined;
  // Parts are joined and hashed once: thousands of small hash updates cost more than the hashing.
  const parts: string[] = [];
  const part = (text: string): void => {
    parts.push(text);
  };
  part(SEARCH_PIPELINE_VERSION);
  part(pagefindVersion());
  part(indexLanguage(options.language));
  part(EXCLUDED_SELECTORS.join(','));
  for (const page of postPages(options.plan)) {
    const post = page.data.post;
    part(recordUrl(post.url, options.basePath));
    part(post.title);
    part(post.description);
    part(post.date);
    part(post.tags.map((t) => t.name).join('\u0001'));
    if (bodyKey) {
      part(bodyKey(post.slug));
      continue;
    }
    const source = sources.get(post.slug);
    // Without its source a post cannot be keyed by content: no key, so the index is built afresh.
    if (!source) return null;
    part(source.title);
    part(source.body);
  }
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32);
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
