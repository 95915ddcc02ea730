import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../src/dev/index.js';
import { launchBrowser } from './support/browser.js';

const fixture = fileURLToPath(new URL('../fixtures/sites/dev-small', import.meta.url));
const theme = fileURLToPath(new URL('../../templates', import.meta.url));
let root: string;
let server: DevServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'hashmark-dev-e2e-'));
  cpSync(fixture, root, { recursive: true });
  // The project's own copy of the theme, so the stylesheet can be edited without touching the repository.
  cpSync(theme, path.join(root, 'templates'), { recursive: true });
  server = await startDevServer({ root, port: 0, cacheDir: null, jobs: 1 });
  browser = await launchBrowser();
  page = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

/** Resolves once the dev client's WebSocket is connected, so no change can be missed before it listens. */
async function openConnected(url: string): Promise<void> {
  const connected = page.waitForEvent('console', { predicate: (m) => m.text().includes('[vite] connected'), timeout: 15_000 });
  await page.goto(url);
  await connected;
}

describe('hashmark dev in Chromium', () => {
  it('reloads the page by itself when the post file is saved', async () => {
    await openConnected(new URL('posts/first-post/', server.url).href);
    expect(await page.locator('main').textContent()).toContain('The original first paragraph.');
    await page.evaluate(() => {
      (window as unknown as { beforeSave: boolean }).beforeSave = true;
    });
    const post = path.join(root, 'content', 'first-post.md');
    writeFileSync(post, readFileSync(post, 'utf8').replace('The original first paragraph.', 'Saved while the tab was open.'));
    await page.waitForFunction(() => document.body.textContent?.includes('Saved while the tab was open.'), undefined, { timeout: 15_000 });
    // A fresh document: the page was reloaded, not patched by the test.
    expect(await page.evaluate(() => (window as unknown as { beforeSave?: boolean }).beforeSave)).toBeUndefined();
  });

  it('shows a broken save as an error page and comes back on the fix', async () => {
    await openConnected(new URL('posts/first-post/', server.url).href);
    const post = path.join(root, 'content', 'first-post.md');
    const good = readFileSync(post, 'utf8');
    writeFileSync(post, good.replace('#tags\n["Testing"]', '#tags\nTesting, Dev'));
    await page.waitForFunction(() => document.body.textContent?.includes('invalid-tags'), undefined, { timeout: 15_000 });
    expect(await page.locator('h1').first().textContent()).toContain('cannot be built');
    writeFileSync(post, good);
    await page.waitForFunction(
      () => !document.body.textContent?.includes('invalid-tags') && document.querySelector('main h2')?.textContent?.includes('A heading'),
      undefined,
      { timeout: 15_000 },
    );
  });

  it('finds a post by a word of its body on the search page, and a word added by an edit after the save', async () => {
    const search = await browser.newPage();
    const typeAndFind = async (word: string): Promise<void> => {
      await search.goto(new URL(`search/?q=${word}`, server.url).href);
      await search.locator('.search-results a[href$="/posts/second-post/"]').waitFor({ timeout: 20_000 });
      expect(await search.locator('[data-search-status]').textContent()).toMatch(/1 post matches/);
    };
    await typeAndFind('neighbour');
    // A word only the edit brings: found once the index has been rebuilt in the background.
    const post = path.join(root, 'content', 'second-post.md');
    const before = server.session.search.builds;
    writeFileSync(post, readFileSync(post, 'utf8').replace("The second post's only paragraph.", 'A paragraph about marmalade.'));
    await expect.poll(() => server.session.search.builds, { timeout: 20_000 }).toBeGreaterThan(before);
    await typeAndFind('marmalade');
    await search.close();
  });

  it('says one true thing when the search index cannot be loaded', async () => {
    const search = await browser.newPage();
    await search.route('**/pagefind/**', (route) => route.fulfill({ status: 404, body: 'gone' }));
    await search.goto(new URL('search/?q=neighbour', server.url).href);
    await expect.poll(() => search.locator('[data-search-status]').textContent(), { timeout: 15_000 }).toContain('could not be loaded');
    // JavaScript runs: the fallback that says it does not stays hidden.
    expect(await search.locator('[data-search-fallback]').isHidden()).toBe(true);
    await search.close();
  });

  it('swaps an edited stylesheet in place without reloading the page', async () => {
    await openConnected(new URL('posts/first-post/', server.url).href);
    await page.evaluate(() => {
      (window as unknown as { beforeSave: boolean }).beforeSave = true;
    });
    const css = path.join(root, 'templates', 'assets', 'theme.css');
    writeFileSync(css, `${readFileSync(css, 'utf8')}\nbody { outline: 3px solid rgb(255, 0, 0); }\n`);
    await page.waitForFunction(() => getComputedStyle(document.body).outlineColor === 'rgb(255, 0, 0)', undefined, { timeout: 20_000 });
    expect(await page.evaluate(() => (window as unknown as { beforeSave?: boolean }).beforeSave)).toBe(true);
  });
});
