import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './support/browser.js';
import { readerSite } from './support/pages.js';
import { buildAndServe, type ServedSite } from './support/site.js';

/** Layout details of the built-in theme, measured in Chromium on the repo's own site. */

let site: ServedSite;
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
  site = await buildAndServe(readerSite());
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

async function open(path: string, width: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  await page.goto(site.at(path));
  return page;
}

/** Lines of text each cell of a table column takes (its height over its line height). */
function columnLines(page: Page, column: number): Promise<Array<{ text: string; lines: number }>> {
  return page.evaluate((n) => {
    return [...document.querySelectorAll<HTMLTableCellElement>(`.post-body table tr > :nth-child(${n})`)].map((cell) => {
      const range = document.createRange();
      range.selectNodeContents(cell);
      const rects = [...range.getClientRects()];
      const tops = new Set(rects.filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      return { text: cell.textContent?.trim() ?? '', lines: tops.size };
    });
  }, column);
}

describe('the built-in theme', () => {
  it.each([320, 1280])('keeps short words in table cells whole, at %i px, without scrolling sideways', async (width) => {
    const page = await open('about/', width);
    // A two-column table whose second column holds long code: the first column's words stay whole.
    expect(await columnLines(page, 1)).toEqual([
      { text: 'Part', lines: 1 },
      { text: 'Posts', lines: 1 },
      { text: 'Pages', lines: 1 },
      { text: 'Theme', lines: 1 },
    ]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(width);
    await page.close();
  });

  it('breaks a long path in a table cell instead of widening the page, at 320 px', async () => {
    const page = await open('about/', 320);
    const cell = await page.evaluate(() => {
      const code = [...document.querySelectorAll('.post-body td code')].find((c) => c.textContent === 'templates/partials/header.liquid')!;
      const table = code.closest('table')!.getBoundingClientRect();
      const box = code.getBoundingClientRect();
      return { right: box.right, tableRight: table.right, lines: new Set([...code.getClientRects()].map((r) => Math.round(r.top))).size };
    });
    expect(cell.lines).toBeGreaterThan(1);
    expect(cell.right).toBeLessThanOrEqual(cell.tableRight);
    await page.close();
  });

  it('lines the archive up: every date in one column, every title in another, at 1280 px', async () => {
    const page = await open('archive/', 1280);
    const lefts = await page.evaluate(() =>
      [...document.querySelectorAll('.archive-list li')].map((li) => ({
        date: Math.round(li.querySelector('time')!.getBoundingClientRect().left),
        title: Math.round(li.querySelector('a')!.getBoundingClientRect().left),
      })),
    );
    expect(lefts.length).toBeGreaterThan(5);
    expect(new Set(lefts.map((l) => l.date)).size).toBe(1);
    expect(new Set(lefts.map((l) => l.title)).size).toBe(1);
    await page.close();
  });

  it('shows a heading’s # on hover and on keyboard focus only', async () => {
    const page = await open('about/', 1280);
    const anchor = page.locator('.post-body .heading-anchor').first();
    const opacity = (): Promise<string> => anchor.evaluate((a) => getComputedStyle(a).opacity);
    expect(await opacity()).toBe('0');
    await page.locator('.post-body .heading h2').first().hover();
    expect(await opacity()).toBe('1');
    await page.mouse.move(0, 0);
    expect(await opacity()).toBe('0');
    for (let i = 0; i < 60 && !(await anchor.evaluate((a) => a === document.activeElement)); i++) await page.keyboard.press('Tab');
    expect(await anchor.evaluate((a) => a === document.activeElement)).toBe(true);
    expect(await opacity()).toBe('1');
    await page.close();
  });

  it('picks out featured posts in a block on the first home page, and puts the Featured badge on the date line', async () => {
    const page = await open('', 1280);
    const block = page.locator('.featured-block');
    await expect(block.locator('h2').textContent()).resolves.toBe('Featured');
    expect(await block.locator('li a').count()).toBeGreaterThan(0);
    const badge = await page.evaluate(() => {
      const card = document.querySelector('.card-featured')!;
      const date = card.querySelector('.post-meta time')!.getBoundingClientRect();
      const mark = card.querySelector('.badge-featured')!.getBoundingClientRect();
      return { dateMiddle: (date.top + date.bottom) / 2, badgeTop: mark.top, badgeBottom: mark.bottom };
    });
    expect(badge.badgeTop).toBeLessThan(badge.dateMiddle);
    expect(badge.badgeBottom).toBeGreaterThan(badge.dateMiddle);
    const second = await open('page/2/', 1280);
    expect(await second.locator('.featured-block').count()).toBe(0);
    await second.close();
    await page.close();
  });
});
