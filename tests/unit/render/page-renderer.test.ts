import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { PlainDate } from '../../../src/content/types.js';
import { createPageRenderer, type PageRenderer } from '../../../src/render/index.js';
import { readTemplateFiles } from '../../../src/render/template-files.js';
import type { ListPageData, Page } from '../../../src/site/types.js';
import * as fx from './pages.js';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const temps: string[] = [];

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function repoRenderer(config = fx.config()): PageRenderer {
  const { value, diagnostics } = createPageRenderer({ root: repo, templatesDir: join(repo, 'templates'), config, assets: fx.assets });
  expect(diagnostics).toEqual([]);
  return value!;
}

function render(page: Page, body = fx.BODY_HTML, renderer = repoRenderer()): string {
  const { value, diagnostics } = renderer.render(page, body);
  expect(diagnostics).toEqual([]);
  return value;
}

/** A copy of the default templates in a temporary project, with `edit` applied to one file. */
function editedTemplates(file: string, edit: (source: string) => string): string {
  const root = mkdtempSync(join(tmpdir(), 'hashmark-templates-'));
  temps.push(root);
  cpSync(join(repo, 'templates'), join(root, 'templates'), { recursive: true });
  const path = join(root, 'templates', file);
  writeFileSync(path, edit(readFileSync(path, 'utf8')));
  return root;
}

function lineOf(source: string, needle: string): number {
  const index = source.indexOf(needle);
  if (index < 0) throw new Error(`${needle} not in template`);
  return source.slice(0, index).split('\n').length;
}

function attr(html: string, selector: RegExp): string | undefined {
  return selector.exec(html)?.[1];
}

const allPages: Array<[string, () => Page]> = [
  ['post', () => fx.postPage()],
  ...fx.otherPageKinds(),
];

