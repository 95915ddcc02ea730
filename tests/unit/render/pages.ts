import type { PlainDate } from '../../../src/content/types.js';
import { siteConfigSchema, type SiteConfig } from '../../../src/config/schema.js';
import type { Page, PostSummary } from '../../../src/site/types.js';
import type { ThemeAssets } from '../../../src/render/types.js';

/** Hand-built pages of every kind, as the site planner would produce them. */

export function config(overrides: Record<string, unknown> = {}): SiteConfig {
  return siteConfigSchema.parse({
    title: 'Field Notes',
    description: 'Notes on distributed systems.',
    url: 'https://example.com',
    basePath: '/blog/',
    language: 'en-GB',
    author: { name: 'Ada Example', url: 'https://example.com/about' },
    ...overrides,
  });
}

export const assets: ThemeAssets = { css: ['/blog/assets/theme-abc123.css'], js: [], files: [] };

export function summary(slug: string, overrides: Partial<PostSummary> = {}): PostSummary {
  return {
    slug,
    title: `Post ${slug}`,
    description: `About ${slug}.`,
    date: '2024-02-05' as PlainDate,
    tags: [{ name: 'Kafka', slug: 'kafka' }],
    featured: false,
    draft: false,
    scheduled: false,
    readingMinutes: 4,
    words: 900,
    excerpt: `Excerpt of ${slug}.`,
    url: `/blog/posts/${slug}/`,
    source: `content/${slug}.md`,
    ...overrides,
  };
}

export function postPage(post: PostSummary = summary('idempotent-consumers'), extra: Partial<Extract<Page['data'], { kind: 'post' }>> = {}): Page {
  return {
    url: post.url,
    file: `posts/${post.slug}/index.html`,
    template: 'post',
    title: post.title,
    description: post.description,
    origin: post.source,
    data: {
      kind: 'post',
      post,
      toc: [
        { depth: 2, id: 'why', text: 'Why' },
        { depth: 2, id: 'how', text: 'How' },
        { depth: 3, id: 'details', text: 'Details' },
      ],
      previous: summary('older', { title: 'An older post' }),
      next: summary('newer', { title: 'A newer post' }),
      related: [summary('related-one'), summary('related-two')],
      ...extra,
    },
  };
}

export function homePage(): Page {
  return {
    url: '/blog/',
    file: 'index.html',
    template: 'list',
    title: 'Field Notes',
    description: 'Notes on distributed systems.',
    origin: 'home',
    data: {
      kind: 'home',
      posts: [summary('first', { featured: true }), summary('second', { description: '' })],
      pagination: { page: 1, pages: 3, nextUrl: '/blog/page/2/' },
    },
  };
}

export function tagPage(): Page {
  return {
    url: '/blog/tags/kafka/page/2/',
    file: 'tags/kafka/page/2/index.html',
    template: 'list',
    title: 'Posts tagged Kafka',
    description: 'Posts tagged Kafka.',
    origin: 'tag kafka',
    data: {
      kind: 'tag',
      posts: [summary('third')],
      pagination: { page: 2, pages: 2, previousUrl: '/blog/tags/kafka/' },
      tag: { name: 'Kafka', slug: 'kafka', count: 11, url: '/blog/tags/kafka/', feedUrl: '/blog/tags/kafka/feed.xml' },
    },
  };
}

export function tagsPage(): Page {
  return {
    url: '/blog/tags/',
    file: 'tags/index.html',
    template: 'tags',
    title: 'Tags',
    description: 'Every tag.',
    origin: 'tags',
    data: {
      kind: 'tags',
      tags: [
        { name: 'Kafka', slug: 'kafka', count: 11, url: '/blog/tags/kafka/' },
        { name: 'Patterns', slug: 'patterns', count: 1, url: '/blog/tags/patterns/' },
      ],
    },
  };
}

export function archivePage(): Page {
  return {
    url: '/blog/archive/',
    file: 'archive/index.html',
    template: 'archive',
    title: 'Archive',
    description: 'Every post by year.',
    origin: 'archive',
    data: {
      kind: 'archive',
      years: [
        { year: '2024', posts: [summary('a'), summary('b')] },
        { year: '2023', posts: [summary('c', { date: '2023-12-31' as PlainDate })] },
      ],
    },
  };
}

export function notFoundPage(): Page {
  return {
    url: '/blog/404.html',
    file: '404.html',
    template: '404',
    title: 'Page not found',
    description: 'There is no page at this address.',
    origin: '404',
    data: { kind: 'not-found' },
  };
}

export function featuredPage(): Page {
  return {
    url: '/blog/featured/',
    file: 'featured/index.html',
    template: 'list',
    title: 'Featured posts',
    description: 'Posts picked out by the author.',
    origin: 'featured',
    data: { kind: 'featured', posts: [summary('first', { featured: true })], pagination: { page: 1, pages: 1 } },
  };
}

export const BODY_HTML =
  '<p>Consumers see each message <a href="https://example.com/a/very/long/url/that/keeps/going/and/going">at least once</a>.</p>\n' +
  '<h2 id="why">Why</h2>\n<p>Because networks fail.</p>\n' +
  '<pre><code class="hljs language-js"><span class="hljs-keyword">const</span> seen = <span class="hljs-keyword">new</span> <span class="hljs-title class_">Set</span>(); <span class="hljs-comment">// a long comment that goes on and on past the edge of a narrow phone screen</span>\n<span class="hljs-keyword">if</span> (seen.<span class="hljs-title function_">has</span>(id)) <span class="hljs-keyword">return</span> <span class="hljs-string">"duplicate"</span>;</code></pre>\n' +
  '<h2 id="how">How</h2>\n<table><thead><tr><th>Strategy</th><th>Cost</th><th>Notes</th></tr></thead><tbody><tr><td>Dedup table</td><td><code>O(1)</code></td><td>Needs a transaction spanning the handler and the insert of the message id</td></tr></tbody></table>\n' +
  '<h3 id="details">Details</h3>\n<blockquote><p>Exactly once is a property of the whole system.</p></blockquote>\n<ul><li>One</li><li>Two</li></ul>\n';

/** Every page kind but the post page, by name, for tests that go through each. */
export function otherPageKinds(): Array<[string, () => Page]> {
  return [
    ['home', homePage],
    ['tag', tagPage],
    ['featured', featuredPage],
    ['tags', tagsPage],
    ['archive', archivePage],
    ['not-found', notFoundPage],
  ];
}
