import { describe, expect, it } from 'vitest';
import { planSite } from '../../../src/site/index.js';
import { fileRoute, pageRoute, routeUrl } from '../../../src/site/urls.js';
import type { ListPageData, Page, PostPageData, SitePlan } from '../../../src/site/types.js';
import { config, post, publishedOnly, today } from './posts.js';

function page(plan: SitePlan, file: string): Page {
  const found = plan.pages.find((p) => p.file === file);
  if (!found) throw new Error(`no page ${file}; have ${plan.pages.map((p) => p.file).join(', ')}`);
  return found;
}

function list(plan: SitePlan, file: string): ListPageData {
  return page(plan, file).data as ListPageData;
}

function posts(n: number) {
  // Day n of January 2024, so post-1 is the oldest.
  return Array.from({ length: n }, (_, i) => post(`post-${i + 1}`, `2024-01-${String(i + 1).padStart(2, '0')}`));
}

describe('pagination', () => {
  it('keeps an empty home page 1 when there are no posts', () => {
    const { value, diagnostics } = planSite([], config({ postsPerPage: 2 }), publishedOnly);
    expect(diagnostics).toEqual([]);
    const home = list(value, 'index.html');
    expect(home.posts).toEqual([]);
    expect(home.pagination).toEqual({ page: 1, pages: 1 });
    expect(value.pages.map((p) => p.file).sort()).toEqual(
      ['404.html', 'archive/index.html', 'featured/index.html', 'index.html', 'search/index.html', 'tags/index.html'].sort(),
    );
  });

  it('fits exactly postsPerPage posts on one page', () => {
    const { value } = planSite(posts(2), config({ postsPerPage: 2 }), publishedOnly);
    expect(list(value, 'index.html').posts.map((p) => p.slug)).toEqual(['post-2', 'post-1']);
    expect(list(value, 'index.html').pagination).toEqual({ page: 1, pages: 1 });
    expect(value.pages.some((p) => p.file.startsWith('page/'))).toBe(false);
  });

  it('puts post postsPerPage+1 on /page/2/ and never makes /page/1/', () => {
    const { value } = planSite(posts(3), config({ postsPerPage: 2, basePath: '/blog/' }), publishedOnly);
    const first = list(value, 'index.html');
    const second = page(value, 'page/2/index.html');
    expect(first.pagination).toEqual({ page: 1, pages: 2, nextUrl: '/blog/page/2/' });
    expect(second.url).toBe('/blog/page/2/');
    expect((second.data as ListPageData).posts.map((p) => p.slug)).toEqual(['post-1']);
    expect((second.data as ListPageData).pagination).toEqual({ page: 2, pages: 2, previousUrl: '/blog/' });
    expect(value.pages.some((p) => p.file.startsWith('page/1/'))).toBe(false);
  });
});

