import type { SiteConfig } from '../config/schema.js';
import type { PostSummary } from '../site/types.js';

/** The schema.org `BlogPosting` object for a post page's JSON-LD. */
export function blogPosting(post: PostSummary, canonicalUrl: string, config: SiteConfig): Record<string, unknown> {
  // A post's own authors by name (and author page); without them the site's author, with the site author's URL.
  const author: Array<Record<string, unknown>> = post.authors
    ? post.authors.map((name, i) => ({ '@type': 'Person', name, ...(post.authorUrls?.[i] ? { url: config.url + post.authorUrls[i] } : {}) }))
    : [{ '@type': 'Person', name: config.author.name, ...(config.author.url ? { url: config.author.url } : {}) }];
  const data: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'BlogPosting',
    headline: post.title,
    description: post.description || post.excerpt,
    datePublished: post.date,
    dateModified: post.updated ?? post.date,
    author,
    url: canonicalUrl,
    mainEntityOfPage: { '@type': 'WebPage', '@id': canonicalUrl },
    inLanguage: config.language,
    wordCount: post.words,
  };
  if (post.image) data.image = post.image.url;
  if (post.tags.length > 0) data.keywords = post.tags.map((t) => t.name);
  return data;
}
