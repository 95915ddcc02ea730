import type { Browser } from 'playwright-core';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe.js';
import { launchBrowser } from './support/browser.js';
import { crawl } from './support/crawl.js';
import { scrollWidth } from './support/in-page.js';
import { buildAndServe, fixtureSite, type ServedSite } from './support/site.js';
import { formatVnu, runVnu } from './support/vnu.js';

/**
 * Markdown the way real blogs write it: hand-written HTML tables, footnotes, emoji, CJK and right-to-left text,
 * code in many languages, details/summary, kbd, bundled images, and markup-like text in every field.
 */
let site: ServedSite;
let browser: Browser;
let postPaths: string[];

beforeAll(async () => {
  browser = await launchBrowser();
  site = await buildAndServe({ root: fixtureSite('variety') });
  const archive = await (await fetch(site.at('archive/'))).text();
  postPaths = [...new Set([...archive.matchAll(/href="[^"]*\/(posts\/[^"#/]+\/)"/g)].map((m) => m[1]!))];
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe('a site of hostile-but-valid posts', () => {
  it('builds every post', () => {
    expect(site.result.posts).toBe(6);
    expect(postPaths).toHaveLength(6);
  });

  it('has 0 errors from the W3C Nu checker on every page', async () => {
    const messages = await runVnu([site.outDir]);
    expect(formatVnu(messages, site.outDir)).toEqual([]);
  });

  it('has no WCAG 2.x A/AA violations on any post, and on the code post in dark mode too (axe)', async () => {
    const found: string[] = [];
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ colorScheme });
      const page = await context.newPage();
      // Dark mode changes colours only; the post with the most highlighted tokens is the one at risk.
      const paths = colorScheme === 'light' ? postPaths : ['posts/code-in-many-languages/'];
      for (const postPath of paths) {
        const response = await page.goto(site.at(postPath));
        expect(response?.status()).toBe(200);
        for (const v of await axeViolations(page)) found.push(`${colorScheme} ${postPath}: ${v.summary}`);
      }
      await context.close();
    }
    expect(found).toEqual([]);
  });

  it('never scrolls sideways at 320 px wide: long URLs, wide tables, CJK lines and long code lines stay inside', async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
    const page = await context.newPage();
    const wide: string[] = [];
    for (const sitePath of [...postPaths, '', 'tags/', 'archive/']) {
      await page.goto(site.at(sitePath));
      const width = await scrollWidth(page);
      if (width > 320) wide.push(`${sitePath || 'home'}: ${width}px`);
    }
    expect(wide).toEqual([]);
    await context.close();
  });

  it('resolves every internal link and #fragment, footnotes and repeated headings included', async () => {
    const report = await crawl(site.url, [site.url]);
    expect(report.problems).toEqual([]);
    const footnotes = await (await fetch(site.at('posts/footnotes-and-gfm/'))).text();
    // The crawl did check footnote round trips: the post links to its notes and back.
    expect(footnotes).toMatch(/href="#user-content-fn-1"/);
    expect(footnotes).toMatch(/href="#user-content-fnref-1"/);
  });

  it('keeps markup-like text as text and strips script and handlers in the sanitised body', async () => {
    const page = await browser.newPage();
    await page.goto(site.at('posts/hostile-but-valid-text/'));
    await expect(page.locator('h1').textContent()).resolves.toBe(`Hostile text: <script>alert(1)</script> & "quotes" 'apostrophes'`);
    expect(await page.locator('main script').count()).toBe(0);
    expect(await page.locator('[onclick]').count()).toBe(0);
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    await page.close();
    expect(path.isAbsolute(site.outDir)).toBe(true);
  });
});