describe('every page kind', () => {
  it.each(allPages)('renders a complete %s page with the head every page needs', (_kind, make) => {
    const page = make();
    const html = render(page);
    expect(html.startsWith('<!doctype html>\n<html lang="en-GB">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain(`<link rel="canonical" href="https://example.com${page.url}">`);
    expect(html).toContain(`<meta property="og:url" content="https://example.com${page.url}">`);
    expect(html).toContain('<meta property="og:site_name" content="Field Notes">');
    expect(html).toMatch(/<meta property="og:title" content="[^"]+">/);
    expect(html).toMatch(/<meta property="og:description" content="[^"]+">/);
    expect(html).toMatch(/<meta name="description" content="[^"]+">/);
    expect(html).toContain('<link rel="alternate" type="application/rss+xml" title="Field Notes (RSS)" href="/blog/feed.xml">');
    expect(html).toContain('<link rel="alternate" type="application/atom+xml" title="Field Notes (Atom)" href="/blog/atom.xml">');
    expect(html).toContain('<link rel="alternate" type="application/feed+json" title="Field Notes (JSON Feed)" href="/blog/feed.json">');
    expect(html).toContain('<link rel="icon" href="/blog/favicon.svg" type="image/svg+xml">');
    expect(html).toContain('<link rel="stylesheet" href="/blog/assets/theme-abc123.css">');
    expect(html.match(/<h1[\s>]/g)).toHaveLength(1);
    for (const landmark of ['<header class="site-header">', '<nav class="site-nav" aria-label="Main">', '<main id="hm-main"', '<footer class="site-footer">']) {
      expect(html).toContain(landmark);
    }
  });

  it.each(allPages)('makes the skip link the first link of the %s page, pointing at main', (_kind, make) => {
    const html = render(make());
    const body = html.slice(html.indexOf('<body>'));
    expect(/<a [^>]*>/.exec(body)?.[0]).toBe('<a class="skip-link" href="#hm-main">');
  });

  it('titles a page "page title — site title", and the home page by the site title alone', () => {
    expect(render(fx.tagsPage())).toContain('<title>Tags — Field Notes</title>');
    expect(render(fx.homePage())).toContain('<title>Field Notes</title>');
  });

  it('marks the current section in the main navigation', () => {
    expect(render(fx.tagsPage())).toContain('<a href="/blog/tags/" aria-current="page">Tags</a>');
    expect(render(fx.archivePage())).toContain('<a href="/blog/archive/" aria-current="page">Archive</a>');
    expect(render(fx.archivePage())).toContain('<a href="/blog/tags/">Tags</a>');
  });
});

describe('post pages', () => {
  it('shows the date, reading time, tags, contents, neighbours and related posts around the raw body', () => {
    const html = render(fx.postPage(fx.summary('p', { updated: '2024-03-01' as PlainDate })));
    expect(html).toContain('<time datetime="2024-02-05">5 February 2024</time>');
    expect(html).toContain('Updated <time datetime="2024-03-01">1 March 2024</time>');
    expect(html).toContain('4 min read');
    expect(html).toContain('<a class="tag" href="/blog/tags/kafka/">Kafka</a>');
    expect(html).toContain('<nav class="toc" aria-label="Table of contents">');
    expect(html).toContain('<li class="toc-depth-3"><a href="#details">Details</a></li>');
    expect(html).toContain('<a rel="prev" href="/blog/posts/older/">');
    expect(html).toContain('<a rel="next" href="/blog/posts/newer/">');
    expect(html).toContain('<a href="/blog/posts/related-one/">Post related-one</a>');
    expect(html).toContain(fx.BODY_HTML);
    expect(html).toContain('<meta property="og:type" content="article">');
    expect(html).toContain('<meta property="article:published_time" content="2024-02-05">');
    expect(html).toContain('<meta property="article:modified_time" content="2024-03-01">');
    expect(html).toContain('<meta property="article:tag" content="Kafka">');
  });

  it('leaves the table of contents out when the post has fewer headings than tocMinHeadings', () => {
    const renderer = repoRenderer(fx.config({ tocMinHeadings: 4 }));
    const html = render(fx.postPage(), fx.BODY_HTML, renderer);
    expect(html).not.toContain('class="toc"');
  });

  it('leaves out neighbours and related posts the post does not have', () => {
    const page = fx.postPage(fx.summary('alone'), { previous: undefined, next: undefined, related: [] });
    const html = render(page);
    expect(html).not.toContain('class="post-nav"');
    expect(html).not.toContain('Related posts');
  });

  it('embeds JSON-LD BlogPosting that parses and describes the post', () => {
    const html = render(fx.postPage(fx.summary('p', { updated: '2024-03-01' as PlainDate })));
    const json = attr(html, /<script type="application\/ld\+json">([\s\S]*?)<\/script>/);
    const data = JSON.parse(json!) as Record<string, unknown>;
    expect(data).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'BlogPosting',
      headline: 'Post p',
      datePublished: '2024-02-05',
      dateModified: '2024-03-01',
      url: 'https://example.com/blog/posts/p/',
      author: [{ '@type': 'Person', name: 'Ada Example', url: 'https://example.com/about' }],
      keywords: ['Kafka'],
    });
  });

  it('names a post\'s own authors in JSON-LD and on the page, and no byline without them', () => {
    const html = render(fx.postPage(fx.summary('p', { authors: ['Grace Hopper', 'Alan <Turing>'] })));
    const data = JSON.parse(attr(html, /<script type="application\/ld\+json">([\s\S]*?)<\/script>/)!) as Record<string, unknown>;
    expect(data.author).toEqual([
      { '@type': 'Person', name: 'Grace Hopper' },
      { '@type': 'Person', name: 'Alan <Turing>' },
    ]);
    expect(html).toMatch(/class="post-authors"[^>]*>[^<]*<span[^>]*>Grace Hopper<\/span> and <span[^>]*>Alan &lt;Turing&gt;<\/span>/);
    expect(render(fx.postPage(fx.summary('q')))).not.toContain('post-authors');
  });

  it('has no JSON-LD on pages other than posts', () => {
    expect(render(fx.homePage())).not.toContain('application/ld+json');
  });
});

