// The single-process unified floor in ms/post: one frozen renderer, the seed post's body, after warm-up.
// Needs the compiled library: `npm run compile && node bench/markdown-floor.mjs [iterations]`.
import { readFileSync } from 'node:fs';
import { createMarkdownRenderer } from '../lib/markdown/index.js';

const text = readFileSync(new URL('../content/2024-02-05-event-driven-architecture-with-kafka.txt', import.meta.url), 'utf8');
const lines = text.split('\n');
const at = lines.indexOf('#body');
const post = {
  title: lines[lines.indexOf('#title') + 1] ?? '',
  body: lines.slice(at + 1).join('\n'),
  bodyLine: at + 2,
  source: 'content/seed.txt',
};
const renderer = createMarkdownRenderer({ rawHtml: 'sanitize', wordsPerMinute: 230, excerptLength: 200 });
const iterations = Number(process.argv[2] ?? 2000);
for (let i = 0; i < 200; i++) renderer.render(post);
const start = process.cpuUsage();
const t0 = performance.now();
for (let i = 0; i < iterations; i++) renderer.render(post);
const wall = performance.now() - t0;
const cpu = process.cpuUsage(start);
console.log(
  `${(wall / iterations).toFixed(3)} ms/post wall, ${((cpu.user + cpu.system) / 1000 / iterations).toFixed(3)} ms/post CPU ` +
    `(${post.body.length} chars, ${iterations} renders)`,
);
