// Times what a page worker does with each page besides LiquidJS: the link scan (page and body), the
// UTF-8 encoding and the content hash, on a built site's post pages.
//
//   node scripts/compile.mjs && node bench/page-answer.mjs --site DIR/dist [--pages 2000] [--rounds 8] [--baseline LIBDIR]
//
// The body is cut out of each page between the default theme's `<div class="post-body">` and
// `</article>`, as `{{ content | raw }}` put it there. --baseline LIBDIR scans with another
// compiled lib/ too (its html-links.js, interning as it did), alternating with this one.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { site: { type: 'string' }, pages: { type: 'string', default: '2000' }, rounds: { type: 'string', default: '8' }, baseline: { type: 'string' } },
});
if (!values.site) throw new Error('--site DIR: a built site (its posts/ folder is read)');
const lib = path.resolve(fileURLToPath(new URL('../lib', import.meta.url)));
const current = await import(path.join(lib, 'html-links.js'));
const { hashContents } = await import(path.join(lib, 'file-hash.js'));
const baseline = values.baseline ? await import(path.join(path.resolve(values.baseline), 'html-links.js')) : undefined;

const postsDir = path.join(values.site, 'posts');
const pages = readdirSync(postsDir)
  .slice(0, Number(values.pages))
  .map((slug) => readFileSync(path.join(postsDir, slug, 'index.html'), 'utf8'));
const START = '<div class="post-body">\n';
const bodies = pages.map((page) => page.slice(page.indexOf(START) + START.length, page.indexOf('\n</div>\n</article>')));

// A fresh copy of each string per round, flattened, as a worker holds a page it rendered and a body it was sent.
const fresh = (text) => {
  const copy = (' ' + text).slice(1);
  copy.indexOf('\u0000');
  return copy;
};
const cpu = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

const times = { current: [], baseline: [], encode: [], hash: [] };
const encoder = new TextEncoder();
for (let round = 0; round < Number(values.rounds); round++) {
  for (const [name, scan, options] of [['baseline', baseline, undefined], ['current', current, { intern: false }]]) {
    if (!scan) continue;
    const html = pages.map(fresh);
    const body = bodies.map(fresh);
    const start = cpu();
    for (let i = 0; i < html.length; i++) scan.scanRenderedPage(html[i], body[i], options);
    times[name].push(cpu() - start);
  }
  const html = pages.map(fresh);
  let start = cpu();
  const bytes = html.map((page) => encoder.encode(page));
  times.encode.push(cpu() - start);
  start = cpu();
  for (const page of bytes) hashContents(page);
  times.hash.push(cpu() - start);
}
const ms = (list) => `${median(list).toFixed(0)} ms`;
console.log(`${pages.length} post pages, CPU, median of ${values.rounds} rounds:`);
if (baseline) console.log(`  link scan, baseline: ${ms(times.baseline)}`);
console.log(`  link scan: ${ms(times.current)}`);
console.log(`  TextEncoder.encode: ${ms(times.encode)}`);
console.log(`  content hash: ${ms(times.hash)}`);