describe('escaping', () => {
  const hostile = '<script>alert(1)</script> "quotes" & \'apostrophes\'';
  const hostilePost = fx.summary('hostile', {
    title: hostile,
    description: hostile,
    tags: [{ name: hostile, slug: 'hostile' }],
  });

  it('escapes a hostile title, description and tag in text and attributes', () => {
    const page = { ...fx.postPage(hostilePost), title: hostile, description: hostile };
    const html = render(page, '<p>body</p>');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toMatch(/"quotes"/);
    expect(html).toContain('<h1>&lt;script&gt;alert(1)&lt;/script&gt; &#34;quotes&#34; &amp; &#39;apostrophes&#39;</h1>');
    expect(html).toContain('<title>&lt;script&gt;alert(1)&lt;/script&gt; &#34;quotes&#34; &amp; &#39;apostrophes&#39; — Field Notes</title>');
    expect(html).toContain('<meta property="og:title" content="&lt;script&gt;alert(1)&lt;/script&gt; &#34;quotes&#34; &amp; &#39;apostrophes&#39;">');
    expect(html).toContain('<meta property="article:tag" content="&lt;script&gt;alert(1)&lt;/script&gt; &#34;quotes&#34;');
  });

  it('keeps a hostile title inert in the JSON-LD and still parseable', () => {
    const title = `</script><script>alert(1)</script> "quotes" <!-- \u2028`;
    const page = fx.postPage(fx.summary('hostile', { title }));
    const html = render(page, '<p>body</p>');
    const scripts = html.match(/<script\b[^>]*>[\s\S]*?<\/script>/gi) ?? [];
    expect(scripts).toHaveLength(1);
    const json = attr(html, /<script type="application\/ld\+json">([\s\S]*?)<\/script>/)!;
    expect(json).not.toMatch(/[<>]/);
    expect((JSON.parse(json) as { headline: string }).headline).toBe(title);
  });

  it('escapes post summaries, titles and tags on list pages', () => {
    const page = fx.homePage();
    if (page.data.kind !== 'home') throw new Error('fixture');
    page.data.posts = [{ ...hostilePost, description: '', excerpt: '<img src=x onerror=alert(1)>' }];
    const html = render(page);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('<p class="card-summary">&lt;img src=x onerror=alert(1)&gt;</p>');
  });

  it('escapes the site settings too', () => {
    const renderer = repoRenderer(fx.config({ title: 'A <b>bold</b> "site"' }));
    const html = render(fx.notFoundPage(), '', renderer);
    expect(html).toContain('<a class="site-title" href="/blog/">A &lt;b&gt;bold&lt;/b&gt; &#34;site&#34;</a>');
    expect(html).not.toContain('<b>bold</b>');
  });
});

