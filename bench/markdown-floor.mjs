// Hashmark's renderer against the bare unified floor, single process, CPU ms per post.
// Runs the seed post (content/2024-02-05-…) and a sample of the seeded bench corpus, alternating
// the two processors post by post so machine load hits both alike.
// Needs the compiled library: `npm run compile && node bench/markdown-floor.mjs [--sample 200] [--profile standard|light]`.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import rehypeHighlight from 'rehype-highlight';
import rehypeStringify from 'rehype-stringify';
import { remark } from 'remark';
import remarkGfm from 'remark-gfm';
import remarkRehype from 'remark-rehype';
import { createMarkdownRenderer } from '../lib/markdown/renderer.js';
import { DEFAULT_SEED, generatePost } from './lib/corpus.mjs';

const { values } = parseArgs({
  options: { sample: { type: 'string', default: '200' }, repeat: { type: 'string', default: '300' }, profile: { type: 'string', default: 'standard' } },
});

const text = readFileSync(new URL('../content/2024-02-05-event-driven-architecture-with-kafka.txt', import.meta.url), 'utf8');
const lines = text.split('\n');
const at = lines.indexOf('#body');
const seed = { title: lines[lines.indexOf('#title') + 1] ?? '', body: lines.slice(at + 1).join('\n'), bodyLine: at + 2, source: 'seed' };

const renderer = createMarkdownRenderer({ rawHtml: 'sanitize', wordsPerMinute: 230, excerptLength: 200 });
const floor = remark().use(remarkGfm).use(remarkRehype).use(rehypeHighlight).use(rehypeStringify).freeze();

function cpuMs(fn) {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

function compare(label, posts) {
  for (const p of posts.slice(0, 30)) {
    renderer.render(p);
    String(floor.processSync(p.body));
  }
  let ours = 0;
  let bare = 0;
  for (const p of posts) {
    ours += cpuMs(() => renderer.render(p));
    bare += cpuMs(() => String(floor.processSync(p.body)));
  }
  const n = posts.length;
  const bytes = posts.reduce((s, p) => s + p.body.length, 0) / n;
  console.log(
    `${label}: Hashmark ${(ours / n).toFixed(2)} ms/post, bare floor ${(bare / n).toFixed(2)} ms/post ` +
      `(+${((ours / bare - 1) * 100).toFixed(0)}%), ${Math.round(bytes)} chars/post, ${n} posts`,
  );
}

compare('seed post', Array.from({ length: Number(values.repeat) }, () => seed));
compare(
  `bench corpus, ${values.profile} profile`,
  Array.from({ length: Number(values.sample) }, (_, i) => {
    const g = generatePost(i, DEFAULT_SEED, values.profile === 'light' ? 'light' : 'standard');
    return { title: g.title ?? '', body: g.body, bodyLine: 1, source: `p${i}` };
  }),
);
