import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildOptions, type BuildResult } from '../../src/build.js';
import { hashTree, readText } from '../support/tree.js';

const now = new Date('2026-06-01T12:00:00Z');

/** A blog moved from three generators at once: a Zola TOML post, a Jekyll `_posts/` post, a Hugo TOML post. */
function mixedSite(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hashmark-moved-'));
  const root = path.join(dir, 'site');
  const write = (file: string, text: string): void => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  write('site.config.ts', `export default { title: 'Moved', url: 'https://moved.example', timeZone: 'UTC', author: { name: 'Site Owner' } };\n`);
  write(
    'content/zola-borrowing/index.md',
    [
      '+++', 'title = "Borrowing in Rust"', 'date = 2021-05-03', 'updated = 2021-06-01', 'authors = ["Ferris Crab", "Ada Lovelace"]',
      '', '[taxonomies]', 'tags = ["Rust", "🦀"]', '', '[extra]', 'toc = true', '+++', '', '## Ownership', '', 'Text about borrowing.', '',
    ].join('\n'),
  );
  write(
    'content/_posts/2019-03-04-jekyll-post.md',
    [
      '---', 'layout: post', 'title: "From Jekyll"', 'date: 2019-03-04 10:00:00 +0100', 'author: Jane Doe', 'categories: [notes]', 'tags: [Ruby]', '---', '',
      'Intro.', '', '{% highlight ruby %}', 'puts 1', '{% endhighlight %}', '', 'Shown as code: `{{ site.baseurl }}`.', '',
    ].join('\n'),
  );
  // `jekyll new` names its posts `.markdown`.
  write('content/_posts/2019-01-01-welcome-to-jekyll.markdown', '---\nlayout: post\ntitle: "Welcome to Jekyll!"\ndate: 2019-01-01 09:00:00 +0000\n---\nHello.\n');
  write(
    'content/hugo/2020-01-02-hugo-post.md',
    ['+++', 'title = "From Hugo"', 'date = 2020-01-02T08:00:00-05:00', 'lastmod = 2020-02-03', 'weight = 2', 'tags = ["Go"]', '+++', '', 'Hugo body.', ''].join('\n'),
  );
  write('content/2018-07-08-dated-by-name.md', '---\ntitle: Dated by its file name\n---\n\nNo date in the front matter.\n');
  return root;
}

function options(root: string): BuildOptions {
  return { root, outDir: path.join(root, 'dist'), cacheDir: path.join(root, '.cache'), now, jobs: 1 };
}