describe('list pages', () => {
  it('highlights featured posts on the first home page and falls back to the excerpt', () => {
    const html = render(fx.homePage());
    expect(html).toContain('<article class="card card-featured">');
    // The badge sits on the date line.
    expect(html).toMatch(/<p class="post-meta">(?:(?!<\/p>)[\s\S])*<span class="badge badge-featured">Featured<\/span>/);
    expect(html).toContain('<p class="card-summary">Excerpt of second.</p>');
    expect(html).toContain('<h2 class="card-title"><a href="/blog/posts/first/">Post first</a></h2>');
  });

  it('lists the featured posts in a block above the newest on the first home page only', () => {
    const page = fx.homePage();
    expect(render(page)).not.toContain('featured-block');
    const data = page.data as ListPageData;
    data.featured = [data.posts[0]!];
    const html = render(page);
    const block = /<section class="featured-block"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    expect(block).toContain('<a href="/blog/posts/first/">Post first</a>');
    expect(block).toContain('<a href="/blog/featured/">All featured posts</a>');
    expect(html.indexOf('featured-block')).toBeLessThan(html.indexOf('class="cards"'));
  });

  it('does not highlight featured posts on the featured page itself', () => {
    expect(render(fx.featuredPage())).not.toContain('card-featured');
  });

  it('links pages with rel=prev/next and marks the current page', () => {
    const home = render(fx.homePage());
    expect(home).toContain('<nav class="pagination" aria-label="Pagination">');
    expect(home).toContain('<a rel="next" href="/blog/page/2/">');
    expect(home).toContain('<span aria-current="page">Page 1 of 3</span>');
    const tag = render(fx.tagPage());
    expect(tag).toContain('<a rel="prev" href="/blog/tags/kafka/">');
    expect(tag).not.toContain('rel="next"');
  });

  it('advertises the tag feed on a tag page', () => {
    const html = render(fx.tagPage());
    expect(html).toContain('<link rel="alternate" type="application/rss+xml" title="Field Notes: Kafka (RSS)" href="/blog/tags/kafka/feed.xml">');
    expect(html).toContain('11 posts tagged “Kafka”');
  });

  it('lists every tag with its count', () => {
    const html = render(fx.tagsPage());
    expect(html).toContain('<a class="tag" href="/blog/tags/kafka/">Kafka</a> <span class="tag-count">11 posts</span>');
    expect(html).toContain('<span class="tag-count">1 post</span>');
  });

  it('groups the archive by year', () => {
    const html = render(fx.archivePage());
    const y2024 = html.indexOf('<h2>2024</h2>');
    const y2023 = html.indexOf('<h2>2023</h2>');
    expect(y2024).toBeGreaterThan(0);
    expect(y2023).toBeGreaterThan(y2024);
    expect(html.slice(y2023)).toContain('<time datetime="2023-12-31">31 December 2023</time> <a href="/blog/posts/c/">');
  });

  it('gives the 404 page base-path URLs that work at any depth', () => {
    const html = render(fx.notFoundPage());
    expect(html).toContain('<a href="/blog/">Go to the home page</a>');
    for (const m of html.matchAll(/(?:href|src)="([^"]*)"/g)) expect(m[1]).toMatch(/^(\/blog\/|https:\/\/|#hm-main$)/);
  });
});

