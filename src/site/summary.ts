import type { PlainDate } from '../content/types.js';
import type { PostMeta } from '../markdown/types.js';
import type { PostSummary } from './types.js';

/** What pages and feeds need of a post; the description falls back to the excerpt when empty. */
export function toSummary(post: PostMeta, url: string, today: PlainDate): PostSummary {
  const summary: PostSummary = {
    slug: post.slug,
    title: post.title,
    description: post.description.trim() === '' ? post.excerpt : post.description,
    date: post.date,
    tags: post.tags,
    featured: post.featured,
    draft: post.draft,
    scheduled: post.date > today,
    readingMinutes: post.readingMinutes,
    words: post.words,
    excerpt: post.excerpt,
    url,
    source: post.source,
  };
  if (post.updated !== undefined) summary.updated = post.updated;
  if (post.dateTime !== undefined) summary.dateTime = post.dateTime;
  if (post.authors !== undefined) summary.authors = post.authors;
  return summary;
}
