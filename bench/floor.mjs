// @ts-check
// The single-process unified floor: the same post bodies through one frozen
// remark → remark-gfm → remark-rehype → rehype-highlight → rehype-stringify processor.
// Run as its own process by bench/run.mjs so the harness's heap does not disturb it; prints JSON.
//   node bench/floor.mjs [--sample 300] [--warmup 30] [--seed N] [--profile standard|light]
import { parseArgs } from 'node:util';
import rehypeHighlight from 'rehype-highlight';
import rehypeStringify from 'rehype-stringify';
import { remark } from 'remark';
import remarkGfm from 'remark-gfm';
import remarkRehype from 'remark-rehype';
import { DEFAULT_SEED, PROFILES, generatePost } from './lib/corpus.mjs';

const { values } = parseArgs({
  options: {
    sample: { type: 'string', default: '300' },
    warmup: { type: 'string', default: '30' },
    seed: { type: 'string', default: String(DEFAULT_SEED) },
    profile: { type: 'string', default: 'standard' },
  },
});
const profile = /** @type {import('./lib/corpus.mjs').Profile} */ (values.profile);
if (!PROFILES.includes(profile)) {
  console.error(`--profile takes one of ${PROFILES.join(', ')}`);
  process.exit(2);
}
const sample = Number(values.sample);
const warmup = Number(values.warmup);
const seed = Number(values.seed);

const processor = remark()
  .use(remarkGfm)
  .use(remarkRehype)
  .use(rehypeHighlight)
  .use(rehypeStringify)
  .freeze();

/** @type {string[]} */
const bodies = [];
for (let i = 0; i < sample; i++) bodies.push(generatePost(i, seed, profile).body);

// Warm-up lets the JIT settle so the figure is the steady per-post cost a long build pays.
for (let i = 0; i < Math.min(warmup, bodies.length); i++) String(processor.processSync(bodies[i]));

const cpu0 = process.cpuUsage();
const t0 = performance.now();
let htmlBytes = 0;
for (const body of bodies) htmlBytes += String(processor.processSync(body)).length;
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);

const bodyBytes = bodies.reduce((n, b) => n + Buffer.byteLength(b), 0);
process.stdout.write(
  `${JSON.stringify({
    sample,
    profile,
    msPerPost: wallMs / sample,
    cpuMsPerPost: (cpu.user + cpu.system) / 1000 / sample,
    bodyBytesPerPost: bodyBytes / sample,
    htmlBytesPerPost: htmlBytes / sample,
  })}\n`,
);
