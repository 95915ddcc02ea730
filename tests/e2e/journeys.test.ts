import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFeed } from 'feedsmith';
import { launchBrowser } from './support/browser.js';
import { codeContrasts, scrollWidth, tabThroughLinks } from './support/in-page.js';
import { READER_PAGE_KINDS, READER_TEMPLATES, readerSite } from './support/pages.js';
import { buildAndServe, type ServedSite } from './support/site.js';

const SCREENSHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
const DOCS_SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

let site: ServedSite;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  // The browser first: a missing Chromium fails at once, before a build that would be thrown away.
  browser = await launchBrowser();
  site = await buildAndServe(readerSite());
  context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe('a reader', () => {
  it('goes from the home page to a post, one of its tags, that tag’s page 2, featured and the archive', async () => {
    const page = await context.newPage();
    const home = await page.goto(site.url);
    expect(home?.status()).toBe(200);
    await expect(page.locator('h1').textContent()).resolves.toBe('Hashmark Notes');

    const firstCard = page.locator('.card-title a').first();
    const postTitle = (await firstCard.textContent())?.trim();
    await firstCard.click();
    await page.waitForURL(/\/posts\/[^/]+\/$/);
    expect((await page.locator('h1').textContent())?.trim()).toBe(postTitle);
    const postUrl = page.url();

    // Of the post's tags, follow one that has more posts than fit on one page.
    const tagLinks = page.locator('.post-header .tag-list a');
    const hrefs = await tagLinks.evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
    expect(hrefs.length).toBeGreaterThan(0);
    let paginated = -1;
    for (const [i, href] of hrefs.entries()) {
      const html = await (await page.request.get(href)).text();
      if (html.includes('rel="next"')) {
        paginated = i;
        break;
      }
    }
    expect(paginated, `one of ${hrefs.join(', ')} has a second page`).toBeGreaterThanOrEqual(0);
    const tagName = (await tagLinks.nth(paginated).textContent())?.trim() ?? '';
    await tagLinks.nth(paginated).click();
    await page.waitForURL(hrefs[paginated]!);
    await expect(page.locator('h1').textContent()).resolves.toContain(tagName);
    // The post we came from is listed on its tag's first page.
    const firstPagePosts = await page.locator('.card-title a').evaluateAll((l) => l.map((a) => (a as HTMLAnchorElement).href));
    expect(firstPagePosts).toContain(postUrl);

    await page.locator('a[rel="next"]').click();
    await page.waitForURL(`${hrefs[paginated]}page/2/`);
    await expect(page.locator('[aria-current="page"]').textContent()).resolves.toMatch(/^Page 2 of \d+$/);
    const secondPagePosts = await page.locator('.card-title a').evaluateAll((l) => l.map((a) => (a as HTMLAnchorElement).href));
    expect(secondPagePosts.length).toBeGreaterThan(0);
    expect(secondPagePosts.filter((u) => firstPagePosts.includes(u))).toEqual([]);
    await expect(page.locator('a[rel="prev"]').getAttribute('href')).resolves.toBeTruthy();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Featured' }).click();
    await page.waitForURL(site.at('featured/'));
    const featuredCards = page.locator('.card');
    expect(await featuredCards.count()).toBeGreaterThan(0);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Archive' }).click();
    await page.waitForURL(site.at('archive/'));
    const archiveLinks = await page.locator('main a[href*="/posts/"]').evaluateAll((l) => l.map((a) => (a as HTMLAnchorElement).href));
    // The archive lists every post exactly once, the one we read among them.
    expect(archiveLinks).toContain(postUrl);
    expect(new Set(archiveLinks).size).toBe(site.result.posts);
    await page.close();
  });

  it('gets the 404 page with status 404 for a missing URL, styled and with a way home', async () => {
    const page = await context.newPage();
    const response = await page.goto(site.at('posts/no-such-post/'));
    expect(response?.status()).toBe(404);
    await expect(page.title()).resolves.toMatch(/not found/i);
    // The stylesheet loads from a nested missing URL too: links on the 404 page are not relative.
    const skipLinkPosition = await page.locator('.skip-link').evaluate((el) => getComputedStyle(el).position);
    expect(skipLinkPosition).not.toBe('static');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click();
    await page.waitForURL(site.url);
    await page.close();
  });

  it.each(READER_TEMPLATES)(
    'reaches every link on the $kind page with Tab alone, each with a visible focus indicator',
    async ({ path: sitePath }) => {
      const page = await context.newPage();
      await page.goto(site.at(sitePath));
      const report = await tabThroughLinks(page);
      expect(report.links.length).toBeGreaterThan(3);
      expect(report.unreached).toEqual([]);
      expect(report.noIndicator).toEqual([]);
      await page.close();
    },
  );

  it('reads highlighted code in dark mode and in light mode at 4.5:1 or better', async () => {
    const posts = site.result.posts;
    expect(posts).toBeGreaterThan(0);
    const archive = await (await fetch(site.at('archive/'))).text();
    const postPaths = [...new Set([...archive.matchAll(/href="([^"]*\/posts\/[^"#]+\/)"/g)].map((m) => m[1]!))];
    expect(postPaths.length).toBe(posts);
    for (const colorScheme of ['dark', 'light'] as const) {
      const themed = await browser.newContext({ colorScheme, viewport: { width: 1024, height: 768 } });
      const page = await themed.newPage();
      let tokens = 0;
      const unreadable: string[] = [];
      for (const postPath of postPaths) {
        await page.goto(new URL(postPath, site.origin).href);
        const bodyBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        // The emulated scheme really switched the palette.
        expect(bodyBg).toBe(colorScheme === 'dark' ? 'rgb(13, 17, 23)' : 'rgb(255, 255, 255)');
        for (const token of await codeContrasts(page)) {
          tokens++;
          if (token.ratio < 4.5) unreadable.push(`${postPath} .${token.className} "${token.text}" ${token.color} on ${token.background}: ${token.ratio.toFixed(2)}`);
        }
      }
      expect(tokens, 'the posts contain highlighted code').toBeGreaterThan(50);
      expect(unreadable, `${colorScheme} mode`).toEqual([]);
      await themed.close();
    }
  });

  it('never scrolls sideways at 320 px wide, on any page kind', async () => {
    const narrow = await browser.newContext({ viewport: { width: 320, height: 640 } });
    const page = await narrow.newPage();
    const wide: string[] = [];
    for (const { kind, path: sitePath } of READER_PAGE_KINDS) {
      await page.goto(site.at(sitePath));
      const width = await scrollWidth(page);
      if (width > 320) wide.push(`${kind} (${sitePath}): ${width}px`);
    }
    expect(wide).toEqual([]);
    await narrow.close();
  });

  it('follows every feed autodiscovery link to a feed that parses', async () => {
    const page = await context.newPage();
    for (const sitePath of ['', 'posts/idempotent-consumers/', 'tags/kafka/']) {
      await page.goto(site.at(sitePath));
      const feeds = await page
        .locator('head link[rel="alternate"]')
        .evaluateAll((links) => links.map((l) => ({ type: l.getAttribute('type') ?? '', href: (l as HTMLLinkElement).href })));
      const types = feeds.map((f) => f.type);
      expect(types).toEqual(expect.arrayContaining(['application/rss+xml', 'application/atom+xml', 'application/feed+json']));
      if (sitePath.startsWith('tags/')) expect(feeds.some((f) => f.href.endsWith('/tags/kafka/feed.xml'))).toBe(true);
      for (const feed of feeds) {
        const response = await fetch(feed.href);
        expect(response.status, feed.href).toBe(200);
        const parsed = parseFeed(await response.text());
        const expected = { 'application/rss+xml': 'rss', 'application/atom+xml': 'atom', 'application/feed+json': 'json' }[feed.type];
        expect(parsed.format, feed.href).toBe(expected);
      }
    }
    await page.close();
  });
});