describe('a blog moved from Zola, Jekyll and Hugo', () => {
  let root: string;
  let out: string;
  let result: BuildResult;

  beforeAll(async () => {
    root = mixedSite();
    out = path.join(root, 'dist');
    result = await build(options(root));
  }, 120_000);

  it('builds with no errors, and names what it ignores and the template code it shows as text', () => {
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.ok).toBe(true);
    const warnings = result.diagnostics.map((d) => `${d.code} ${d.file}:${d.line}`).sort();
    expect(warnings).toEqual([
      'ignored-field content/_posts/2019-01-01-welcome-to-jekyll.markdown:2',
      'ignored-field content/_posts/2019-03-04-jekyll-post.md:6',
      'ignored-field content/hugo/2020-01-02-hugo-post.md:5',
      'ignored-field content/zola-borrowing/index.md:10',
      'template-code content/_posts/2019-03-04-jekyll-post.md:12',
      'template-code content/_posts/2019-03-04-jekyll-post.md:14',
    ]);
  });

  it('gives each post the date, slug and updated date its old generator gave it', () => {
    const files = Object.keys(hashTree(out));
    // Slugs as Jekyll, Zola and Hugo make them: the file name without its date, the bundle's folder name.
    for (const file of ['posts/zola-borrowing/index.html', 'posts/jekyll-post/index.html', 'posts/welcome-to-jekyll/index.html', 'posts/hugo-post/index.html', 'posts/dated-by-name/index.html']) {
      expect(files, file).toContain(file);
    }
    expect(readText(out, 'posts/jekyll-post/index.html')).toContain('<time datetime="2019-03-04">');
    expect(readText(out, 'posts/hugo-post/index.html')).toContain('<time datetime="2020-01-02">');
    expect(readText(out, 'posts/hugo-post/index.html')).toContain('<time datetime="2020-02-03">');
    expect(readText(out, 'posts/zola-borrowing/index.html')).toContain('<time datetime="2021-06-01">');
    expect(readText(out, 'posts/dated-by-name/index.html')).toContain('<time datetime="2018-07-08">');
  });

  it('makes a tag page for Zola taxonomies, an emoji tag included, reachable by its percent-encoded link', () => {
    const files = Object.keys(hashTree(out));
    expect(files).toContain('tags/rust/index.html');
    expect(files).toContain('tags/🦀/index.html');
    expect(readText(out, 'posts/zola-borrowing/index.html')).toContain(`href="/tags/${encodeURIComponent('🦀')}/"`);
    expect(readText(out, 'tags/🦀/index.html')).toContain('Borrowing in Rust');
  });

  it('shows a post\'s own authors on its page, linked to their pages, and no byline on a post without them', () => {
    const zola = readText(out, 'posts/zola-borrowing/index.html');
    expect(zola).toMatch(
      /class="post-authors">By <a class="p-author" href="\/authors\/ferris-crab\/">Ferris Crab<\/a> and <a class="p-author" href="\/authors\/ada-lovelace\/">Ada Lovelace<\/a>/,
    );
    expect(readText(out, 'posts/jekyll-post/index.html')).toContain('<a class="p-author" href="/authors/jane-doe/">Jane Doe</a>');
    expect(readText(out, 'posts/hugo-post/index.html')).not.toContain('post-authors');
  });

  it('gives every author a page listing their posts, the site author included, since the blog has several', () => {
    const files = Object.keys(hashTree(out)).filter((f) => f.startsWith('authors/')).sort();
    expect(files).toEqual(['authors/ada-lovelace/index.html', 'authors/ferris-crab/index.html', 'authors/jane-doe/index.html', 'authors/site-owner/index.html']);
    const jane = readText(out, 'authors/jane-doe/index.html');
    expect(jane).toContain('From Jekyll');
    expect(jane).not.toContain('From Hugo');
    const owner = readText(out, 'authors/site-owner/index.html');
    expect(owner).toContain('From Hugo');
    expect(owner).toContain('Welcome to Jekyll!');
    expect(owner).not.toContain('Borrowing in Rust');
  });

  it('names the authors in JSON-LD, falling back to the site author', () => {
    const ld = (file: string) => JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(readText(out, file))![1]!) as { author: Array<{ name: string }> };
    expect(ld('posts/zola-borrowing/index.html').author.map((a) => a.name)).toEqual(['Ferris Crab', 'Ada Lovelace']);
    expect(ld('posts/jekyll-post/index.html').author).toEqual([{ '@type': 'Person', name: 'Jane Doe', url: 'https://moved.example/authors/jane-doe/' }]);
    expect(ld('posts/hugo-post/index.html').author.map((a) => a.name)).toEqual(['Site Owner']);
  });

  it('names the authors in every feed, and dates entries at the instant written', () => {
    const json = JSON.parse(readText(out, 'feed.json')) as { items: Array<{ url: string; authors?: Array<{ name: string }>; date_published: string; date_modified?: string }> };
    const item = (slug: string) => json.items.find((i) => i.url.endsWith(`/posts/${slug}/`))!;
    expect(item('zola-borrowing').authors).toEqual([{ name: 'Ferris Crab' }, { name: 'Ada Lovelace' }]);
    expect(item('jekyll-post')).toMatchObject({ authors: [{ name: 'Jane Doe' }], date_published: '2019-03-04T09:00:00.000Z' });
    expect(item('hugo-post')).toMatchObject({ date_published: '2020-01-02T13:00:00.000Z', date_modified: '2020-02-03T00:00:00.000Z' });
    expect(item('hugo-post').authors).toBeUndefined();

    const rss = new XMLParser({ ignoreAttributes: true }).parse(readText(out, 'feed.xml')) as { rss: { channel: { item: Array<{ link: string; 'dc:creator': string | string[] }> } } };
    const creators = Object.fromEntries(rss.rss.channel.item.map((i) => [i.link.split('/').at(-2), [i['dc:creator']].flat()]));
    expect(creators).toMatchObject({ 'zola-borrowing': ['Ferris Crab', 'Ada Lovelace'], 'jekyll-post': ['Jane Doe'], 'hugo-post': ['Site Owner'] });

    const atom = new XMLParser({ ignoreAttributes: true, isArray: (name) => name === 'author' || name === 'entry' }).parse(readText(out, 'atom.xml')) as {
      feed: { entry: Array<{ id: string; author: Array<{ name: string }> }> };
    };
    const zola = atom.feed.entry.find((e) => e.id.endsWith('/posts/zola-borrowing/'))!;
    expect(zola.author.map((a) => a.name)).toEqual(['Ferris Crab', 'Ada Lovelace']);
  });
});
