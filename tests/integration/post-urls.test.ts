import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, type BuildOptions } from '../../src/build.js';
import { startDevServer } from '../../src/dev/index.js';
import { formatVnu, runVnu } from '../e2e/support/vnu.js';
import { hashTree } from '../support/tree.js';

const now = new Date('2026-06-01T12:00:00Z');

/** A fresh site under a temp folder: site.config.ts from `config`, then the content files. */
function makeSite(config: string, files: Record<string, string>): string {
  const root = path.join(mkdtempSync(path.join(os.tmpdir(), 'hashmark-urls-')), 'site');
  mkdirSync(root, { recursive: true });
  writeFileSync(path.join(root, 'site.config.ts'), `export default ${config};\n`);
  for (const [name, text] of Object.entries(files)) write(root, name, text);
  return root;
}

function write(root: string, name: string, text: string): void {
  const file = path.join(root, 'content', name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

function options(root: string, extra: Partial<BuildOptions> = {}): BuildOptions {
  return { root, outDir: path.join(root, 'dist'), cacheDir: path.join(root, '.cache'), now, jobs: 1, ...extra };
}

const read = (root: string, file: string): string => readFileSync(path.join(root, 'dist', file), 'utf8');
const files = (root: string): string[] => Object.keys(hashTree(path.join(root, 'dist')));
const errors = (result: { diagnostics: Array<{ severity: string; code: string; file: string; line?: number; message: string }> }) =>
  result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.file}${d.line ? `:${d.line}` : ''}: ${d.message}`);
const fm = (title: string, date: string, extra = '', body = 'Text.'): string => `---\ntitle: ${title}\ndate: ${date}\n${extra}---\n${body}\n`;
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n';

describe('post URLs in a build', () => {
  it('publishes posts by the permalink pattern and their own URLs, assets beside them, old URLs as redirect pages', async () => {
    const root = makeSite("{ title: 'U', url: 'https://u.example', permalink: '/:year/:month/:day/:slug/', redirectsFile: true }", {
      'blog/2024-11-07-gsoc/index.md': fm('GSoC', '2024-11-07', 'path: 2024/11/07/gsoc-2024-results\naliases: ["/2024/11/07/gsoc-2024-results.html"]\n', '![A chart](chart.svg)'),
      'blog/2024-11-07-gsoc/chart.svg': SVG,
      'patterned.md': fm('Patterned', '2024-03-05', 'redirect_from:\n  - /old/patterned/\n  - /p.html\n', '## Part one\n\n[GSoC](/2024/11/07/gsoc-2024-results/)'),
      'hugo.md': fm('Hugo', '2024-02-01', 'url: /archives/hugo-post\n', '[patterned](/2024/03/05/patterned/#part-one)'),
      'jekyll.md': fm('Jekyll', '2024-01-01', 'permalink: /jekyll/page.html\n'),
      'absolute.md': fm('Absolute', '2024-01-03', 'url: https://u.example/full/url/\naliases: [https://u.example/full-old/]\n'),
      'sectioned.md': '#title\nSectioned\n#date\n2024-01-02\n#url\n/s/\n#body\nx\n',
    });
    const result = await build(options(root));
    expect(errors(result)).toEqual([]);
    const out = files(root);
    for (const file of [
      '2024/11/07/gsoc-2024-results/index.html', '2024/11/07/gsoc-2024-results/chart.svg', '2024/03/05/patterned/index.html',
      'archives/hugo-post/index.html', 'jekyll/page.html', 's/index.html', 'full/url/index.html', 'full-old/index.html',
      '2024/11/07/gsoc-2024-results.html', 'old/patterned/index.html', 'p.html', '_redirects',
    ]) expect(out, file).toContain(file);
    expect(out.some((f) => f.startsWith('posts/'))).toBe(false);

    // Every list, feed, the sitemap and the post's own canonical link use the real URL.
    expect(read(root, 'index.html')).toContain('href="/archives/hugo-post/"');
    expect(read(root, 'feed.xml')).toContain('https://u.example/jekyll/page.html');
    const sitemap = read(root, 'sitemap.xml');
    expect(sitemap).toContain('<loc>https://u.example/2024/11/07/gsoc-2024-results/</loc>');
    expect(sitemap).not.toContain('old/patterned');
    expect(sitemap).not.toContain('p.html');
    expect(read(root, 'archives/hugo-post/index.html')).toContain('<link rel="canonical" href="https://u.example/archives/hugo-post/"');

    const redirect = read(root, 'old/patterned/index.html');
    expect(redirect).toContain('<meta http-equiv="refresh" content="0; url=/2024/03/05/patterned/">');
    expect(redirect).toContain('<link rel="canonical" href="https://u.example/2024/03/05/patterned/">');
    expect(redirect).toContain('<meta name="robots" content="noindex">');
    expect(redirect).toContain('<html lang="en">');
    expect(redirect).toMatch(/<title>[^<]*Patterned<\/title>/);
    expect(redirect).toContain('<a href="/2024/03/05/patterned/">Patterned</a>');
    expect(read(root, '_redirects').split('\n')).toContain('/old/patterned/ /2024/03/05/patterned/ 301');
    expect(read(root, 'feed.json')).not.toContain('old/patterned');

    const messages = await runVnu([path.join(root, 'dist', 'old'), path.join(root, 'dist', 'p.html'), path.join(root, 'dist', '2024')]);
    expect(formatVnu(messages, path.join(root, 'dist'))).toEqual([]);
  }, 60_000);

  it('writes exactly the .html file a pattern names, with bundle assets in its folder', async () => {
    const root = makeSite("{ url: 'https://u.example', permalink: '/:year/:month/:day/:slug.html', basePath: '/blog/' }", {
      '2024-01-02-hello.md': fm('Hello', '2024-01-02', '', '[bundle](/2024/05/06/pics.html)'),
      'pics/index.md': fm('Pics', '2024-05-06', '', '![A chart](chart.svg)'),
      'pics/chart.svg': SVG,
      'own.md': fm('Own', '2024-01-03', 'url: /own/\naliases: [/own-old.html]\n'),
    });
    const result = await build(options(root));
    expect(errors(result)).toEqual([]);
    const out = files(root);
    expect(out).toContain('2024/01/02/hello.html');
    expect(out).toContain('2024/05/06/pics.html');
    expect(out).toContain('2024/05/06/chart.svg');
    expect(read(root, 'index.html')).toContain('href="/blog/2024/01/02/hello.html"');
    expect(read(root, '2024/01/02/hello.html')).toContain('href="/blog/2024/05/06/pics.html"');
    // Own URLs and old URLs are below the base path too.
    expect(read(root, 'index.html')).toContain('href="/blog/own/"');
    expect(read(root, 'own-old.html')).toContain('<link rel="canonical" href="https://u.example/blog/own/">');
  });

  it('gives Jekyll posts the URLs Jekyll gave them: categories, dated names, permalink and redirect_from', async () => {
    const root = makeSite("{ url: 'https://u.example', permalink: '/:categories/:year/:month/:day/:slug.html' }", {
      '2024-01-02-welcome-to-jekyll.md': fm('Welcome to Jekyll!', '2024-01-02', 'layout: post\ncategories: jekyll update\n'),
      '2024-01-03-plain.md': fm('Plain', '2024-01-03', 'redirect_from: /plain-old\n'),
      '2024-01-04-about.md': fm('About', '2024-01-04', 'categories: [Notes]\npermalink: /about/\n'),
    });
    const result = await build(options(root));
    expect(errors(result)).toEqual([]);
    const out = files(root);
    for (const file of ['jekyll/update/2024/01/02/welcome-to-jekyll.html', '2024/01/03/plain.html', 'plain-old/index.html', 'about/index.html']) {
      expect(out, file).toContain(file);
    }
  });

  it('reports a URL taken twice naming both files, and writes nothing', async () => {
    const root = makeSite("{ url: 'https://u.example' }", {
      'a.md': fm('A', '2024-01-01', 'url: /same/\n'),
      'b.md': fm('B', '2024-01-02', 'aliases: [/same/]\n'),
      'c.md': fm('C', '2024-01-03', 'url: /tags/\n'),
      'd.md': fm('D', '2024-01-04', 'url: https://elsewhere.example/d/\n'),
      'e.md': fm('E', '2024-01-05', 'url: //elsewhere.example/e/\n'),
    });
    const result = await build(options(root));
    expect(result.ok).toBe(false);
    const shown = errors(result);
    expect(shown).toContainEqual(expect.stringMatching(/^route-conflict content\/b\.md: content\/b\.md and content\/a\.md both claim the output path "same\/index\.html"/));
    expect(shown).toContainEqual(expect.stringMatching(/^route-conflict content\/c\.md: content\/c\.md and the tag index both claim/));
    expect(shown).toContainEqual(expect.stringMatching(/^invalid-url content\/d\.md: .*https:\/\/elsewhere\.example\/d\/.*not on the site's origin/));
    expect(shown).toContainEqual(expect.stringMatching(/^invalid-url content\/e\.md:4: `url` .*another origin/));
    expect(existsSync(path.join(root, 'dist', 'index.html'))).toBe(false);
  });

  it('resolves links to source files, reports a missing one at its line, and follows the target when its URL changes', async () => {
    const root = makeSite("{ url: 'https://u.example', permalink: '/:year/:slug/' }", {
      'blog/a.md': fm('A', '2024-01-01', '', 'See [B](@/blog/b.md#part-two), [B again](b.md) and [the bundle](./bun/index.md).'),
      'blog/b.md': fm('B', '2024-01-02', '', '## Part two\n\nBack to [A](../blog/a.md).'),
      'blog/bun/index.md': fm('Bun', '2024-01-03', 'url: /bundle/\n'),
    });
    const first = await build(options(root));
    expect(errors(first)).toEqual([]);
    const a = read(root, '2024/a/index.html');
    expect(a).toContain('href="/2024/b/#part-two"');
    expect(a).toContain('href="/2024/b/"');
    expect(a).toContain('href="/bundle/"');
    expect(read(root, '2024/b/index.html')).toContain('href="/2024/a/"');

    // B moves: A's page follows, B's old page is removed as stale output.
    write(root, 'blog/b.md', fm('B', '2024-01-02', 'url: /moved/b/\n', '## Part two\n\nBack to [A](../blog/a.md).'));
    const second = await build(options(root));
    expect(errors(second)).toEqual([]);
    expect(read(root, '2024/a/index.html')).toContain('href="/moved/b/#part-two"');
    expect(files(root)).toContain('moved/b/index.html');
    expect(files(root)).not.toContain('2024/b/index.html');

    write(root, 'blog/c.md', fm('C', '2024-01-04', '', 'Text.\n\nA [missing](@/blog/nope.md) post.'));
    const third = await build(options(root));
    expect(errors(third)).toEqual([expect.stringMatching(/^broken-link content\/blog\/c\.md:7: .*@\/blog\/nope\.md/)]);
    expect(third.diagnostics.find((d) => d.code === 'broken-link')?.hint).toMatch(/No post has this source file/);
  });

  it('links to a draft with its own URL resolve when drafts are built; links to a post left out for errors are not reported', async () => {
    const root = makeSite("{ url: 'https://u.example', permalink: '/:year/:month/:day/:slug/' }", {
      'a.md': fm('A', '2024-01-01', '', '[draft](/drafts/wip/) [draft source](draft.md) [broken post](/kept/) [broken post by pattern](/2023/13/01/dated/)'),
      'draft.md': fm('Draft', '2024-01-02', 'draft: true\nurl: /drafts/wip/\n'),
      'broken.md': fm('Broken', '2024-02-30', 'url: /kept/\n'),
      'dated.md': fm('Dated', '2023-13-01'),
    });
    const without = await build(options(root));
    const shown = errors(without);
    // The draft is not published, so links to it (by URL, and by source file) are broken in this
    // output; links to the posts left out for their errors are not reported.
    expect(shown.filter((s) => s.startsWith('broken-link'))).toEqual([expect.stringMatching(/content\/a\.md:5: .*"\/drafts\/wip\/"/)]);
    expect(shown.filter((s) => s.startsWith('invalid-date')).length).toBe(2);

    write(root, 'broken.md', fm('Broken', '2024-02-28', 'url: /kept/\n'));
    write(root, 'dated.md', fm('Dated', '2023-12-01'));
    write(root, 'a.md', fm('A', '2024-01-01', '', '[draft](/drafts/wip/) [draft source](draft.md) [fixed](/kept/) [dated](/2023/12/01/dated/)'));
    const drafts = await build(options(root, { drafts: true }));
    expect(errors(drafts)).toEqual([]);
    const a = read(root, '2024/01/01/a/index.html');
    expect(a).toContain('<a href="/drafts/wip/">draft source</a>');
    expect(a).not.toContain('href="draft.md"');
  });
});

describe('post URLs in dev', () => {
  it('serves a post at its own URL and its old URL as a redirect page', async () => {
    const root = makeSite("{ url: 'https://u.example', permalink: '/:year/:slug/' }", {
      'a.md': fm('A', '2024-01-01', 'url: /custom/a.html\naliases: [/old-a/]\n', '[B](b.md)'),
      'b.md': fm('B', '2024-01-02'),
    });
    const server = await startDevServer({ root, port: 0, cacheDir: null, jobs: 1 });
    try {
      const get = async (p: string) => {
        const res = await fetch(new URL(p, server.url), { redirect: 'manual' });
        return { status: res.status, text: await res.text() };
      };
      const page = await get('/custom/a.html');
      expect(page.status).toBe(200);
      expect(page.text).toContain('href="/2024/b/"');
      expect((await get('/2024/b/')).status).toBe(200);
      const old = await get('/old-a/');
      expect(old.status).toBe(200);
      expect(old.text).toContain('content="0; url=/custom/a.html"');
      expect((await get('/posts/a/')).status).toBe(404);

      // A changed URL moves the page: the plan is made again.
      write(root, 'a.md', fm('A', '2024-01-01', 'url: /moved/a/\n', 'Moved.'));
      const deadline = Date.now() + 10_000;
      while ((await get('/moved/a/')).status !== 200 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect((await get('/moved/a/')).status).toBe(200);
      expect((await get('/custom/a.html')).status).toBe(404);
    } finally {
      await server.close();
      rmSync(path.dirname(root), { recursive: true, force: true });
    }
  });
  it('does not report links to a page or a post source left out for their errors; their own errors are', async () => {
    const root = makeSite("{ url: 'https://u.example', permalink: '/:year/:month/:day/:slug/' }", {
      'a.md': fm('A', '2024-01-01', '', '[about](/about/) [team](/company/team/) [dated](@/dated.md) [owned](./owned.md#part) [gone](@/gone.md)'),
      'dated.md': fm('Dated', '2023-13-01'),
      'owned.md': fm('Owned', '2024-02-30', 'url: /kept/\n'),
      'pages/about.md': '---\ntitle: About\nmenu: maybe\n---\nHi.\n',
      'pages/team.md': '---\ntitle: Team\nurl: /company/team/\nmenu: maybe\n---\nHi.\n',
    });
    const result = await build(options(root));
    const shown = errors(result);
    expect(shown.filter((s) => s.startsWith('broken-link'))).toEqual([expect.stringMatching(/content\/a\.md:5: .*@\/gone\.md/)]);
    expect(shown.filter((s) => s.startsWith('invalid-date')).length).toBe(2);
    expect(shown.filter((s) => s.startsWith('invalid-page-field')).length).toBe(2);
  });
  it('places an alias without a leading slash at the site root, or beside the page with relativeAliases: page (Hugo)', async () => {
    // Zola and Jekyll start such an alias at the site root; Hugo's renderAliases joins it to the
    // folder the page is in (`old` beside /posts/new/ is /posts/old/).
    const content = {
      'posts/new.md': fm('New', '2024-01-01', 'aliases: [old, /rooted/, archive/old.html]\n'),
      'zola.md': fm('Zola', '2024-01-02', 'url: /2015/05/15/zola/\naliases: ["2015/05/15/Zola.html"]\n'),
    };
    const root = makeSite("{ url: 'https://u.example', permalink: '/:section/:slug/' }", content);
    expect(errors(await build(options(root)))).toEqual([]);
    expect(files(root)).toEqual(expect.arrayContaining(['old/index.html', 'rooted/index.html', 'archive/old.html', '2015/05/15/Zola.html']));
    expect(read(root, 'old/index.html')).toContain('/posts/new/');

    const hugo = makeSite("{ url: 'https://u.example', permalink: '/:section/:slug/', relativeAliases: 'page' }", content);
    expect(errors(await build(options(hugo)))).toEqual([]);
    expect(files(hugo)).toEqual(expect.arrayContaining(['posts/old/index.html', 'rooted/index.html', 'posts/archive/old.html', '2015/05/15/2015/05/15/Zola.html']));
    expect(files(hugo)).not.toContain('old/index.html');
    expect(read(hugo, 'posts/old/index.html')).toContain('/posts/new/');
  });
});