describe('screenshots', () => {
  // Full size for people reviewing a run; HASHMARK_DOCS_SCREENSHOTS=1 also refreshes the README's small copies.
  const docs = process.env.HASHMARK_DOCS_SCREENSHOTS === '1';
  const shots = [
    { name: 'home', path: '', colorScheme: 'light' as const, code: false },
    { name: 'post-light', path: 'posts/idempotent-consumers/', colorScheme: 'light' as const, code: true },
    { name: 'post-dark', path: 'posts/idempotent-consumers/', colorScheme: 'dark' as const, code: true },
    { name: 'tag', path: 'tags/kafka/', colorScheme: 'light' as const, code: false },
  ];

  it('captures home, a post in light and dark mode (at its first code block), and a tag page', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    if (docs) mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
    const sizes = [{ width: 1200, height: 900, dir: SCREENSHOTS }, ...(docs ? [{ width: 800, height: 600, dir: DOCS_SCREENSHOTS }] : [])];
    for (const size of sizes) {
      for (const shot of shots) {
        const themed = await browser.newContext({ colorScheme: shot.colorScheme, viewport: { width: size.width, height: size.height } });
        const page = await themed.newPage();
        await page.goto(site.at(shot.path));
        if (shot.code) {
          // Show highlighted code with the paragraph above it, the part of a post that differs most between themes.
          await page.locator('pre').first().evaluate((pre) => {
            const lead = pre.previousElementSibling ?? pre;
            window.scrollTo({ top: lead.getBoundingClientRect().top + window.scrollY - 24, behavior: 'instant' });
          });
        }
        const png = await page.screenshot({ path: path.join(size.dir, `${shot.name}.png`) });
        // A real render, not a blank page: PNGs of a blank viewport compress to a few KB.
        expect(png.length).toBeGreaterThan(20_000);
        await themed.close();
      }
    }
  });
});
