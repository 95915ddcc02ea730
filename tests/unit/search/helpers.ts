import { TextBody } from '../../../src/content/body-ref.js';
import type { PlainDate } from '../../../src/content/types.js';
import type { SearchIndexOptions } from '../../../src/search/index.js';
import type { Page, PostSummary, SitePlan } from '../../../src/site/types.js';

/** A post page of the plan as the search index sees it, with its summary's fields overridable. */
export function searchPostPage(slug: string, fields: Partial<PostSummary> = {}): Page {
  const post = searchSummary(slug, fields);
  return { url: post.url, file: `posts/${slug}/index.html`, template: 'post', title: post.title, description: post.description, data: { kind: 'post', post, toc: [], related: [] }, origin: post.source };
}

/** A post's summary with plain defaults, its fields overridable. */
export function searchSummary(slug: string, fields: Partial<PostSummary> = {}): PostSummary {
  return {
    slug,
    title: `Title of ${slug}`,
    description: `About ${slug}`,
    date: '2024-05-01' as PlainDate,
    tags: [],
    featured: false,
    draft: false,
    scheduled: false,
    readingMinutes: 1,
    words: 10,
    excerpt: '',
    url: `/posts/${slug}/`,
    source: `content/${slug}.md`,
    ...fields,
  };
}

/** Index options for posts `slugs` with these bodies (HTML by slug), their pages made by `page`. */
export function searchOptions(
  slugs: readonly string[],
  html: Readonly<Record<string, string>>,
  page: (slug: string, i: number) => Page,
  extra: Partial<SearchIndexOptions> = {},
): SearchIndexOptions {
  const plan: SitePlan = { pages: slugs.map(page), files: [], assets: [], excluded: { drafts: [], scheduled: [] } };
  return {
    plan,
    sources: slugs.map((slug) => ({ slug, title: slug, body: new TextBody(html[slug]!) })),
    bodies: { html: (slug) => html[slug]! } as SearchIndexOptions['bodies'],
    basePath: '/',
    language: 'en',
    cacheDir: null,
    ...extra,
  };
}