describe('urls', () => {
  it('percent-encodes each segment of a route as encodeURIComponent does', () => {
    const segments = ['posts', 'a-b_c.d~e', 'A9', '東京', 'a b', "it's", '(x)!*', '100%', 'a%2Fb', '', '?#&=+', 'é'];
    for (const a of segments) {
      for (const b of segments) {
        const expected = [a, b].map(encodeURIComponent).join('/');
        expect(routeUrl({ basePath: '/blog/' }, fileRoute(a, b))).toBe(`/blog/${expected}`);
        expect(routeUrl({ basePath: '/' }, pageRoute(a, b))).toBe(expected === '' ? '/' : `/${expected}/`);
      }
    }
  });

  it('puts the base path in every URL and never in a file path', () => {
    const { value } = planSite(
      [post('kafka', '2024-01-01', { tags: ['Streams'], featured: true })],
      config({ basePath: '/blog/' }),
      publishedOnly,
    );
    const byFile = Object.fromEntries(value.pages.map((p) => [p.file, p.url]));
    expect(byFile).toEqual({
      'index.html': '/blog/',
      'tags/index.html': '/blog/tags/',
      'featured/index.html': '/blog/featured/',
      'archive/index.html': '/blog/archive/',
      'search/index.html': '/blog/search/',
      '404.html': '/blog/404.html',
      'posts/kafka/index.html': '/blog/posts/kafka/',
      'tags/streams/index.html': '/blog/tags/streams/',
    });
    const tag = list(value, 'tags/streams/index.html').tag;
    expect(tag).toEqual({ name: 'Streams', slug: 'streams', count: 1, url: '/blog/tags/streams/', feedUrl: '/blog/tags/streams/feed.xml' });
    const sitemap = value.files.find((f) => f.kind === 'sitemap')!;
    expect(sitemap.file).toBe('sitemap.xml');
    expect(sitemap.urls!.map((u) => u.url).sort()).toEqual(
      [
        'https://example.com/blog/',
        'https://example.com/blog/archive/',
        'https://example.com/blog/featured/',
        'https://example.com/blog/posts/kafka/',
        'https://example.com/blog/search/',
        'https://example.com/blog/tags/',
        'https://example.com/blog/tags/streams/',
      ].sort(),
    );
    expect(value.files.map((f) => f.file).sort()).toEqual(
      ['atom.xml', 'feed.json', 'feed.xml', 'robots.txt', 'sitemap.xml', 'tags/streams/feed.xml'].sort(),
    );
    const feed = value.files.find((f) => f.file === 'feed.xml')!;
    expect(feed.homeUrl).toBe('https://example.com/blog/');
    expect(feed.selfUrl).toBe('https://example.com/blog/feed.xml');
  });

  it('percent-encodes non-ASCII slugs in URLs and keeps them raw in file paths', () => {
    const { value } = planSite([post('東京', '2024-01-01')], config(), publishedOnly);
    const p = page(value, 'posts/東京/index.html');
    expect(p.url).toBe('/posts/%E6%9D%B1%E4%BA%AC/');
  });
});

describe('tags', () => {
  it('makes one page per tag slug and sorts the index by name, ignoring case and accents', () => {
    const { value } = planSite(
      [
        post('a', '2024-01-03', { tags: ['zeta', { name: 'Émile', slug: 'emile' }, 'alpha'] }),
        post('b', '2024-01-02', { tags: ['Beta', 'Alpha'] }),
        post('c', '2024-01-01', { tags: ['Alpha'] }),
      ],
      config(),
      publishedOnly,
    );
    const index = page(value, 'tags/index.html').data;
    if (index.kind !== 'tags') throw new Error('not the tag index');
    // "Alpha" is written so by two posts and "alpha" by one: the common spelling is shown.
    expect(index.tags.map((t) => [t.name, t.count, t.url])).toEqual([
      ['Alpha', 3, '/tags/alpha/'],
      ['Beta', 1, '/tags/beta/'],
      ['Émile', 1, '/tags/emile/'],
      ['zeta', 1, '/tags/zeta/'],
    ]);
    expect(value.pages.filter((p) => p.file.startsWith('tags/alpha/'))).toHaveLength(1);
    expect(list(value, 'tags/alpha/index.html').posts.map((p) => p.slug)).toEqual(['a', 'b', 'c']);
  });

  it('paginates tag pages under /tags/<slug>/page/N/', () => {
    const many = posts(3).map((p) => ({ ...p, tags: [{ name: 'page', slug: 'page' }] }));
    const { value, diagnostics } = planSite(many, config({ postsPerPage: 2 }), publishedOnly);
    expect(diagnostics).toEqual([]);
    expect(list(value, 'tags/page/index.html').pagination.nextUrl).toBe('/tags/page/page/2/');
    expect(list(value, 'tags/page/page/2/index.html').posts.map((p) => p.slug)).toEqual(['post-1']);
  });
});

