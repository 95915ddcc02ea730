import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildOptions } from '../../src/build.js';
import { startDevServer } from '../../src/dev/index.js';

const now = new Date('2026-06-01T12:00:00Z');
const made: string[] = [];

function site(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hashmark-pages-'));
  made.push(dir);
  const root = path.join(dir, 'site');
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

function options(root: string): BuildOptions {
  return { root, outDir: path.join(root, 'dist'), cacheDir: path.join(root, '.cache'), now, jobs: 1 };
}

const read = (root: string, file: string): string => readFileSync(path.join(root, 'dist', file), 'utf8');

function htmlFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? (e.name === 'pagefind' ? [] : htmlFiles(path.join(dir, e.name), `${prefix}${e.name}/`)) : e.name.endsWith('.html') ? [prefix + e.name] : [],
  );
}

/** The header navigation of a built page: its entries' titles, and which one is current. */
function nav(html: string): { titles: string[]; urls: string[]; current: string[] } {
  const block = /<nav class="site-nav"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
  const links = [...block.matchAll(/<a href="([^"]*)"( aria-current="page")?>([^<]*)<\/a>/g)];
  return { urls: links.map((m) => m[1]!), titles: links.map((m) => m[3]!), current: links.filter((m) => m[2]).map((m) => m[3]!) };
}

/** Pagefind's fragments (gzipped JSON, one per indexed page) in the built site. */
function searchFragments(root: string): Array<{ url: string; content: string }> {
  const dir = path.join(root, 'dist', 'pagefind', 'fragment');
  return readdirSync(dir).map((f) => JSON.parse(gunzipSync(readFileSync(path.join(dir, f))).toString('utf8').replace(/^pagefind_dcd/, '')) as { url: string; content: string });
}

const post = (title: string, date: string, extra = ''): string => `#title\n${title}\n#date\n${date}\n#tags\n["notes"]\n${extra}#body\nA post called ${title}.\n`;

afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe('pages: files under content/pages/', () => {
  let root: string;
  beforeAll(async () => {
    root = site({
      'site.config.ts': "export default { title: 'Pages', url: 'https://pages.example' };\n",
      'content/2024-01-10-one.md': post('Post one', '2024-01-10'),
      'content/2024-02-10-two.md': post('Post two', '2024-02-10'),
      'content/pages/about.md': '#title\nAbout\n#description\nWho writes here.\n#menu\ntrue\n#body\nI write about zymurgy. See [post one](/posts/one/).\n',
      'content/pages/contact/index.md': '---\ntitle: Contact\nurl: /say-hello/\nmenu: 1\n---\nWrite to me. ![Map](map.svg)\n',
      'content/pages/contact/map.svg': '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n',
      'content/pages/colophon.md': '#title\nColophon\n#body\nSet in quillwort type.\n',
      'content/pages/secret.md': '#title\nSecret\n#draft\ntrue\n#menu\ntrue\n#body\nNot yet.\n',
    });
    const result = await build(options(root));
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.posts).toBe(2);
    // Page files are counted apart, a drafted one among the drafts but not as a post.
    expect(result.pageFiles).toBe(3);
    expect(result.drafts).toEqual(['content/pages/secret.md']);
    expect(result.draftPages).toEqual(['content/pages/secret.md']);
  });

  it('renders each page at its path or its own url, with the page template, and copies bundle assets beside it', () => {
    const about = read(root, 'about/index.html');
    expect(about).toContain('<h1>About</h1>');
    expect(about).toContain('zymurgy');
    expect(about).toContain('<meta name="description" content="Who writes here.">');
    // No date, tags, reading time, neighbours or related posts.
    expect(about).not.toMatch(/<time|min read|Related posts|class="post-nav/);
    expect(read(root, 'say-hello/index.html')).toContain('Write to me.');
    expect(read(root, 'say-hello/map.svg')).toContain('<svg');
    expect(read(root, 'colophon/index.html')).toContain('quillwort');
  });

  it('puts pages in the sitemap and the search index, and in no list, tag, feed or neighbour link', () => {
    const sitemap = read(root, 'sitemap.xml');
    for (const url of ['about/', 'say-hello/', 'colophon/']) expect(sitemap).toContain(`https://pages.example/${url}`);
    const searched = searchFragments(root);
    expect(searched.find((f) => f.url === '/about/')?.content).toContain('zymurgy');
    expect(searched.find((f) => f.url === '/colophon/')?.content).toContain('quillwort');
    for (const file of ['feed.xml', 'atom.xml', 'feed.json', 'tags/notes/feed.xml']) {
      expect(read(root, file), file).not.toMatch(/about|say-hello|colophon/i);
    }
    for (const file of ['index.html', 'archive/index.html', 'tags/notes/index.html', 'tags/index.html', 'posts/one/index.html', 'posts/two/index.html']) {
      const main = /<main[\s\S]*<\/main>/.exec(read(root, file))![0];
      expect(main, file).not.toMatch(/colophon|quillwort|\/about\/|say-hello/i);
    }
  });

  it('leaves draft pages out, from the menu too', () => {
    expect(htmlFiles(path.join(root, 'dist'))).not.toContain('secret/index.html');
    expect(nav(read(root, 'index.html')).titles).not.toContain('Secret');
  });

  it('shows the menu on every page: theme entries, Featured only with a featured post, pages at their place', () => {
    for (const file of htmlFiles(path.join(root, 'dist'))) {
      expect(nav(read(root, file)).titles, file).toEqual(['Contact', 'Home', 'Tags', 'Archive', 'About']);
    }
    expect(nav(read(root, 'about/index.html')).current).toEqual(['About']);
    expect(nav(read(root, 'say-hello/index.html')).current).toEqual(['Contact']);
    expect(nav(read(root, 'tags/index.html')).current).toEqual(['Tags']);
    expect(nav(read(root, 'colophon/index.html')).current).toEqual([]);
  });

  it('shows Featured in the menu once a post is featured', async () => {
    writeFileSync(path.join(root, 'content/2024-01-10-one.md'), post('Post one', '2024-01-10', '#featured\ntrue\n'));
    const result = await build(options(root));
    expect(result.ok).toBe(true);
    expect(nav(read(root, 'about/index.html')).titles).toEqual(['Contact', 'Home', 'Featured', 'Tags', 'Archive', 'About']);
    expect(nav(read(root, 'featured/index.html')).current).toEqual(['Featured']);
  });

  it('checks links to and from pages like posts', async () => {
    writeFileSync(path.join(root, 'content/2024-02-10-two.md'), post('Post two', '2024-02-10').replace('A post called', 'See [the colophon](/colophon/) and [nothing](/nowhere/). A post called'));
    const result = await build(options(root));
    const broken = result.diagnostics.filter((d) => d.code === 'broken-link');
    expect(broken.map((d) => [d.file, d.message.includes('/nowhere/')])).toEqual([['content/2024-02-10-two.md', true]]);
    writeFileSync(path.join(root, 'content/pages/colophon.md'), '#title\nColophon\n#body\nSet in quillwort type; see [gone](/posts/gone/).\n');
    const again = await build(options(root));
    expect(again.diagnostics.filter((d) => d.code === 'broken-link').map((d) => d.file)).toContain('content/pages/colophon.md');
  });
});

