import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/index.js';
import { siteConfigSchema } from '../../../src/config/schema.js';
import { planSite } from '../../../src/site/index.js';
import { postRoute, routeFolder } from '../../../src/site/post-urls.js';
import { resolveSourceLink } from '../../../src/site/source-links.js';
import { routeFile } from '../../../src/site/urls.js';
import {
  expandPermalink, formatUrlPath, isSourceLink, normalizePostUrl, parseUrlPath, permalinkMatcher, permalinkPatternProblem, sitePath,
} from '../../../src/url-path.js';
import { config, post, publishedOnly } from './posts.js';

const normal = (raw: string): string | undefined => {
  const parsed = parseUrlPath(raw);
  return parsed.ok ? formatUrlPath(parsed.value) : undefined;
};

describe('URL paths as authors write them', () => {
  it('adds the leading slash, a folder page\'s trailing slash, collapses doubled slashes and decodes escapes', () => {
    for (const [raw, expected] of [
      ['2024/11/07/gsoc-2024-results', '/2024/11/07/gsoc-2024-results/'],
      ['/a/b/', '/a/b/'],
      ['/a//b', '/a/b/'],
      ['/old/page.html', '/old/page.html'],
      ['/old/page.HTM', '/old/page.HTM'],
      ['/notes.v2', '/notes.v2/'],
      ['/caf%C3%A9/', '/café/'],
      ['/', '/'],
    ]) expect(normal(raw!), raw).toBe(expected);
    expect(parseUrlPath('/old/page.html').ok && parseUrlPath('/old/page.html')).toMatchObject({ value: { kind: 'file', segments: ['old', 'page.html'] } });
  });

  it('refuses URLs that leave the site or are malformed, with a reason and a hint', () => {
    for (const [raw, reason] of [
      ['https://other.example/x/', /another origin/],
      ['//other.example/x/', /another origin/],
      ['mailto:a@b.c', /scheme/],
      ['/a/?x=1', /query or a fragment/],
      ['/a/#top', /query or a fragment/],
      ['/a/../../etc/', /"\.\." segment/],
      ['/a/%2e%2e/b/', /"\.\." segment/],
      ['/a\\b/', /backslash/],
      ['/a%ZZ/', /malformed %-escape/],
      ['/a%2Fb/', /separator/],
      ['/my post/', /space/],
      ['', /empty/],
    ] as const) {
      const parsed = parseUrlPath(raw);
      expect(parsed.ok, raw).toBe(false);
      if (!parsed.ok) {
        expect(parsed.problem, raw).toMatch(reason);
        expect(parsed.hint.length, raw).toBeGreaterThan(10);
      }
    }
  });
});

