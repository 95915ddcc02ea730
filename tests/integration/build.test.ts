import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildOptions } from '../../src/build.js';
import { copyFixtureSite, hashTree, mtimes, readText, repoRoot } from '../support/tree.js';

const now = new Date('2026-06-01T12:00:00Z');

function options(root: string, extra: Partial<BuildOptions> = {}): BuildOptions {
  return { root, outDir: path.join(root, 'dist'), cacheDir: path.join(root, '.cache'), now, jobs: 1, ...extra };
}

function cli(root: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [path.join(repoRoot, 'bin/hashmark.js'), 'build', '--root', root, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
}

describe('a whole build of the basic fixture site', () => {
  let root: string;
  let out: string;

  beforeAll(async () => {
    root = copyFixtureSite('basic');
    out = path.join(root, 'dist');
    const result = await build(options(root));
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('writes every page kind a blog needs, with clean URLs', () => {
    const files = Object.keys(hashTree(out));
    for (const file of [
      'index.html', 'page/2/index.html', 'posts/first/index.html', 'posts/second/index.html',
      'posts/bundle-post/index.html', 'posts/bundle-post/chart.svg', 'tags/index.html', 'tags/kafka/index.html',
      'tags/patterns/index.html', 'featured/index.html', 'archive/index.html', '404.html', 'feed.xml', 'atom.xml',
      'feed.json', 'tags/kafka/feed.xml', 'sitemap.xml', 'robots.txt',
    ]) expect(files, file).toContain(file);
  });

  it('folds tags that differ only in case into one tag page', () => {
    const kafka = readText(out, 'tags/kafka/index.html');
    expect(kafka).toContain('/posts/first/');
    expect(kafka).toContain('/posts/second/');
    expect(Object.keys(hashTree(out)).filter((f) => /^tags\/kafka/i.test(f) && f.endsWith('index.html'))).toEqual(['tags/kafka/index.html']);
  });

  it('leaves drafts and scheduled posts out of every page, feed and the sitemap', () => {
    const tree = hashTree(out);
    expect(Object.keys(tree).some((f) => f.includes('draft') || f.includes('future'))).toBe(false);
    for (const file of Object.keys(tree).filter((f) => /\.(html|xml|json)$/.test(f))) {
      const text = readText(out, file);
      expect(text, file).not.toContain('From the future');
      expect(text, file).not.toContain('A draft');
    }
  });

  it('never turns hostile titles, tags or bodies into live markup', () => {
    for (const file of Object.keys(hashTree(out)).filter((f) => f.endsWith('.html'))) {
      const html = readText(out, file);
      expect(html, file).not.toMatch(/<script>alert/i);
      expect(html, file).not.toMatch(/<img[^>]*onerror/i);
      expect(html, file).not.toMatch(/href="javascript:/i);
      expect(html, file).not.toMatch(/<b>tags<\/b>/);
    }
    const post = readText(out, 'posts/first/index.html');
    expect(post).toMatch(/<h1[^>]*>First &lt;script&gt;alert\((&quot;|&#34;)title(&quot;|&#34;)\)&lt;\/script&gt; &amp; more/);
  });

  it('writes well-formed feeds and sitemap with escaped hostile text', () => {
    for (const file of ['feed.xml', 'atom.xml', 'sitemap.xml', 'tags/kafka/feed.xml']) {
      expect(XMLValidator.validate(readText(out, file)), file).toBe(true);
    }
    const feed = JSON.parse(readText(out, 'feed.json')) as { items: Array<{ title: string; url: string }> };
    expect(feed.items.map((i) => i.title)).toContain('First <script>alert("title")</script> & more');
    for (const item of feed.items) expect(item.url).toMatch(/^https:\/\/fixture\.example\/posts\//);
    const sitemap = new XMLParser().parse(readText(out, 'sitemap.xml')) as { urlset: { url: Array<{ loc: string }> } };
    const locs = sitemap.urlset.url.map((u) => u.loc);
    expect(locs).toContain('https://fixture.example/posts/first/');
    expect(locs.every((l) => l.startsWith('https://fixture.example/'))).toBe(true);
  });

  it('keeps every path inside the output folder, whatever tags say', () => {
    const siteEntries = readdirSync(root).sort();
    expect(siteEntries).toEqual(['.cache', 'content', 'dist', 'site.config.ts']);
    expect(readdirSync(path.dirname(root))).toEqual(['site']);
    expect(Object.keys(hashTree(out)).every((f) => !f.includes('..'))).toBe(true);
  });

  it('publishes bundle assets next to their post, and makes them absolute in feeds', () => {
    expect(readText(out, 'posts/bundle-post/index.html')).toContain('src="chart.svg"');
    expect(readText(out, 'feed.xml')).toContain('https://fixture.example/posts/bundle-post/chart.svg');
  });
});

describe('output properties across builds', () => {
  it('does not rewrite unchanged files, rewrites changed ones and deletes stale ones', async () => {
    const root = copyFixtureSite('basic');
    const out = path.join(root, 'dist');
    expect((await build(options(root))).ok).toBe(true);
    const before = hashTree(out);
    const times = mtimes(out, Object.keys(before));

    const again = await build(options(root));
    expect(again.written).toBe(0);
    // Every file but the ownership marker, which the summary does not count as a page of the site.
    expect(before['.hashmark-output']).toBeDefined();
    expect(again.unchanged).toBe(Object.keys(before).length - 1);
    expect(mtimes(out, Object.keys(before))).toEqual(times);

    appendFileSync(path.join(root, 'content/2024-02-20-second.md'), '\nA new closing line.\n');
    rmSync(path.join(root, 'content/bundle-post'), { recursive: true });
    writeFileSync(path.join(root, 'content/2024-02-20-second.md'), readText(root, 'content/2024-02-20-second.md').replace("and to the [bundle's heading](/posts/bundle-post/#the-chart)", ''));
    const third = await build(options(root));
    expect(third.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const after = hashTree(out);
    expect(after['posts/bundle-post/index.html']).toBeUndefined();
    expect(after['posts/bundle-post/chart.svg']).toBeUndefined();
    expect(after['posts/second/index.html']).not.toBe(before['posts/second/index.html']);
    expect(readText(out, 'posts/second/index.html')).toContain('A new closing line.');
    expect(third.removed).toBeGreaterThanOrEqual(2);
    expect(mtimes(out, ['posts/first/chart.svg'].filter((f) => f in after))).toEqual({});
  });

  it('leaves the previous output byte-identical when a build fails', async () => {
    const root = copyFixtureSite('basic');
    const out = path.join(root, 'dist');
    expect((await build(options(root))).ok).toBe(true);
    const before = hashTree(out);

    writeFileSync(path.join(root, 'content/2024-05-01-broken.md'), '#title\nBroken\n#date\n2024-02-30\n#body\nx\n');
    const failed = await build(options(root));
    expect(failed.ok).toBe(false);
    expect(failed.diagnostics.map((d) => d.code)).toContain('invalid-date');
    expect(hashTree(out)).toEqual(before);

    rmSync(path.join(root, 'content/2024-05-01-broken.md'));
    // A site's template that does not parse fails the build too.
    mkdirSync(path.join(root, 'templates/partials'), { recursive: true });
    writeFileSync(path.join(root, 'templates/partials/header.liquid'), '<header>{% if site.title %}</header>\n');
    const broken = await build(options(root));
    expect(broken.ok).toBe(false);
    expect(broken.diagnostics.map((d) => d.file)).toContain('templates/partials/header.liquid');
    expect(hashTree(out)).toEqual(before);
  });

  it('reports two sources claiming one output path, naming both', async () => {
    const root = copyFixtureSite('basic');
    mkdirSync(path.join(root, 'public'));
    writeFileSync(path.join(root, 'public/feed.xml'), '<rss/>');
    const result = await build(options(root));
    expect(result.ok).toBe(false);
    const conflict = result.diagnostics.find((d) => d.code === 'route-conflict');
    expect(conflict?.message).toContain('public/feed.xml');
    expect(conflict?.message).toMatch(/feed/);
  });

  it('gives byte-identical output under another TZ and LANG, with and without workers and cache', () => {
    const a = copyFixtureSite('basic');
    const b = copyFixtureSite('basic');
    const first = cli(a, ['--jobs', '1', '--no-cache'], { TZ: 'America/Los_Angeles', LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' });
    expect(first.status, first.stdout + first.stderr).toBe(0);
    const second = cli(b, ['--jobs', '2'], { TZ: 'Asia/Tokyo', LANG: 'ja_JP.UTF-8', LC_ALL: 'ja_JP.UTF-8' });
    expect(second.status, second.stdout + second.stderr).toBe(0);
    const third = cli(b, ['--jobs', '2', '--out', path.join(b, 'dist2')], { TZ: 'UTC' });
    expect(third.status, third.stdout + third.stderr).toBe(0);
    const reference = hashTree(path.join(a, 'dist'));
    expect(hashTree(path.join(b, 'dist'))).toEqual(reference);
    expect(hashTree(path.join(b, 'dist2'))).toEqual(reference);
  });

  it('prints no stack trace for a content mistake', () => {
    const root = copyFixtureSite('basic');
    writeFileSync(path.join(root, 'content/bad.md'), '#titel\nOops\n#date\nFeb 5, 2024\n#body\nx\n');
    const run = cli(root, []);
    expect(run.status).toBe(1);
    const output = run.stdout + run.stderr;
    expect(output).toContain('content/bad.md');
    expect(output).toMatch(/did you mean.*#title/i);
    expect(output).not.toMatch(/^\s+at /m);
  });
});

