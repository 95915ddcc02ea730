import { AxeBuilder } from '@axe-core/playwright';
import { execFile } from 'node:child_process';
import { copyFileSync, createReadStream, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { loadPosts } from '../../src/content/index.js';
import { shardCountFor, shardOf } from '../../src/search/index.js';
import { launchBrowser } from './support/browser.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

interface Served {
  dir: string;
  origin: string;
  /** Absolute URL of a path under the base path, e.g. `search/?q=x`. */
  at(sitePath: string): string;
  close(): Promise<void>;
}

/** Builds a site into a temporary folder and serves it with clean URLs under `basePath`. */
async function buildAndServe(root: string, basePath: string): Promise<Served> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hashmark-search-e2e-'));
  const outDir = path.join(dir, 'dist');
  const result = await build({ root, outDir, cacheDir: path.join(dir, 'cache'), basePath, jobs: 1 });
  const errors = result.diagnostics.filter((d) => d.severity === 'error' || d.code === 'search-index-failed');
  expect(errors, JSON.stringify(errors)).toEqual([]);

  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = pathname.startsWith(basePath) ? path.join(outDir, pathname.slice(basePath.length)) : '';
    if (file && pathname.endsWith('/')) file = path.join(file, 'index.html');
    let found = false;
    try {
      found = file.startsWith(outDir) && statSync(file).isFile();
    } catch {
      found = false;
    }
    if (!found) {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      createReadStream(path.join(outDir, '404.html')).pipe(res);
      return;
    }
    const type = file.endsWith('.html')
      ? 'text/html; charset=utf-8'
      : file.endsWith('.js')
        ? 'text/javascript; charset=utf-8'
        : file.endsWith('.css')
          ? 'text/css; charset=utf-8'
          : 'application/octet-stream';
    res.writeHead(200, { 'content-type': type });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    dir: outDir,
    origin,
    at: (sitePath) => `${origin}${basePath}${sitePath}`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A word of at least seven letters that occurs in the body of exactly one published post and in no
 * post's title, description or tags: finding that post proves the body itself is indexed.
 */
function bodyOnlyWord(): { word: string; slug: string } {
  const posts = loadPosts({ root: ROOT, contentDir: path.join(ROOT, 'content') }).value.filter((p) => !p.draft);
  const words = (text: string): Set<string> => new Set(text.toLowerCase().match(/\b[a-z]{7,}\b/g) ?? []);
  const meta = new Set<string>();
  for (const p of posts) for (const w of words(`${p.title} ${p.description} ${p.tags.map((t) => t.name).join(' ')}`)) meta.add(w);
  const owners = new Map<string, string[]>();
  for (const p of posts) for (const w of words(p.body.read())) owners.set(w, [...(owners.get(w) ?? []), p.slug]);
  const candidates = [...owners]
    .filter(([w, slugs]) => slugs.length === 1 && !meta.has(w) && ![...owners.keys()].some((o) => o !== w && (o.startsWith(w) || w.startsWith(o))))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  const [word, slugs] = candidates[0]!;
  return { word, slug: slugs[0]! };
}

/** Types `text` into the focused box and returns ms from its last keystroke until `selector` is visible. */
async function typeAndTime(page: Page, text: string, selector: string): Promise<number> {
  await page.keyboard.type(text.slice(0, -1));
  const started = Date.now();
  await page.keyboard.press(text.slice(-1));
  await page.locator(selector).first().waitFor({ state: 'visible', timeout: 2000 });
  return Date.now() - started;
}

function runVnu(files: string[]): Promise<string> {
  const jar = path.join(ROOT, 'node_modules/vnu-jar/build/dist/vnu.jar');
  return new Promise((resolve) => {
    execFile('java', ['-jar', jar, '--errors-only', ...files], (error, stdout, stderr) => resolve(error ? `${stdout}${stderr}` : ''));
  });
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

// The repository's own posts link to each other by root-relative URLs, which the link checker
// rightly rejects under another base path; the base path case runs on a fixture site.
const SITES = [
  // `punctuated`: a word the site's text also writes with punctuation after it (`Kafka,`, `services.`).
  { name: "the repository's site", root: ROOT, basePath: '/', target: bodyOnlyWord(), punctuated: 'kafka' },
  {
    name: 'tests/fixtures/sites/search',
    root: path.join(ROOT, 'tests/fixtures/sites/search'),
    basePath: '/blog/',
    target: { word: 'marmalade', slug: 'quiet-queues' },
    punctuated: 'services',
  },
];

for (const { name, root, basePath, target, punctuated } of SITES) {
  describe(`search on ${name} under ${basePath}`, () => {
    let site: Served;
    beforeAll(async () => {
      site = await buildAndServe(root, basePath);
    }, 120_000);
    afterAll(async () => {
      await site?.close();
    });

    it('lists the post whose body holds the typed words within 2 s of the keystroke, with the words marked', async () => {
      const page = await browser.newPage();
      const outside: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith(site.origin)) outside.push(r.url());
      });
      await page.goto(site.at('search/'));
      await page.locator('#hm-search-q').focus();
      const link = `.search-results a[href="${basePath}posts/${target.slug}/"]`;
      const ms = await typeAndTime(page, target.word, link);
      expect(ms).toBeLessThan(2000);
      const item = page.locator('.search-result', { has: page.locator(`a[href="${basePath}posts/${target.slug}/"]`) });
      const mark = await item.locator('mark').first().textContent({ timeout: 1000 });
      expect(mark?.toLowerCase()).toContain(target.word.slice(0, 5));
      await expect.poll(() => page.locator('[data-search-status]').textContent()).toMatch(/posts? match/);
      expect(new URL(page.url()).searchParams.get('q')).toBe(target.word);
      expect(outside).toEqual([]);
      await page.close();
    });

    it('marks only the matched words in snippets, never the punctuation beside them', async () => {
      const page = await browser.newPage();
      await page.goto(site.at(`search/?q=${punctuated}`));
      await page.locator('.search-result mark').first().waitFor({ timeout: 5000 });
      const marks = await page.locator('.search-result mark').allTextContents();
      expect(marks.map((m) => m.toLowerCase())).toContain(punctuated);
      for (const mark of marks) expect(mark).toMatch(/^[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*$/u);
      // The punctuation the text has after the word stays outside the mark.
      const snippets = (await page.locator('.search-result-snippet').allTextContents()).join(' ');
      expect(snippets).toMatch(new RegExp(`${punctuated}[,.:;]`, 'i'));
      await page.close();
    });

    it('sends a query from the header box on any page to the search page, which shows the results', async () => {
      const page = await browser.newPage();
      await page.goto(site.at('archive/'));
      await page.locator('#hm-site-search').fill(target.word);
      await Promise.all([page.waitForURL(/\/search\/\?q=/), page.keyboard.press('Enter')]);
      expect(new URL(page.url()).pathname).toBe(`${basePath}search/`);
      await page.locator(`.search-results a[href="${basePath}posts/${target.slug}/"]`).waitFor({ timeout: 2000 });
      expect(await page.locator('#hm-search-q').inputValue()).toBe(target.word);
      await page.close();
    });

    it('says so when nothing matches, and offers the archive and tags without JavaScript', async () => {
      const page = await browser.newPage();
      await page.goto(site.at('search/?q=zzqxjv'));
      await expect.poll(() => page.locator('[data-search-status]').textContent()).toContain('No posts match');
      await page.close();

      const context = await browser.newContext({ javaScriptEnabled: false });
      const nojs = await context.newPage();
      await nojs.goto(site.at('search/?q=anything'));
      const fallback = nojs.locator('[data-search-fallback]');
      expect(await fallback.isVisible()).toBe(true);
      expect(await fallback.locator(`a[href="${basePath}archive/"]`).count()).toBe(1);
      expect(await fallback.locator(`a[href="${basePath}tags/"]`).count()).toBe(1);
      await context.close();
    });

    it('has no WCAG A/AA violations with results shown, in light and dark', async () => {
      for (const colorScheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ colorScheme });
        const page = await context.newPage();
        await page.goto(site.at(`search/?q=${encodeURIComponent(target.word)}`));
        await page.locator('.search-result mark').first().waitFor({ timeout: 5000 });
        const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
        expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
        await context.close();
      }
    });

    if (basePath !== '/') {
      it('never finds words that only drafts or scheduled posts contain', async () => {
        const page = await browser.newPage();
        for (const word of ['zanzibarian', 'xylophonist']) {
          await page.goto(site.at(`search/?q=${word}`));
          await expect.poll(() => page.locator('[data-search-status]').textContent()).toContain('No posts match');
        }
        await page.close();
      });
    }

    if (basePath === '/') {
      it('serves valid HTML for the search page and the pages that carry the search box', async () => {
        const report = await runVnu([path.join(site.dir, 'search/index.html'), path.join(site.dir, 'index.html'), path.join(site.dir, '404.html')]);
        expect(report).toBe('');
      }, 60_000);
    }
  });
}

