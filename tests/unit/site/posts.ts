import type { PlainDate, Tag } from '../../../src/content/types.js';
import { siteConfigSchema, type SiteConfig, type SiteConfigInput } from '../../../src/config/schema.js';
import type { PostMeta } from '../../../src/markdown/types.js';

/** A published post's metadata; tags given as display names get slugs by lower-casing. */
export function post(slug: string, date: string, fields: Partial<Omit<PostMeta, 'tags'>> & { tags?: Array<string | Tag> } = {}): PostMeta {
  const { tags = [], ...rest } = fields;
  return {
    slug,
    title: `Title of ${slug}`,
    description: `About ${slug}.`,
    date: date as PlainDate,
    featured: false,
    draft: false,
    bodyLine: 3,
    source: `content/${slug}.md`,
    assets: [],
    toc: [],
    words: 100,
    readingMinutes: 1,
    excerpt: `Excerpt of ${slug}.`,
    ...rest,
    tags: tags.map((t) => (typeof t === 'string' ? { name: t, slug: t.toLowerCase() } : t)),
  };
}

export function config(input: SiteConfigInput = {}): SiteConfig {
  return siteConfigSchema.parse({ url: 'https://example.com', ...input });
}

export const today = '2024-06-15' as PlainDate;
export const publishedOnly = { drafts: false, future: false, today };