describe('page problems', () => {
  it('reports a page URL that another page, a post or a generated page has, naming both files', async () => {
    const root = site({
      'site.config.ts': "export default { title: 'Clash', url: 'https://clash.example' };\n",
      'content/2024-01-10-one.md': post('Post one', '2024-01-10'),
      'content/pages/search.md': '#title\nSearch me\n#body\nx\n',
      'content/pages/mine.md': '#title\nMine\n#url\n/posts/one/\n#body\nx\n',
      'content/pages/a.md': '#title\nA\n#url\n/same/\n#body\nx\n',
      'content/pages/b.md': '---\ntitle: B\nurl: /same/\n---\nx\n',
      'content/pages/feed.md': '#title\nFeed\n#url\n/feed.xml/\n#body\nx\n',
      'content/pages/tags.md': '#title\nTags\n#url\n/tags/notes/\n#body\nx\n',
    });
    const result = await build(options(root));
    expect(result.ok).toBe(false);
    const conflicts = result.diagnostics.filter((d) => d.code === 'route-conflict').map((d) => `${d.file}: ${d.message}`);
    expect(conflicts).toEqual(expect.arrayContaining([
      expect.stringMatching(/^content\/pages\/search\.md: .*the search page/),
      expect.stringMatching(/^content\/pages\/mine\.md: .*content\/2024-01-10-one\.md/),
      expect.stringMatching(/^content\/pages\/b\.md: .*content\/pages\/a\.md/),
      expect.stringMatching(/^content\/pages\/feed\.md: .*feed/),
      expect.stringMatching(/^content\/pages\/tags\.md: .*content\/2024-01-10-one\.md.*tags\/notes\//),
    ]));
  });

  it('speaks of a page, not a post, in the problems of a page file', async () => {
    const root = site({
      'site.config.ts': "export default { title: 'Words', url: 'https://words.example' };\n",
      'content/2024-01-10-one.md': post('Post one', '2024-01-10'),
      'content/pages/notitle.md': '#body\nx\n',
      'content/pages/nobody.md': '#title\nNo body\n#body\n\n',
      'content/pages/empty.md': '',
      'content/untitled.md': '#date\n2024-01-01\n#body\nx\n',
    });
    const result = await build(options(root));
    const said = Object.fromEntries(result.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.file, `${d.message} ${d.hint ?? ''}`]));
    expect(said['content/pages/notitle.md']).toMatch(/^The page has no `#title` section\./);
    expect(said['content/pages/nobody.md']).toMatch(/^The page body is empty\. Write the page text/);
    expect(said['content/pages/empty.md']).toMatch(/^The page file is empty\. Write the page \(`#title`, `#body` sections\)/);
    expect(said['content/untitled.md']).toMatch(/^The post has no `#title` section\./);
  });

  it('reports a bad url or menu with file, line and hint, and a page-only field in a post', async () => {
    const root = site({
      'site.config.ts': "export default { title: 'Bad', url: 'https://bad.example' };\n",
      'content/2024-01-10-one.md': post('Post one', '2024-01-10', '#menu\ntrue\n'),
      'content/pages/bad.md': '#title\nBad\n#url\nabout\n#menu\nsoon\n#body\nx\n',
      'content/pages/untitled.md': '---\nmenu: true\n---\nx\n',
    });
    const result = await build(options(root));
    const problems = result.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.file, d.line, d.code]);
    expect(problems).toEqual(expect.arrayContaining([
      ['content/2024-01-10-one.md', 7, 'invalid-page-field'],
      ['content/pages/bad.md', 4, 'invalid-page-field'],
      ['content/pages/bad.md', 6, 'invalid-page-field'],
      ['content/pages/untitled.md', 1, 'missing-section'],
    ]));
    expect(result.diagnostics.every((d) => d.severity !== 'error' || (d.hint ?? '') !== '')).toBe(true);
  });
});