describe('full URLs on the site', () => {
  const site = { url: 'https://blog.example', basePath: '/blog/' };
  const path = (stored: string): string | undefined => {
    const parsed = sitePath(stored, site);
    return parsed.ok ? formatUrlPath(parsed.value) : undefined;
  };

  it('lose the site\'s origin and base path', () => {
    const kept = normalizePostUrl('https://blog.example/blog/2024//caf%C3%A9');
    expect(kept).toEqual({ ok: true, value: 'https://blog.example/blog/2024/café/' });
    expect(path(kept.ok ? kept.value : '')).toBe('/2024/café/');
    expect(path('https://blog.example/blog/old.html')).toBe('/old.html');
    expect(path('/2024/a/')).toBe('/2024/a/');
  });

  it('on another origin or outside the base path are refused, saying why', () => {
    const other = sitePath('https://elsewhere.example/blog/a/', site);
    expect(!other.ok && other.problem).toMatch(/not on the site's origin https:\/\/blog\.example/);
    const outside = sitePath('https://blog.example/a/', site);
    expect(!outside.ok && outside.problem).toMatch(/not under the base path \/blog\//);
    const { diagnostics } = planSite([post('a', '2024-01-02', { url: 'https://elsewhere.example/a/', aliases: ['https://example.com/old/'] })], config(), publishedOnly);
    expect(diagnostics.map((d) => `${d.code} ${d.file}`)).toEqual(['invalid-url content/a.md']);
  });
});

describe('the permalink pattern', () => {
  const values = { slug: 'my-post', date: '2024-03-07', section: 'blog/notes' };

  it('fills in zero-padded date parts, the slug and the section', () => {
    expect(formatUrlPath(expandPermalink('/:year/:month/:day/:slug/', values))).toBe('/2024/03/07/my-post/');
    expect(formatUrlPath(expandPermalink('/blog/:slug/', values))).toBe('/blog/my-post/');
    expect(formatUrlPath(expandPermalink('/:section/:slug/', values))).toBe('/blog/notes/my-post/');
    expect(formatUrlPath(expandPermalink('/:section/:slug/', { ...values, section: '' }))).toBe('/my-post/');
    expect(formatUrlPath(expandPermalink('/:year/:month/:day/:slug.html', values))).toBe('/2024/03/07/my-post.html');
    expect(expandPermalink('/:year/:slug.html', values).kind).toBe('file');
    const jekyll = '/:categories/:year/:month/:day/:slug.html';
    expect(formatUrlPath(expandPermalink(jekyll, { ...values, categories: ['jekyll', 'update'] }))).toBe('/jekyll/update/2024/03/07/my-post.html');
    expect(formatUrlPath(expandPermalink(jekyll, values))).toBe('/2024/03/07/my-post.html');
    expect(permalinkMatcher(jekyll, 'gone')('jekyll/update/2024/03/07/gone.html')).toBe(true);
  });

  it('accepts the default and common patterns, refuses the rest with a hint', () => {
    for (const ok of ['/posts/:slug/', '/:year/:month/:day/:slug/', '/blog/:slug/', '/:year/:month/:day/:slug.html', '/:section/:slug/']) {
      expect(permalinkPatternProblem(ok), ok).toBeUndefined();
    }
    for (const [bad, reason] of [
      ['posts/:slug/', /does not start with "\/"/],
      ['/:year/:title/', /unknown token ":title"/],
      ['/:year/:month/', /no ":slug"/],
      ['/:slugs/', /unknown token/],
      ['/a/../:slug/', /not a usable path/],
      ['/:slug/?x', /not a usable path/],
    ] as const) {
      const problem = permalinkPatternProblem(bad);
      expect(problem?.problem, bad).toMatch(reason);
      expect(problem?.hint, bad).toContain(':slug');
    }
    expect(siteConfigSchema.safeParse({ permalink: '/:year/:title/' }).success).toBe(false);
    const { diagnostics } = validateConfig({ permalink: '/:year/:title/' }, { text: "export default {\n  permalink: '/:year/:title/',\n}" });
    expect(diagnostics[0]).toMatchObject({ code: 'config-invalid', line: 2 });
    expect(diagnostics[0]?.message).toMatch(/":title" is ":slug" here/);
    expect(diagnostics[0]?.hint).toContain(':categories');
    expect(siteConfigSchema.parse({}).permalink).toBe('/posts/:slug/');
  });

  it('matches a left-out post\'s paths whatever its date and section', () => {
    const match = permalinkMatcher('/:year/:month/:day/:slug/', 'gone');
    expect(match('2023/13/01/gone/index.html')).toBe(true);
    expect(match('2023/01/01/gone/chart.svg')).toBe(true);
    expect(match('2023/01/01/other/index.html')).toBe(false);
    expect(match('2023/01/01/gone-too/index.html')).toBe(false);
    const sectioned = permalinkMatcher('/:section/:slug/', 'gone');
    expect(sectioned('gone/index.html')).toBe(true);
    expect(sectioned('blog/a/gone/index.html')).toBe(true);
    expect(permalinkMatcher('/:year/:slug.html', 'gone')('2024/gone.html')).toBe(true);
  });
});

describe('post routes', () => {
  it('use the post\'s own URL, else the pattern; assets go in the page\'s folder', () => {
    const site = config({ permalink: '/:year/:slug/' });
    const own = postRoute({ slug: 'a', date: '2024-01-02' as never, url: '/custom/place.html' }, site);
    expect(routeFile(own)).toBe('custom/place.html');
    expect(routeFolder(own)).toBe('custom/');
    const patterned = postRoute({ slug: 'a', date: '2024-01-02' as never }, site);
    expect(routeFile(patterned)).toBe('2024/a/index.html');
    expect(routeFolder(patterned)).toBe('2024/a/');
    expect(routeFolder(postRoute({ slug: 'a', date: '2024-01-02' as never, url: '/top.html' }, site))).toBe('');
  });

  it('give under the default pattern the route the pattern expands to, whatever the slug', () => {
    const site = config();
    for (const slug of ['a', 'kafka-at-scale-1040', 'x.html', 'v1.2', '_x~', '.', '..', '...', '東京', 'a b', 'a%2Fb', 'a/b', 'UPPER', '']) {
      const values = { slug, date: '2024-01-02', section: '' };
      expect(postRoute({ slug, date: '2024-01-02' as never }, site), JSON.stringify(slug)).toEqual(expandPermalink('/posts/:slug/', values));
      expect(postRoute({ slug, date: '2024-01-02' as never, section: 'notes' }, site), JSON.stringify(slug)).toEqual(expandPermalink('/posts/:slug/', { ...values, section: 'notes' }));
    }
  });

  it('the default pattern plans exactly the paths posts always had', () => {
    const { value } = planSite([post('a', '2024-01-02', { assets: [{ relPath: 'x.png', absPath: '/x.png' }] })], config(), publishedOnly);
    expect(value.pages.find((p) => p.data.kind === 'post')?.file).toBe('posts/a/index.html');
    expect(value.pages.find((p) => p.data.kind === 'post')?.url).toBe('/posts/a/');
    expect(value.assets.map((a) => a.file)).toEqual(['posts/a/x.png']);
  });

  it('a URL taken twice is a route conflict naming both post files', () => {
    const { diagnostics } = planSite(
      [post('a', '2024-01-02', { url: '/same/' }), post('b', '2024-01-03', { aliases: ['/same/'] }), post('c', '2024-01-04', { url: '/tags/' })],
      config(),
      publishedOnly,
    );
    const messages = diagnostics.map((d) => `${d.code} ${d.file}: ${d.message}`);
    expect(messages).toContainEqual(expect.stringMatching(/^route-conflict content\/b\.md: content\/b\.md and content\/a\.md both claim the output path "same\/index\.html"/));
    expect(messages).toContainEqual(expect.stringMatching(/^route-conflict content\/c\.md: content\/c\.md and the tag index both claim/));
  });

  it('old URLs become redirect files to the post, kept out of the sitemap', () => {
    const { value } = planSite([post('a', '2024-01-02', { aliases: ['/old/a.html', '/older/a/'] })], config({ basePath: '/blog/' }), publishedOnly);
    const redirects = value.files.filter((f) => f.kind === 'redirect');
    expect(redirects.map((r) => [r.file, r.target, r.canonical])).toEqual([
      ['old/a.html', '/blog/posts/a/', 'https://example.com/blog/posts/a/'],
      ['older/a/index.html', '/blog/posts/a/', 'https://example.com/blog/posts/a/'],
    ]);
    const sitemap = value.files.find((f) => f.kind === 'sitemap')!;
    expect(sitemap.urls!.map((u) => u.url).filter((u) => u.includes('old'))).toEqual([]);
    expect(value.files.some((f) => f.file === '_redirects')).toBe(false);
    const withFile = planSite([post('a', '2024-01-02', { aliases: ['/old/a.html'] })], config({ redirectsFile: true }), publishedOnly).value;
    expect(withFile.files.find((f) => f.file === '_redirects')?.redirects).toEqual([{ from: '/old/a.html', to: '/posts/a/' }]);
  });
});

describe('links to source files', () => {
  const bySource = new Map([
    ['content/blog/b.md', '/2024/b/'],
    ['content/blog/bundle/index.md', '/bundle/'],
  ]);

  it('recognises Zola\'s @/ links and relative .md links only', () => {
    for (const yes of ['@/blog/b.md', '@/blog/b.md#x', '../b.md', './bundle/index.md#top', 'b.markdown']) expect(isSourceLink(yes), yes).toBe(true);
    for (const no of ['/blog/b.md', 'https://x.example/a.md', '#b.md', 'b.html', 'readme.md.txt']) expect(isSourceLink(no), no).toBe(false);
  });

  it('resolves against the content folder or the linking file, keeping the anchor', () => {
    expect(resolveSourceLink(bySource, 'content', 'content/blog/a.md', '@/blog/b.md#sec')).toBe('/2024/b/#sec');
    expect(resolveSourceLink(bySource, 'content', 'content/blog/a.md', 'b.md')).toBe('/2024/b/');
    expect(resolveSourceLink(bySource, 'content', 'content/blog/a.md', './bundle/index.md')).toBe('/bundle/');
    expect(resolveSourceLink(bySource, 'content', 'content/blog/bundle/index.md', '../b.md')).toBe('/2024/b/');
    expect(resolveSourceLink(bySource, 'content', 'content/blog/a.md', '@/blog/missing.md')).toBeUndefined();
  });
});
