import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../src/dev/index.js';

const fixture = fileURLToPath(new URL('../fixtures/sites/dev-small', import.meta.url));
const builtInHeader = readFileSync(fileURLToPath(new URL('../../templates/partials/header.liquid', import.meta.url)), 'utf8');
const OPEN = '<header class="site-header">';
let root: string;
let header: string;
let server: DevServer;

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'hashmark-dev-theme-'));
  cpSync(fixture, root, { recursive: true });
  // The site holds one partial; everything else comes from the built-in theme.
  header = path.join(root, 'templates', 'partials', 'header.liquid');
  mkdirSync(path.dirname(header), { recursive: true });
  writeFileSync(header, builtInHeader.replace(OPEN, '<header class="site-header" data-theme="site">'));
  server = await startDevServer({ root, port: 0, cacheDir: null, jobs: 1 });
});

afterAll(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

async function get(urlPath: string): Promise<{ status: number; text: string }> {
  const res = await fetch(new URL(urlPath, server.url));
  return { status: res.status, text: await res.text() };
}

describe('hashmark dev with one overridden partial', () => {
  it('serves pages with the override and the built-in rest, then the edited partial after a save', async () => {
    const home = await get('/');
    expect(home.status).toBe(200);
    expect(home.text).toContain('data-theme="site"');
    expect(home.text).toContain('class="site-footer');
    const post = await get('/posts/first-post/');
    expect(post.text).toContain('data-theme="site"');
    const css = /href="(\/assets\/[^"]+\.css)"/.exec(home.text)?.[1];
    expect(css).toBeDefined();
    expect((await get(css!)).status).toBe(200);

    writeFileSync(header, builtInHeader.replace(OPEN, '<header class="site-header" data-theme="edited">'));
    const deadline = Date.now() + 10_000;
    let page = await get('/posts/first-post/');
    while (!page.text.includes('data-theme="edited"') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      page = await get('/posts/first-post/');
    }
    expect(page.text).toContain('data-theme="edited"');
    expect(page.text).not.toContain('data-theme="site"');
  });
});
