// @ts-check
// Edit-to-served latency of `hashmark dev` on a large site:
//   node bench/dev-edit.mjs [--posts 4000] [--edits 20] [--dir DIR] [--keep] [--profile standard|light]
// Writes the seeded benchmark corpus into a temp project, starts `hashmark dev` as a child process
// (run `npm run compile` first), then 20 times: appends a unique sentence to one post's body, and polls
// that post's page over HTTP in a tight loop until the sentence is served. Prints median, min and max
// of write→served milliseconds. The first start renders every post (cold cache), which takes a while;
// Also prints when the server listened and when the first post page came back (time from spawn).
// `--dir DIR` keeps the project (and its render cache) in DIR for the next run.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PROFILES, generatePost } from './lib/corpus.mjs';
import { hashmarkFileName, hashmarkText } from './lib/emit.mjs';

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '4000' },
    edits: { type: 'string', default: '20' },
    keep: { type: 'boolean', default: false },
    dir: { type: 'string' },
    profile: { type: 'string', default: 'standard' },
  },
});
const profile = /** @type {import('./lib/corpus.mjs').Profile} */ (values.profile);
if (!PROFILES.includes(profile)) {
  console.error(`--profile takes one of ${PROFILES.join(', ')}`);
  process.exit(2);
}
const count = Number(values.posts);
const edits = Number(values.edits);
const repo = fileURLToPath(new URL('..', import.meta.url));
const root = values.dir ? path.resolve(values.dir) : mkdtempSync(path.join(os.tmpdir(), 'hashmark-dev-bench-'));
const keep = values.keep || values.dir !== undefined;
const contentDir = path.join(root, 'content');
mkdirSync(contentDir, { recursive: true });

/** @type {{ file: string, slug: string }[]} */
const written = [];
for (let i = 0; i < count; i++) {
  const post = generatePost(i, undefined, profile);
  const file = path.join(contentDir, hashmarkFileName(post));
  // A kept project keeps its files (edits only append), so its render cache stays warm.
  if (!existsSync(file)) writeFileSync(file, hashmarkText(post));
  written.push({ file, slug: post.slug });
}
console.log(`${count} posts written to ${contentDir}`);

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
/** @param {string} url @returns {Promise<string>} */
function get(url) {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}

const started = performance.now();
const child = spawn(process.execPath, [path.join(repo, 'bin', 'hashmark.js'), 'dev', '--root', root, '--port', '0'], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, NO_COLOR: '1' },
});
/** @type {string} */
const base = await new Promise((resolve, reject) => {
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    out += chunk;
    const match = /serving (http:\/\/\S+)/.exec(out);
    if (match) resolve(/** @type {string} */ (match[1]));
  });
  child.on('exit', (code) => reject(new Error(`hashmark dev exited with ${code}:\n${out}`)));
});
/** @type {string[]} */
const applied = [];
child.stdout.on('data', (chunk) => {
  for (const m of String(chunk).matchAll(/updated in (\d+) ms \((\d+) ms CPU\)/g)) applied.push(`${m[1]}/${m[2]}`);
});
console.log(`dev server ready at ${base} after ${((performance.now() - started) / 1000).toFixed(2)} s`);
{
  // The page an author opens first: a post in the middle of the site, rendered on request.
  const first = /** @type {{ file: string, slug: string }} */ (written[Math.floor(written.length / 2)]);
  await get(`${base}posts/${first.slug}/`);
  console.log(`first post page served ${((performance.now() - started) / 1000).toFixed(2)} s after start`);
}

/** @type {number[]} */
const latencies = [];
try {
  for (let i = 0; i < edits; i++) {
    const target = /** @type {{ file: string, slug: string }} */ (written[(i * 197) % written.length]);
    const url = `${base}posts/${target.slug}/`;
    // Render it once first, like a browser tab that already shows the post.
    await get(url);
    const token = `Edit ${i} marker ${Math.random().toString(36).slice(2)}.`;
    const text = readFileSync(target.file, 'utf8');
    const t0 = performance.now();
    writeFileSync(target.file, `${text}\n\n${token}\n`);
    for (;;) {
      const html = await get(url);
      if (html.includes(token)) break;
      if (performance.now() - t0 > 10_000) throw new Error(`edit ${i} was not served within 10 s`);
    }
    latencies.push(performance.now() - t0);
    // Let the reload settle, as an author would between saves.
    await new Promise((r) => setTimeout(r, 150));
  }
} finally {
  agent.destroy();
  child.kill('SIGINT');
  await new Promise((r) => child.once('exit', r));
  if (!keep) rmSync(root, { recursive: true, force: true });
}

const sorted = [...latencies].sort((a, b) => a - b);
const mid = Math.floor(sorted.length / 2);
const median = sorted.length % 2 ? sorted[mid] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
const ms = (/** @type {number | undefined} */ n) => `${(n ?? 0).toFixed(1)} ms`;
console.log(`write → served over ${latencies.length} edits of ${count} posts: median ${ms(median)}, min ${ms(sorted[0])}, max ${ms(sorted[sorted.length - 1])}`);
console.log(`server-side update per save, wall/CPU ms: ${applied.join(' ')}`);
console.log(`load average at the end: ${os.loadavg().map((n) => n.toFixed(1)).join(' ')} on ${os.availableParallelism()} cores`);
console.log(`each: ${latencies.map((n) => n.toFixed(1)).join(' ')}`);
