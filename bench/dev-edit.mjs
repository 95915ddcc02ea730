// @ts-check
// Edit-to-served latency of `hashmark dev` on a large site:
//   node bench/dev-edit.mjs [--posts 4000] [--edits 20] [--dir DIR] [--keep] [--profile standard|light]
//                           [--bin PATH] [--after-fill]
// Writes the seeded benchmark corpus into a temp project, starts `hashmark dev` as a child process
// (run `npm run compile` first), then 20 times: appends a unique sentence to one post's body, and polls
// that post's page over HTTP in a tight loop until the sentence is served. Prints median, p90, min and
// max of write→served milliseconds, and how many edits were written while the background rendering
// was still filling the other bodies (the server's "rendered in the background" line ends the fill).
// Also prints when the server listened and when the first post page came back (time from spawn).
// `--dir DIR` keeps the project (and its render cache) in DIR for the next run. `--bin PATH` runs
// another hashmark.js (a copy of bin/ and lib/ from before a change), to compare. `--after-fill` waits
// for the background rendering to end before the first edit.
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
    bin: { type: 'string' },
    'after-fill': { type: 'boolean', default: false },
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
const bin = values.bin ? path.resolve(values.bin) : path.join(repo, 'bin', 'hashmark.js');
const child = spawn(process.execPath, [bin, 'dev', '--root', root, '--port', '0'], {
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
/** When the server said the background rendering ended (ms since start), if it did. */
let filledAt = Infinity;
/** @type {() => void} */
let onFilled = () => undefined;
const filledLine = new Promise((resolve) => (onFilled = () => resolve(undefined)));
child.stdout.on('data', (chunk) => {
  const text = String(chunk);
  for (const m of text.matchAll(/updated in (\d+) ms \((\d+) ms CPU\)/g)) applied.push(`${m[1]}/${m[2]}`);
  const filled = /(\d+) posts rendered in the background in ([\d.]+) s/.exec(text);
  if (filled) {
    filledAt = performance.now() - started;
    console.log(`background rendering ended ${(filledAt / 1000).toFixed(2)} s after start: ${filled[0]}`);
    onFilled();
  }
});
console.log(`dev server ready at ${base} after ${((performance.now() - started) / 1000).toFixed(2)} s`);
{
  // The page an author opens first: a post in the middle of the site, rendered on request.
  const first = /** @type {{ file: string, slug: string }} */ (written[Math.floor(written.length / 2)]);
  await get(`${base}posts/${first.slug}/`);
  console.log(`first post page served ${((performance.now() - started) / 1000).toFixed(2)} s after start`);
}

if (values['after-fill']) await filledLine;
/** @type {number[]} */
const latencies = [];
/** Start of each edit (ms since start), to tell which landed during the background rendering. */
/** @type {number[]} */
const writtenAt = [];
try {
  for (let i = 0; i < edits; i++) {
    const target = /** @type {{ file: string, slug: string }} */ (written[(i * 197) % written.length]);
    const url = `${base}posts/${target.slug}/`;
    // Render it once first, like a browser tab that already shows the post.
    await get(url);
    const token = `Edit ${i} marker ${Math.random().toString(36).slice(2)}.`;
    const text = readFileSync(target.file, 'utf8');
    const t0 = performance.now();
    writtenAt.push(t0 - started);
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
const p90 = sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.9) - 1)];
const ms = (/** @type {number | undefined} */ n) => `${(n ?? 0).toFixed(1)} ms`;
const during = latencies.filter((_, i) => (writtenAt[i] ?? Infinity) < filledAt);
const after = latencies.filter((_, i) => (writtenAt[i] ?? Infinity) >= filledAt);
const medianOf = (/** @type {number[]} */ list) => {
  const s = [...list].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};
console.log(`write → served over ${latencies.length} edits of ${count} posts: median ${ms(median)}, p90 ${ms(p90)}, min ${ms(sorted[0])}, max ${ms(sorted[sorted.length - 1])}`);
console.log(`edits written during the background rendering: ${during.length} (median ${during.length ? ms(medianOf(during)) : '-'}), after it: ${after.length} (median ${after.length ? ms(medianOf(after)) : '-'})`);
console.log(`server-side update per save, wall/CPU ms: ${applied.join(' ')}`);
console.log(`load average at the end: ${os.loadavg().map((n) => n.toFixed(1)).join(' ')} on ${os.availableParallelism()} cores`);
console.log(`each: ${latencies.map((n) => n.toFixed(1)).join(' ')}`);
