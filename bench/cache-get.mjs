// Times the render cache's reads, the hot path of a warm build: the metadata of one entry per post
// (when the index does not have it), the HTML of one entry per page rendered, and the one index.
//
//   node scripts/compile.mjs && node bench/cache-get.mjs [--posts 4000] [--rounds 5] [--baseline DIR]
//
// --baseline DIR times an older compiled render-cache.js too (DIR/markdown/render-cache.js, the
// API before the cache store: entryRoot, entryPath, readEntry(path), writeEntry(path, …)).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { posts: { type: 'string', default: '4000' }, rounds: { type: 'string', default: '5' }, baseline: { type: 'string' } },
});
const posts = Number(values.posts);
const rounds = Number(values.rounds);
const lib = path.resolve(fileURLToPath(new URL('../lib', import.meta.url)));

/** An entry about the size of a benchmark-corpus post's: 1 KB of metadata, 8 KB of HTML. */
function entry(i) {
  const meta = {
    meta: { toc: [{ depth: 2, id: `part-${i}`, text: `Part ${i}` }], words: 900 + i, readingMinutes: 5, excerpt: 'An excerpt. '.repeat(40) },
    diagnostics: [],
  };
  return { meta, html: `<p>Post ${i}.</p>\n${'<p>Some paragraph text of a post, about this long.</p>\n'.repeat(150)}` };
}

function time(label, count, fn) {
  let best = Infinity;
  for (let round = 0; round < rounds; round++) {
    const start = process.hrtime.bigint();
    fn();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
  }
  console.log(`${label.padEnd(34)} ${best.toFixed(1).padStart(7)} ms  ${((best * 1000) / count).toFixed(1).padStart(6)} µs each`);
}

async function current() {
  const cache = await import(path.join(lib, 'markdown/render-cache.js'));
  const dir = mkdtempSync(path.join(tmpdir(), 'hashmark-bench-cache-'));
  try {
    const ns = cache.renderNamespace(dir, 'bench');
    const keys = Array.from({ length: posts }, (_, i) => cache.entryKey('bench', `Post ${i}`, String(i)));
    const index = new Map();
    keys.forEach((key, i) => {
      const { meta, html } = entry(i);
      cache.writeEntry(ns, key, meta, html);
      index.set(key, meta);
    });
    cache.writeMetaIndex(ns, index);
    console.log(`cache store (${posts} entries)`);
    time('metadata get (readEntry)', posts, () => keys.forEach((key) => cache.readEntry(ns, key)));
    time('HTML get (readEntryHtml)', posts, () => keys.forEach((key) => cache.readEntryHtml(ns.path(key))));
    time('index (readMetaIndex)', 1, () => cache.readMetaIndex(ns));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function baseline(from) {
  const cache = await import(path.resolve(from, 'markdown/render-cache.js'));
  const dir = mkdtempSync(path.join(tmpdir(), 'hashmark-bench-cache-'));
  try {
    const root = cache.entryRoot(dir, 'bench');
    const keys = Array.from({ length: posts }, (_, i) => cache.entryKey('bench', `Post ${i}`, String(i)));
    const index = new Map();
    keys.forEach((key, i) => {
      const { meta, html } = entry(i);
      cache.writeEntry(cache.entryPath(root, key), meta, html);
      index.set(key, meta);
    });
    cache.writeMetaIndex(root, index);
    console.log(`baseline ${from} (${posts} entries)`);
    time('metadata get (readEntry)', posts, () => keys.forEach((key) => cache.readEntry(cache.entryPath(root, key))));
    time('HTML get (readEntryHtml)', posts, () => keys.forEach((key) => cache.readEntryHtml(cache.entryPath(root, key))));
    time('index (readMetaIndex)', 1, () => cache.readMetaIndex(root));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Alternated, so neither side always runs on a warmer machine.
for (let turn = 0; turn < 2; turn++) {
  if (values.baseline) await baseline(values.baseline);
  await current();
}
