import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../src/dev/index.js';

const fixture = fileURLToPath(new URL('../fixtures/sites/dev-small', import.meta.url));
let root: string;
let server: DevServer;
let post: string;

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'hashmark-dev-'));
  cpSync(fixture, root, { recursive: true });
  post = path.join(root, 'content', 'first-post.md');
  server = await startDevServer({ root, port: 0, cacheDir: null, jobs: 1 });
});

afterAll(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

async function get(urlPath: string): Promise<{ status: number; text: string; type: string }> {
  const res = await fetch(new URL(urlPath, server.url));
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') ?? '' };
}

/** Polls until the page satisfies `ok`; the watcher and the rebuild take milliseconds, 10 s is the bound. */
async function waitFor(urlPath: string, ok: (r: { status: number; text: string }) => boolean): Promise<{ status: number; text: string }> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const r = await get(urlPath);
    if (ok(r)) return r;
    if (Date.now() > deadline) throw new Error(`${urlPath} did not change in time; last status ${r.status}:\n${r.text.slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('hashmark dev', () => {
  it('listens on a free port of 127.0.0.1 and serves a post page with the Vite client injected', async () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    const r = await get('/posts/first-post/');
    expect(r.status).toBe(200);
    expect(r.type).toContain('text/html');
    expect(r.text).toContain('The original first paragraph.');
    expect(r.text).toContain('/@vite/client');
  });

  it('serves list pages, feeds, the theme stylesheet and a 404 page', async () => {
    expect((await get('/')).text).toContain('Second Post');
    expect((await get('/tags/dev/')).text).toContain('Second Post');
    const feed = await get('/feed.xml');
    expect(feed.type).toContain('xml');
    expect(feed.text).toContain('<rss');
    const home = (await get('/')).text;
    const css = /href="(\/assets\/[^"]+\.css)"/.exec(home)?.[1];
    expect(css).toBeDefined();
    const sheet = await get(css!);
    expect(sheet.status).toBe(200);
    expect(sheet.type).toContain('text/css');
    const missing = await get('/no/such/page/');
    expect(missing.status).toBe(404);
  });

  it('serves the edited post after a save, and the lists it appears on', async () => {
    writeFileSync(post, readFileSync(post, 'utf8').replace('The original first paragraph.', 'An edited first paragraph.'));
    const r = await waitFor('/posts/first-post/', (p) => p.text.includes('An edited first paragraph.'));
    expect(r.status).toBe(200);
    expect(r.text).not.toContain('The original first paragraph.');
    // A title change moves through the plan: the home page lists the new title.
    writeFileSync(post, readFileSync(post, 'utf8').replace('#title\nFirst Post', '#title\nFirst Post, Renamed'));
    await waitFor('/', (p) => p.text.includes('First Post, Renamed'));
  });

  it('shows a broken edit as diagnostics in the page and recovers on the next good save', async () => {
    const good = readFileSync(post, 'utf8');
    writeFileSync(post, good.replace('2024-02-05', '2024-02-30'));
    const broken = await waitFor('/posts/first-post/', (p) => p.status === 500);
    expect(broken.text).toContain('content/first-post.md:6:1');
    expect(broken.text).toContain('invalid-date');
    expect(broken.text).toContain('February 2024 has 29 days');
    expect(broken.text).toContain('&gt; 6 | 2024-02-30');
    expect(broken.text).toContain('hint:');
    expect(broken.text).toContain('/@vite/client');
    // Every page shows the problem while it lasts, not a stale site.
    expect((await get('/')).status).toBe(500);
    writeFileSync(post, good);
    const fixed = await waitFor('/posts/first-post/', (p) => p.status === 200);
    expect(fixed.text).toContain('An edited first paragraph.');
  });

  it('shows drafts and future posts with their badge', async () => {
    const draft = path.join(root, 'content', 'a-draft.md');
    writeFileSync(draft, '#title\nA Draft\n#date\n2024-01-01\n#draft\ntrue\n#body\n\nNot yet.\n');
    const future = path.join(root, 'content', 'a-future.md');
    writeFileSync(future, '#title\nA Future Post\n#date\n2999-01-01\n#body\n\nLater.\n');
    const draftPage = await waitFor('/posts/a-draft/', (p) => p.status === 200);
    expect(draftPage.text).toMatch(/class="[^"]*badge[^"]*"[^>]*>\s*Draft/i);
    const futurePage = await waitFor('/posts/a-future/', (p) => p.status === 200);
    expect(futurePage.text).toMatch(/class="[^"]*badge[^"]*"[^>]*>\s*Scheduled/i);
  });

  it('picks up a post bundle moved in, serves its asset, and drops it when the folder is deleted', async () => {
    const staging = path.join(root, 'staging-bundle');
    mkdirSync(staging);
    writeFileSync(path.join(staging, 'index.md'), '#title\nBundled\n#date\n2024-01-02\n#body\n\n![A chart](chart.svg)\n');
    writeFileSync(path.join(staging, 'chart.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    renameSync(staging, path.join(root, 'content', 'bundled'));
    const page = await waitFor('/posts/bundled/', (p) => p.status === 200);
    expect(page.text).toContain('chart.svg');
    const asset = await get('/posts/bundled/chart.svg');
    expect(asset.status).toBe(200);
    expect(asset.type).toBe('image/svg+xml');
    rmSync(path.join(root, 'content', 'bundled'), { recursive: true });
    await waitFor('/posts/bundled/', (p) => p.status === 404);
  });

  it('re-creates the page renderer when a template changes', async () => {
    const templates = path.join(root, 'templates');
    cpSync(fileURLToPath(new URL('../../templates', import.meta.url)), templates, { recursive: true });
    // A templates/ folder that appears while running is not the one the session watches; restart on it.
    await server.close();
    server = await startDevServer({ root, port: 0, cacheDir: null, jobs: 1 });
    const footer = path.join(templates, 'partials', 'footer.liquid');
    writeFileSync(footer, `${readFileSync(footer, 'utf8')}\n<p>Footer marker 42</p>\n`);
    await waitFor('/posts/first-post/', (p) => p.text.includes('Footer marker 42'));
  });
});