describe('template errors', () => {
  it('reports a syntax error in a partial with its path, line and column, and creates no renderer', () => {
    let line = 0;
    const root = editedTemplates('partials/footer.liquid', (src) => {
      line = lineOf(src, '<p>{{ site.title }} by');
      return src.replace('<p>{{ site.title }} by', '<p>{% if site.title %}{{ site.title }} by');
    });
    const { value, diagnostics } = createPageRenderer({ root, templatesDir: join(root, 'templates'), config: fx.config(), assets: fx.assets });
    expect(value).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ severity: 'error', code: 'template-error', file: 'templates/partials/footer.liquid', line, column: 4 });
    expect(diagnostics[0]!.message).toMatch(/not closed/);
  });

  it('reports an unknown filter when the templates are parsed', () => {
    let line = 0;
    const root = editedTemplates('tags.liquid', (src) => {
      line = lineOf(src, '{{ tag.name }}');
      return src.replace('{{ tag.name }}', '{{ tag.name | shout }}');
    });
    const { value, diagnostics } = createPageRenderer({ root, templatesDir: join(root, 'templates'), config: fx.config(), assets: fx.assets });
    expect(value).toBeUndefined();
    expect(diagnostics[0]).toMatchObject({ code: 'template-error', file: 'templates/tags.liquid', line });
    expect(diagnostics[0]!.message).toContain('shout');
  });

  it('reports an undefined variable at render time with the template and line', () => {
    let line = 0;
    const root = editedTemplates('post.liquid', (src) => {
      line = lineOf(src, '<h1>{{ post.title }}</h1>');
      return src.replace('<h1>{{ post.title }}</h1>', '<h1>{{ post.titel }}</h1>');
    });
    const created = createPageRenderer({ root, templatesDir: join(root, 'templates'), config: fx.config(), assets: fx.assets });
    expect(created.diagnostics).toEqual([]);
    const { value, diagnostics } = created.value!.render(fx.postPage(), '<p>x</p>');
    expect(value).toBe('');
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ severity: 'error', code: 'template-error', file: 'templates/post.liquid', line, column: 8 });
    // Column 8 is where `post.titel` starts inside `<h1>{{ post.titel }}</h1>`.
    expect(diagnostics[0]!.message).toContain('post.titel');
    expect(diagnostics[0]!.message).not.toMatch(/line:\d/);
  });

  it('reports a render tag naming a partial that does not exist, at the tag', () => {
    let line = 0;
    const root = editedTemplates('archive.liquid', (src) => {
      line = lineOf(src, '<h1>');
      return src.replace('<h1>', "{% render 'partials/missing' %}<h1>");
    });
    const created = createPageRenderer({ root, templatesDir: join(root, 'templates'), config: fx.config(), assets: fx.assets });
    const { diagnostics } = created.value!.render(fx.archivePage());
    expect(diagnostics[0]).toMatchObject({ code: 'template-error', file: 'templates/archive.liquid', line, column: 1 });
    expect(diagnostics[0]!.message).toContain('partials/missing');
  });

  it('reports a page whose template does not exist', () => {
    const { diagnostics } = repoRenderer().render({ ...fx.tagsPage(), template: 'gallery' });
    expect(diagnostics[0]).toMatchObject({ code: 'template-error', file: 'templates/gallery.liquid' });
  });

  it('reports a missing page template when the renderer is created', () => {
    const root = editedTemplates('archive.liquid', (src) => src);
    // Given sources without it: on disk the built-in theme always has one (see the next test).
    const sources = readTemplateFiles(join(root, 'templates'));
    sources.delete('archive.liquid');
    const { value, diagnostics } = createPageRenderer({ root, templatesDir: join(root, 'templates'), config: fx.config(), assets: fx.assets, sources });
    expect(value).toBeUndefined();
    expect(diagnostics[0]).toMatchObject({ code: 'template-error', file: 'templates/archive.liquid' });
  });

  it('takes a template the site does not have from the built-in theme, and names the file used in its errors', () => {
    const root = editedTemplates('archive.liquid', (src) => src);
    rmSync(join(root, 'templates', 'archive.liquid'));
    rmSync(join(root, 'templates', 'partials', 'footer.liquid'));
    const { value, diagnostics } = createPageRenderer({ root, templatesDir: join(root, 'templates'), config: fx.config(), assets: fx.assets });
    expect(diagnostics).toEqual([]);
    expect(value!.render(fx.postPage(), '<p>x</p>').value).toContain('<footer class="site-footer">');

    writeFileSync(join(root, 'templates', 'partials', 'header.liquid'), '<header>{% if site.title %}</header>\n');
    const broken = createPageRenderer({ root, templatesDir: join(root, 'templates'), config: fx.config(), assets: fx.assets });
    expect(broken.diagnostics.map((d) => d.file)).toEqual(['templates/partials/header.liquid']);
  });

  it('never reads a template from disk after the renderer is created', () => {
    const root = editedTemplates('post.liquid', (src) => src);
    const created = createPageRenderer({ root, templatesDir: join(root, 'templates'), config: fx.config(), assets: fx.assets });
    rmSync(join(root, 'templates'), { recursive: true });
    const { diagnostics, value } = created.value!.render(fx.postPage(), '<p>x</p>');
    expect(diagnostics).toEqual([]);
    expect(value).toContain('<footer class="site-footer">');
  });
});
