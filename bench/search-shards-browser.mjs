// @ts-check
// What the shard count costs the reader: a browser's first query (load pagefind.js, merge every
// shard, search, read the top results) against bundles of the same posts split into N shards.
//   node bench/search-shards-browser.mjs --site DIR [--shards 32,64,128] [--runs 3] [--query "kubectl rollout"]
// DIR is a built Hashmark project (its dist/posts give the posts). Needs the compiled lib/ and Chromium.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { buildSearchIndex } from '../lib/search/build-search-index.js';
import { builtPosts } from './lib/built-posts.mjs';

const { values } = parseArgs({
  options: {
    site: { type: 'string' },
    shards: { type: 'string', default: '32,64,128' },
    runs: { type: 'string', default: '3' },
    query: { type: 'string', default: 'kubectl rollout' },
  },
});
if (!values.site) throw new Error('--site DIR is required');
const posts = builtPosts(values.site);
const bodies = new Map(posts.map((p) => [p.slug, p.body]));
const plan = { pages: posts.map((post) => ({ data: { kind: 'post', post: { ...post, date: post.date } } })) };
const work = mkdtempSync(path.join(os.tmpdir(), 'hashmark-search-shards-'));

const PAGE = `<!doctype html><html lang="en"><body><script type="module">
  window.firstQuery = async (query) => {
    const start = performance.now();
    const pagefind = await import('/pagefind/pagefind.js');
    await pagefind.options({ excerptLength: 24 });
    await pagefind.init();
    const shards = await (await fetch('/pagefind/shards.json')).json();
    await Promise.all(shards.map((s) => pagefind.mergeIndex('/pagefind/' + s, { excerptLength: 24 })));
    const loaded = performance.now();
    const found = await pagefind.search(query);
    await Promise.all(found.results.slice(0, 20).map((r) => r.data()));
    const done = performance.now();
    return { loadMs: loaded - start, searchMs: done - loaded, totalMs: done - start, results: found.results.length, requests: performance.getEntriesByType('resource').length };
  };
</script></body></html>`;

const browser = await chromium.launch({ executablePath: process.env.HASHMARK_CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  for (const shardCount of values.shards.split(',').map(Number)) {
    const root = path.join(work, String(shardCount));
    const result = await buildSearchIndex({ plan, sources: [], bodies: { html: (slug) => bodies.get(slug) ?? '' }, basePath: '/', language: 'en', cacheDir: null, shardCount });
    for (const f of result.value.files) {
      mkdirSync(path.dirname(path.join(root, f.file)), { recursive: true });
      writeFileSync(path.join(root, f.file), f.contents ?? '');
    }
    writeFileSync(path.join(root, 'index.html'), PAGE);
    const server = createServer((req, res) => {
      const file = path.join(root, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
      try {
        const body = readFileSync(file.endsWith('/') ? path.join(file, 'index.html') : file);
        const type = file.endsWith('.js') ? 'text/javascript' : file.endsWith('.html') || file.endsWith('/') ? 'text/html' : 'application/octet-stream';
        res.writeHead(200, { 'content-type': type }).end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const runs = [];
    for (let i = 0; i < Number(values.runs); i++) {
      // A fresh context each run: nothing cached, as for a reader's first search.
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${port}/`);
      runs.push(await page.evaluate((q) => /** @type {any} */ (globalThis).firstQuery(q), values.query));
      await context.close();
    }
    server.close();
    const median = (key) => runs.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
    console.log(JSON.stringify({ posts: posts.length, shards: shardCount, loadMs: Math.round(median('loadMs')), searchMs: Math.round(median('searchMs')), totalMs: Math.round(median('totalMs')), results: runs[0].results, requests: runs[0].requests }));
  }
} finally {
  await browser.close();
  rmSync(work, { recursive: true, force: true });
}
