import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevSession, startDevServer, type DevResponse, type DevServer } from '../../src/dev/index.js';

const POSTS = 300;
const TAGS = ['Kafka', 'Postgres', 'Testing', 'Rust', 'Caching'];
let root: string;
let server: DevServer;

/** Post `i`: every third has no description, so lists show its excerpt, which only rendering makes. */
function postText(i: number): string {
  const day = String(1 + (i % 28)).padStart(2, '0');
  const month = String(1 + (Math.floor(i / 28) % 12)).padStart(2, '0');
  const year = 2015 + Math.floor(i / (28 * 12));
  const description = i % 3 === 0 ? '' : `#description\nWhat post ${i} is about.\n`;
  return [
    `#title\nPost number ${i}\n${description}#date\n${year}-${month}-${day}\n#tags\n["${TAGS[i % TAGS.length]}"]\n#body\n`,
    `Opening paragraph of post ${i}, with **bold** words and a [link](/posts/post-${(i + 1) % POSTS}/).`,
    `## Details of ${i}`,
    '```js\nconst answer = 42;\nconsole.log(answer);\n```',
    `Closing words of post ${i}.\n`,
  ].join('\n\n');
}

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'hashmark-dev-ready-'));
  mkdirSync(path.join(root, 'content'));
  for (let i = 0; i < POSTS; i++) writeFileSync(path.join(root, 'content', `post-${i}.md`), postText(i));
  server = await startDevServer({ root, port: 0, cacheDir: null, jobs: 2 });
});

afterAll(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

async function get(urlPath: string): Promise<{ status: number; text: string }> {
  const res = await fetch(new URL(urlPath, server.url));
  return { status: res.status, text: await res.text() };
}

function html(response: DevResponse): string {
  if (response.kind === 'page') return response.html;
  if (response.kind === 'file') return typeof response.body === 'string' ? response.body : new TextDecoder().decode(response.body);
  throw new Error(`expected a page or file, got ${response.kind}`);
}

describe('hashmark dev on a site with no render cache', () => {
  it('answers a post page before the whole site is rendered, then renders the rest in the background', async () => {
    const first = await get('/posts/post-150/');
    expect(first.status).toBe(200);
    expect(first.text).toContain('Opening paragraph of post 150');
    expect(first.text).toContain('<strong>bold</strong>');
    const served = server.session.firstPage;
    expect(served).toBeDefined();
    expect(served!.total).toBe(POSTS);
    // The page needed its own post (and at most the few it lists), not the site.
    expect(served!.rendered).toBeGreaterThanOrEqual(1);
    expect(served!.rendered).toBeLessThan(20);

    // A list renders the posts it shows when its templates read what rendering makes: the excerpt
    // stands in for a missing description.
    const home = await get('/');
    expect(home.status).toBe(200);
    expect(home.text).toContain('Opening paragraph of post');

    await server.session.filled();
    expect(server.session.progress()).toEqual({ rendered: POSTS, total: POSTS });
    expect(await server.session.search.file('pagefind/pagefind-entry.json')).toBeDefined();
  });

  it('serves the same bytes as a session that rendered every post before serving', async () => {
    await server.session.filled();
    const eager = new DevSession({ root, cacheDir: null, jobs: 1 });
    await eager.load();
    expect(eager.progress()).toEqual({ rendered: POSTS, total: POSTS });
    // Rendering on request only, so the counts below are what the pages asked for.
    const lazy = new DevSession({ root, cacheDir: null, jobs: 2, background: false });
    await lazy.load();
    expect(lazy.progress().rendered).toBe(0);
    // The archive lists every post by title and date: it renders none of them.
    expect(html(await lazy.respond('/archive/'))).toBe(html(await eager.respond('/archive/')));
    expect(lazy.progress().rendered).toBe(0);
    for (const url of ['/posts/post-3/', '/posts/post-150/', '/', '/page/2/', '/tags/kafka/', '/feed.xml']) {
      expect(html(await lazy.respond(url)), url).toBe(html(await eager.respond(url)));
    }
    expect(lazy.progress().rendered).toBeLessThan(POSTS / 3);
    await Promise.all([lazy.close(), eager.close()]);
  });
});
