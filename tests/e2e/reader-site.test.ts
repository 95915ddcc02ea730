import type { Browser } from 'playwright-core';
import { XMLParser } from 'fast-xml-parser';
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe.js';
import { launchBrowser } from './support/browser.js';
import { crawl } from './support/crawl.js';
import { READER_TEMPLATES, readerSite } from './support/pages.js';
import { buildAndServe, type ServedSite } from './support/site.js';
import { formatVnu, runVnu } from './support/vnu.js';

/**
 * The repo's own posts, built and served twice: at the root and under /blog/ (GitHub Pages project sites).
 * Every check runs on both.
 */
const BASES = ['/', '/blog/'] as const;
const sites = new Map<string, ServedSite>();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  for (const site of sites.values()) await site.close();
});

const site = (base: string): ServedSite => sites.get(base)!;

/** Every HTML page the build wrote, as site paths (`posts/x/`), 404.html aside. */
function htmlPages(outDir: string): string[] {
  const pages: string[] = [];
  const walk = (dir: string, prefix: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(dir, entry.name), `${prefix}${entry.name}/`);
      else if (entry.name === 'index.html') pages.push(prefix);
    }
  };
  walk(outDir, '');
  return pages.sort();
}

describe.each(BASES)('served under %s', (base) => {
  // Each base path builds on its own, so a problem under /blog/ does not hide the results at /.
  beforeAll(async () => {
    sites.set(base, await buildAndServe(readerSite(base)));
  });

  it('has 0 errors from the W3C Nu checker on every page', async () => {
    const messages = await runVnu([site(base).outDir]);
    expect(formatVnu(messages, site(base).outDir)).toEqual([]);
    // The checker saw the pages (a wrong path would also report nothing).
    expect(htmlPages(site(base).outDir).length).toBe(site(base).result.pages - 1);
  });

  it.each(READER_TEMPLATES)('has no WCAG 2.x A/AA violations on the $kind page (axe)', async ({ path: sitePath, status }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(site(base).at(sitePath));
    expect(response?.status()).toBe(status);
    expect((await axeViolations(page)).map((v) => v.summary)).toEqual([]);
    await context.close();
  });

  it('has no WCAG 2.x A/AA violations on a post in dark mode (axe)', async () => {
    const context = await browser.newContext({ colorScheme: 'dark' });
    const page = await context.newPage();
    await page.goto(site(base).at('posts/idempotent-consumers/'));
    expect((await axeViolations(page)).map((v) => v.summary)).toEqual([]);
    await context.close();
  });

  it('resolves every internal link and #fragment on every page, crawled from the home and 404 pages', async () => {
    const s = site(base);
    const report = await crawl(s.url, [s.url, s.at('no/such/page/')]);
    expect(report.problems).toEqual([]);
    // The crawl reached every page the build wrote: nothing is orphaned.
    const crawled = [...report.pages.values()]
      .filter((p) => p.contentType.startsWith('text/html') && p.status === 200)
      .map((p) => p.url.slice(s.url.length))
      // The 404 page names itself as canonical; it is served for missing URLs, not listed.
      .filter((p) => p !== '404.html');
    expect(crawled.sort()).toEqual(htmlPages(s.outDir));
  });

  describe('feeds', () => {
    const get = async (sitePath: string): Promise<string> => {
      const response = await fetch(site(base).at(sitePath));
      expect(response.status, sitePath).toBe(200);
      return response.text();
    };
    const expectAbsoluteOnSite = (urls: Array<string | undefined>): void => {
      expect(urls.length).toBeGreaterThan(0);
      for (const url of urls) {
        expect(url, 'an absolute URL').toMatch(/^https?:\/\//);
        expect(url!.startsWith(site(base).url), `${url} is under ${site(base).url}`).toBe(true);
      }
    };
    const expectDate = (value: string | undefined): void => {
      expect(value).toBeTruthy();
      expect(Number.isNaN(Date.parse(value!)), `${value} parses as a date`).toBe(false);
    };

    it('publishes an RSS 2.0 feed with absolute links, parseable dates and full content', async () => {
      const feed = parseRssFeed(await get('feed.xml'));
      expect(feed.title).toBe('Hashmark Notes');
      const items = feed.items ?? [];
      expect(items.length).toBe(site(base).result.posts);
      expectAbsoluteOnSite([feed.link, ...items.map((i) => i.link)]);
      for (const item of items) {
        expectDate(item.pubDate);
        expect(item.guid?.value).toBeTruthy();
        expect(item.content?.encoded ?? item.description ?? '').toMatch(/<p>/);
      }
      // Relative links and images in the body become absolute in feeds.
      const bodies = items.map((i) => i.content?.encoded ?? i.description ?? '').join('\n');
      expect(bodies).not.toMatch(/(?:href|src)="\/(?!\/)/);
      expect(bodies).not.toMatch(/(?:href|src)="(?![a-z]+:|#)/);
    });

    it('publishes an Atom feed with absolute links and parseable dates', async () => {
      const feed = parseAtomFeed(await get('atom.xml'));
      expectDate(feed.updated);
      const entries = feed.entries ?? [];
      expect(entries.length).toBe(site(base).result.posts);
      expectAbsoluteOnSite(entries.map((e) => e.links?.[0]?.href));
      for (const entry of entries) {
        expectDate(entry.updated);
        expect(entry.id).toBeTruthy();
      }
    });

    it('publishes a JSON Feed 1.1 with absolute URLs and parseable dates', async () => {
      const feed = parseJsonFeed(await get('feed.json'));
      expectAbsoluteOnSite([feed.home_page_url, feed.feed_url]);
      const items = feed.items ?? [];
      expect(items.length).toBe(site(base).result.posts);
      expectAbsoluteOnSite(items.map((i) => i.url));
      for (const item of items) {
        expectDate(item.date_published);
        expect(item.content_html).toBeTruthy();
      }
    });

    it('publishes a feed per tag holding exactly that tag’s posts', async () => {
      const feed = parseRssFeed(await get('tags/kafka/feed.xml'));
      const links = (feed.items ?? []).map((i) => i.link ?? '');
      expectAbsoluteOnSite(links);
      const tagPage1 = await get('tags/kafka/');
      const lede = tagPage1.match(/(\d+) posts? tagged/);
      expect(links.length).toBe(Number(lede?.[1]));
      for (const link of links) {
        const post = await (await fetch(link)).text();
        expect(post).toContain(`href="${site(base).url.slice(site(base).origin.length)}tags/kafka/"`);
      }
    });

    it('lists every HTML page except 404 in the sitemap, each answering 200', async () => {
      const xml = await get('sitemap.xml');
      const parsed = new XMLParser({ isArray: (name) => name === 'url' }).parse(xml) as {
        urlset?: { url?: Array<{ loc: string; lastmod?: string }> };
      };
      const entries = parsed.urlset?.url ?? [];
      const locs = entries.map((u) => u.loc);
      expectAbsoluteOnSite(locs);
      for (const entry of entries) if (entry.lastmod !== undefined) expectDate(String(entry.lastmod));
      expect(new Set(locs).size).toBe(locs.length);
      expect(locs.map((l) => l.slice(site(base).url.length)).sort()).toEqual(htmlPages(site(base).outDir));
      for (const loc of locs) expect((await fetch(loc, { method: 'HEAD' })).status, loc).toBe(200);
      // robots.txt points crawlers at it.
      expect(await get('robots.txt')).toContain(`Sitemap: ${site(base).at('sitemap.xml')}`);
    });
  });
});