describe('drafts and scheduled posts', () => {
  const input = [
    post('live', '2024-06-15', { tags: ['shared'], dateTime: '2024-06-15T23:30:00+02:00' }),
    post('older', '2024-01-01', { tags: ['shared'] }),
    post('secret-draft', '2024-03-01', { draft: true, featured: true, tags: ['shared', 'draftonly'] }),
    post('secret-future', '2024-06-16', { featured: true, tags: ['shared', 'futureonly'] }),
  ];

  it('leaves them out of every page, list, count, feed and the sitemap, and names them', () => {
    const { value } = planSite(input, config(), publishedOnly);
    expect(value.excluded).toEqual({ drafts: ['content/secret-draft.md'], scheduled: ['content/secret-future.md'] });
    const { excluded: _excluded, ...rest } = value;
    const everything = JSON.stringify(rest);
    for (const hidden of ['secret-draft', 'secret-future', 'draftonly', 'futureonly']) expect(everything).not.toContain(hidden);
    expect(list(value, 'tags/shared/index.html').tag!.count).toBe(2);
    expect(list(value, 'featured/index.html').posts).toEqual([]);
    const live = page(value, 'posts/live/index.html').data as PostPageData;
    expect(live.previous?.slug).toBe('older');
    expect(live.related.map((p) => p.slug)).toEqual(['older']);
  });

  it('includes them with --drafts and --future, marking scheduled posts', () => {
    const { value } = planSite(input, config(), { drafts: true, future: true, today });
    expect(value.excluded).toEqual({ drafts: [], scheduled: [] });
    expect(list(value, 'index.html').posts.map((p) => [p.slug, p.scheduled, p.draft])).toEqual([
      ['secret-future', true, false],
      ['live', false, false],
      ['secret-draft', false, true],
      ['older', false, false],
    ]);
    expect(list(value, 'tags/shared/index.html').tag!.count).toBe(4);
    expect(value.files.find((f) => f.file === 'feed.xml')!.posts).toHaveLength(4);
    expect(value.pages.some((p) => p.file === 'tags/futureonly/index.html')).toBe(true);
  });

  it('--drafts alone still leaves out a scheduled draft, as scheduled', () => {
    const { value } = planSite([post('x', '2025-01-01', { draft: true })], config(), { drafts: true, future: false, today });
    expect(value.excluded).toEqual({ drafts: [], scheduled: ['content/x.md'] });
  });
});

describe('post pages', () => {
  it('links chronological neighbours: previous is older, next is newer', () => {
    const { value } = planSite(posts(3), config(), publishedOnly);
    const middle = page(value, 'posts/post-2/index.html').data as PostPageData;
    expect(middle.previous?.slug).toBe('post-1');
    expect(middle.next?.slug).toBe('post-3');
    const newest = page(value, 'posts/post-3/index.html').data as PostPageData;
    expect(newest.next).toBeUndefined();
    expect((page(value, 'posts/post-1/index.html').data as PostPageData).previous).toBeUndefined();
  });

  it('orders same-day posts by slug', () => {
    const { value } = planSite([post('b', '2024-01-01'), post('c', '2024-01-02'), post('a', '2024-01-01')], config(), publishedOnly);
    expect(list(value, 'index.html').posts.map((p) => p.slug)).toEqual(['c', 'a', 'b']);
  });

  it('falls back to the excerpt when a post has no description', () => {
    const { value } = planSite([post('a', '2024-01-01', { description: '' })], config(), publishedOnly);
    const p = page(value, 'posts/a/index.html');
    expect(p.description).toBe('Excerpt of a.');
    expect((p.data as PostPageData).post.description).toBe('Excerpt of a.');
  });

  it('gives sitemap lastmod as the updated date, else the date', () => {
    const { value } = planSite(
      [post('a', '2024-01-01', { updated: '2024-02-02' as never }), post('b', '2024-01-03')],
      config(),
      publishedOnly,
    );
    const urls = value.files.find((f) => f.kind === 'sitemap')!.urls!;
    expect(urls.find((u) => u.url.endsWith('/posts/a/'))!.lastmod).toBe('2024-02-02');
    expect(urls.find((u) => u.url.endsWith('/posts/b/'))!.lastmod).toBe('2024-01-03');
    expect(urls.some((u) => u.url.endsWith('404.html'))).toBe(false);
  });
});

describe('featured and archive', () => {
  it('highlights featured posts on home page 1 only and lists them on /featured/', () => {
    const input = posts(3).map((p, i) => ({ ...p, featured: i !== 1 }));
    const { value } = planSite(input, config({ postsPerPage: 2 }), publishedOnly);
    expect(list(value, 'index.html').featured!.map((p) => p.slug)).toEqual(['post-3', 'post-1']);
    expect(list(value, 'page/2/index.html').featured).toBeUndefined();
    expect(list(value, 'featured/index.html').posts.map((p) => p.slug)).toEqual(['post-3', 'post-1']);
  });

  it('groups the archive by year, newest first', () => {
    const { value } = planSite(
      [post('a', '2022-05-01'), post('b', '2024-01-01'), post('c', '2022-12-31'), post('d', '2023-07-07')],
      config(),
      publishedOnly,
    );
    const archive = page(value, 'archive/index.html').data;
    if (archive.kind !== 'archive') throw new Error('not the archive');
    expect(archive.years.map((y) => [y.year, y.posts.map((p) => p.slug)])).toEqual([
      ['2024', ['b']],
      ['2023', ['d']],
      ['2022', ['c', 'a']],
    ]);
  });
});