/** A word of letters only, distinct per number (Pagefind splits words at digits). */
function letters(n: number): string {
  let word = '';
  for (let rest = n; word.length < 3 || rest > 0; rest = Math.floor(rest / 26)) word += String.fromCharCode(97 + (rest % 26));
  return word;
}

/**
 * A site with enough posts for the index to be split into shards by the default rule; each post
 * holds a word of its own (`quellor<letters>`) so a search names exactly one post.
 */
function shardedSite(posts: number): { root: string; slugs: string[] } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'hashmark-search-shards-'));
  copyFileSync(path.join(ROOT, 'tests/fixtures/sites/search/site.config.ts'), path.join(root, 'site.config.ts'));
  mkdirSync(path.join(root, 'content'));
  const slugs: string[] = [];
  for (let i = 0; i < posts; i++) {
    const slug = `note-${letters(i)}`;
    slugs.push(slug);
    const day = String((i % 28) + 1).padStart(2, '0');
    writeFileSync(
      path.join(root, 'content', `2023-02-${day}-${slug}.md`),
      `#title\nNote ${letters(i)}\n#description\nA short note.\n#date\n2023-02-${day}\n#body\nThis note mentions quellor${letters(i)} once.\n`,
    );
  }
  return { root, slugs };
}

describe('search over an index split into shards', () => {
  const posts = 300;
  const shardCount = shardCountFor(posts);
  let generated: { root: string; slugs: string[] };
  let site: Served;
  beforeAll(async () => {
    generated = shardedSite(posts);
    site = await buildAndServe(generated.root, '/blog/');
  }, 180_000);
  afterAll(async () => {
    await site?.close();
    if (generated) rmSync(generated.root, { recursive: true, force: true });
  });

  it('finds posts of the primary shard and of merged shards under the base path', async () => {
    expect(shardCount).toBeGreaterThan(1);
    const merged = JSON.parse(readFileSync(path.join(site.dir, 'pagefind/shards.json'), 'utf8')) as string[];
    const shardsOf = generated.slugs.map((slug) => shardOf(slug, shardCount));
    const primary = Math.min(...shardsOf);
    expect(merged).toEqual([...new Set(shardsOf)].filter((n) => n !== primary).sort((a, b) => a - b).map((n) => `${n}/`));
    const inPrimary = generated.slugs.findIndex((_, i) => shardsOf[i] === primary);
    const inMerged = generated.slugs.findIndex((_, i) => shardsOf[i] === shardsOf.find((n) => n !== primary));
    expect(inMerged).toBeGreaterThanOrEqual(0);

    const page = await browser.newPage();
    for (const i of [inMerged, inPrimary]) {
      await page.goto(site.at(`search/?q=quellor${letters(i)}`));
      const link = page.locator(`.search-results a[href="/blog/posts/${generated.slugs[i]}/"]`);
      await link.waitFor({ timeout: 5000 });
      await expect.poll(() => page.locator('.search-result').count()).toBe(1);
      expect((await page.locator('.search-result mark').first().textContent())?.toLowerCase()).toContain('quellor');
    }
    await page.close();
  }, 60_000);
});
