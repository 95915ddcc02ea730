import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { put, raster, svg } from '../support/images.js';
import { axeViolations } from './support/axe.js';
import { launchBrowser } from './support/browser.js';
import { buildAndServe, REPO_ROOT, type ServedSite } from './support/site.js';
import { runVnu } from './support/vnu.js';

/**
 * What a phone downloads: the same post built with image processing on and off, loaded by Chromium
 * 390 px wide (1x), every image scrolled into view. With processing on it must fetch small AVIF
 * files in place of the originals.
 */
const POST = 'posts/photos/';
let browser: Browser;
let on: ServedSite;
let off: ServedSite;

async function project(process: boolean): Promise<string> {
  const root = path.join(mkdtempSync(path.join(os.tmpdir(), 'hashmark-e2e-images-')), 'site');
  put(root, {
    'site.config.ts': `export default { title: 'Photos', images: { process: ${process} } };\n`,
    'content/photos/index.md':
      '---\ntitle: Photos\ndate: 2024-05-01\n---\n\nThree photos and a diagram.\n\n' +
      '![A gradient photo](one.png)\n\n![A second photo](two.jpg)\n\n![A third photo](three.png)\n\n![A diagram](chart.svg)\n',
    'content/photos/one.png': await raster(1800, 1200, 'png'),
    'content/photos/two.jpg': await raster(2400, 1600, 'jpeg'),
    'content/photos/three.png': await raster(900, 600, 'png'),
    'content/photos/chart.svg': svg(400, 200),
    'public/favicon.svg': readFileSync(path.join(REPO_ROOT, 'public/favicon.svg')),
    'public/favicon.png': readFileSync(path.join(REPO_ROOT, 'public/favicon.png')),
  });
  return root;
}

/** Image responses (URL, content type, bytes) of one page load at 390 px, every image scrolled into view. */
async function imageDownloads(site: ServedSite): Promise<Array<{ url: string; type: string; bytes: number }>> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const seen: Array<Promise<{ url: string; type: string; bytes: number }>> = [];
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'image') return;
    seen.push(response.body().then((body) => ({ url: response.url(), type: response.headers()['content-type'] ?? '', bytes: body.length })));
  });
  await page.goto(site.at(POST), { waitUntil: 'load' });
  // Lazy images load as they near the viewport: scroll through the page, then wait for the network.
  for (let y = 0; y < 20_000; y += 400) await page.evaluate((top) => window.scrollTo(0, top), y);
  await page.waitForLoadState('networkidle');
  const downloads = await Promise.all(seen);
  await context.close();
  return downloads;
}

beforeAll(async () => {
  browser = await launchBrowser();
  on = await buildAndServe({ root: await project(true) });
  off = await buildAndServe({ root: await project(false) });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await on?.close();
  await off?.close();
});

describe('images as a 390 px wide browser gets them', () => {
  it('downloads small AVIF files instead of the originals, less than half the bytes', async () => {
    const processed = await imageDownloads(on);
    const original = await imageDownloads(off);
    const photos = processed.filter((d) => !d.url.includes('favicon') && !d.url.endsWith('.svg'));
    expect(photos.map((d) => d.type).sort()).toEqual(['image/avif', 'image/avif', 'image/avif']);
    for (const photo of photos) expect(photo.url).toMatch(/\/_images\/[a-z0-9-]+-[0-9a-f]{10}-480\.avif$/);
    const total = (list: typeof processed) => list.filter((d) => !d.url.includes('favicon')).reduce((sum, d) => sum + d.bytes, 0);
    expect(total(original)).toBeGreaterThan(0);
    expect(total(processed)).toBeLessThan(total(original) / 2);
  }, 60_000);

  it('passes axe and the Nu HTML checker with <picture> markup', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(on.at(POST));
    expect((await axeViolations(page)).map((v) => v.summary)).toEqual([]);
    await context.close();
    const messages = await runVnu([path.join(on.outDir, POST, 'index.html')]);
    expect(messages.filter((m) => m.type === 'error').map((m) => m.message)).toEqual([]);
  }, 60_000);
});