describe('feeds in the plan', () => {
  it('cuts feeds to feedLength, newest first, and gives each tag a feed of its own posts', () => {
    const input = posts(5).map((p, i) => ({ ...p, tags: i % 2 === 0 ? [{ name: 'Even', slug: 'even' }] : [] }));
    const { value } = planSite(input, config({ feedLength: 2 }), publishedOnly);
    for (const file of ['feed.xml', 'atom.xml', 'feed.json']) {
      expect(value.files.find((f) => f.file === file)!.posts.map((p) => p.slug)).toEqual(['post-5', 'post-4']);
    }
    const tagFeed = value.files.find((f) => f.file === 'tags/even/feed.xml')!;
    expect(tagFeed.kind).toBe('rss');
    expect(tagFeed.tag).toEqual({ name: 'Even', slug: 'even' });
    expect(tagFeed.posts.map((p) => p.slug)).toEqual(['post-5', 'post-3']);
    expect(tagFeed.homeUrl).toBe('https://example.com/tags/even/');
    expect(tagFeed.updated).toBe('2024-01-05');
  });
});

describe('assets', () => {
  it('publishes bundle assets beside the post page', () => {
    const { value } = planSite(
      [post('b', '2024-01-01', { assets: [{ relPath: 'img/chart.png', absPath: '/site/content/b/img/chart.png' }] })],
      config(),
      publishedOnly,
    );
    expect(value.assets).toEqual([{ file: 'posts/b/img/chart.png', from: '/site/content/b/img/chart.png', origin: 'content/b.md' }]);
  });
});

describe('determinism', () => {
  it('plans the same site whatever order posts arrive in', () => {
    const input = posts(7).map((p, i) => ({ ...p, tags: [{ name: `t${i % 3}`, slug: `t${i % 3}` }], featured: i % 2 === 0 }));
    const a = planSite(input, config({ postsPerPage: 3 }), publishedOnly);
    const b = planSite([...input].reverse(), config({ postsPerPage: 3 }), publishedOnly);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });
});

describe('author pages', () => {
  const authored = () => [
    post('by-ada', '2024-01-03', { authors: ['Ada Lovelace'] }),
    post('by-both', '2024-01-02', { authors: ['Ada Lovelace', 'Grace Hopper'] }),
    post('by-site', '2024-01-01'),
  ];

  it('are made for every author, the site author included, when posts have more than one author', () => {
    const { value, diagnostics } = planSite(authored(), config({ postsPerPage: 10 }), publishedOnly);
    expect(diagnostics).toEqual([]);
    const files = value.pages.map((p) => p.file).filter((f) => f.startsWith('authors/')).sort();
    const site = config().author.name.toLowerCase().replace(/\s+/g, '-');
    expect(files).toEqual(['authors/ada-lovelace/index.html', 'authors/grace-hopper/index.html', `authors/${site}/index.html`].sort());
    const ada = list(value, 'authors/ada-lovelace/index.html');
    expect(ada.kind).toBe('author');
    expect(ada.author).toMatchObject({ name: 'Ada Lovelace', count: 2 });
    expect(ada.posts.map((p) => p.slug)).toEqual(['by-ada', 'by-both']);
    expect(list(value, `authors/${site}/index.html`).posts.map((p) => p.slug)).toEqual(['by-site']);
    const both = (page(value, 'posts/by-both/index.html').data as PostPageData).post;
    expect(both.authorUrls).toEqual(['/authors/ada-lovelace/', '/authors/grace-hopper/']);
  });

  it('are not made on a one-author blog, whose posts link no author page', () => {
    const { value } = planSite([post('a', '2024-01-02', { authors: ['Ada'] }), post('b', '2024-01-01', { authors: ['Ada'] })], config(), publishedOnly);
    expect(value.pages.some((p) => p.file.startsWith('authors/'))).toBe(false);
    expect((page(value, 'posts/a/index.html').data as PostPageData).post.authorUrls).toBeUndefined();
  });
});
