import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe.js';
import { launchBrowser } from './support/browser.js';
import { crawl } from './support/crawl.js';
import { buildAndServe, invalidFixtureSite, type ServedSite } from './support/site.js';
import { codeContrasts, scrollWidth, tabThroughLinks } from './support/in-page.js';
import { runVnu } from './support/vnu.js';

/**
 * The checks that pass on the real sites must fail on a broken one, or their passing proves nothing.
 * tests/fixtures/sites-invalid/broken-a11y has one post with images without a text alternative, a duplicate id,
 * a link to a missing page and light grey text on white. An `<img>` without alt is caught by the build itself
 * (it gets alt="" and a warning), so the image axe must catch is an inline SVG chart with role="img" and no name.
 */
let site: ServedSite;
let browser: Browser;
const POST = 'posts/broken-page/';

beforeAll(async () => {
  browser = await launchBrowser();
  site = await buildAndServe({ root: invalidFixtureSite('broken-a11y'), requireOk: false });
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe('a site with accessibility and HTML faults', () => {
  it('still builds, warning about the missing alt text and the broken link', () => {
    expect(site.result.ok).toBe(true);
    const warnings = site.result.diagnostics.map((d) => `${d.severity} ${d.code} ${d.file}`);
    expect(warnings).toContain('warning missing-alt content/broken-page/index.md');
    expect(warnings).toContain('warning broken-link content/broken-page/index.md');
  });

  it('fails axe: an image without a text alternative and text below 4.5:1 contrast', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(site.at(POST));
    const violations = await axeViolations(page);
    const byRule = new Map(violations.map((v) => [v.id, v.targets]));
    // Each fault once, at its element, and nothing else: the theme around them is clean.
    expect([...byRule.keys()].sort()).toEqual(['color-contrast', 'svg-img-alt']);
    expect(byRule.get('svg-img-alt')).toEqual(['svg']);
    expect(byRule.get('color-contrast')).toEqual(['.faint']);
    await context.close();
  });

  it('fails the W3C Nu checker: a duplicate id', async () => {
    const messages = await runVnu([site.outDir]);
    const errors = messages.filter((m) => m.type === 'error').map((m) => `${new URL(m.url).pathname.slice(site.outDir.length + 1)}: ${m.message}`);
    // Nothing else on the page is invalid HTML: the checker points at exactly the fault.
    expect(errors).toEqual([`${POST}index.html: Duplicate ID “twice”.`]);
  });

  it('fails the link crawl: a link to a page that does not exist', async () => {
    const report = await crawl(site.url, [site.url]);
    expect(report.problems).toEqual([`${site.at(POST)} → ${site.at('posts/does-not-exist/')}: status 404`]);
  });

  // The theme checks of the journeys, against a theme spoiled in the page: each must notice.
  it('notices links that show no focus indicator', async () => {
    const page = await browser.newPage();
    await page.goto(site.url);
    await page.addStyleTag({ content: 'a:focus, a:focus-visible { outline: none !important; box-shadow: none !important; }' });
    const report = await tabThroughLinks(page);
    expect(report.unreached).toEqual([]);
    expect(report.noIndicator).toEqual(report.links);
    await page.close();
  });

  it('notices a page that scrolls sideways at 320 px', async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
    const page = await context.newPage();
    await page.goto(site.url);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(320);
    await page.addStyleTag({ content: '.site-title { display: inline-block; min-width: 400px; }' });
    expect(await scrollWidth(page)).toBeGreaterThan(320);
    await context.close();
  });

  it('notices highlighted code below 4.5:1', async () => {
    const page = await browser.newPage();
    await page.setContent('<pre style="background:#fff"><code>plain <span class="hljs-comment" style="color:#bbb">faint</span></code></pre>');
    const tokens = await codeContrasts(page);
    expect(tokens.map((t) => [t.text, t.ratio < 4.5])).toEqual([
      ['plain', false],
      ['faint', true],
    ]);
    await page.close();
  });
});