describe('the menu setting', () => {
  it('replaces the theme entries, puts site paths under the base path, and takes numbered pages at their place', async () => {
    const root = site({
      'site.config.ts': "export default { title: 'Menu', url: 'https://menu.example', basePath: '/blog/', menu: [{ title: 'Writing', url: '/' }, { title: 'Code', url: 'https://code.example/me' }, { title: 'Tags', url: '/tags/' }] };\n",
      'content/2024-01-10-one.md': post('Post one', '2024-01-10', '#featured\ntrue\n'),
      'content/pages/about.md': '#title\nAbout\n#menu\n2\n#body\nx\n',
    });
    const result = await build(options(root));
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const home = nav(read(root, 'index.html'));
    expect(home.titles).toEqual(['Writing', 'About', 'Code', 'Tags']);
    expect(home.urls).toEqual(['/blog/', '/blog/about/', 'https://code.example/me', '/blog/tags/']);
    expect(home.current).toEqual(['Writing']);
    expect(nav(read(root, 'about/index.html')).current).toEqual(['About']);
  });
});

describe('pages in dev', () => {
  it('serves a page and the edited page after a save', async () => {
    const root = site({
      'site.config.ts': "export default { title: 'Dev', url: 'https://dev.example' };\n",
      'content/2024-01-10-one.md': post('Post one', '2024-01-10'),
      'content/pages/about.md': '#title\nAbout\n#menu\ntrue\n#body\nThe first words.\n',
      'content/pages/team/index.md': '#title\nTeam\n#body\n![Us](us.svg)\n',
      'content/pages/team/us.svg': '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n',
    });
    const server = await startDevServer({ root, port: 0, cacheDir: null, jobs: 1 });
    try {
      const get = async (url: string): Promise<string> => (await fetch(new URL(url, server.url))).text();
      expect(await get('/about/')).toContain('The first words.');
      expect(nav(await get('/')).titles).toContain('About');
      writeFileSync(path.join(root, 'content/pages/about.md'), '#title\nAbout us\n#menu\ntrue\n#body\nThe second words.\n');
      const deadline = Date.now() + 10_000;
      let text = '';
      while (Date.now() < deadline && !(text = await get('/about/')).includes('The second words.')) await new Promise((r) => setTimeout(r, 25));
      expect(text).toContain('The second words.');
      expect(nav(await get('/')).titles).toContain('About us');
      writeFileSync(path.join(root, 'content/pages/new.md'), '#title\nNew page\n#body\nFreshly made.\n');
      const until = Date.now() + 10_000;
      while (Date.now() < until && !(text = await get('/new/')).includes('Freshly made.')) await new Promise((r) => setTimeout(r, 25));
      expect(text).toContain('Freshly made.');
      // A bundle page's asset is served beside it; a deleted page is gone, from the menu too.
      expect(await get('/team/us.svg')).toContain('<svg');
      rmSync(path.join(root, 'content/pages/about.md'));
      const gone = Date.now() + 10_000;
      while (Date.now() < gone && nav(await get('/')).titles.some((t) => t.startsWith('About'))) await new Promise((r) => setTimeout(r, 25));
      expect(nav(await get('/')).titles).toEqual(['Home', 'Tags', 'Archive']);
      expect((await fetch(new URL('/about/', server.url))).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
