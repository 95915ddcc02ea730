import type { PlainDate } from '../../../src/content/types.js';
import type { Page, PostSummary } from '../../../src/site/types.js';

/** A post page of the plan as the search index sees it, with its summary's fields overridable. */
export function searchPostPage(slug: string, fields: Partial<PostSummary> = {}): Page {
  const post: PostSummary = {
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
  return { url: post.url, file: `posts/${slug}/index.html`, template: 'post', title: post.title, description: post.description, data: { kind: 'post', post, toc: [], related: [] }, origin: post.source };
}
