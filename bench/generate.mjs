// @ts-check
// Writes a benchmark corpus without running the benchmark:
//   node bench/generate.mjs --posts 1000 --out DIR [--seed N] [--profile standard|light]
// DIR/hashmark/ gets sectioned `#name` files, DIR/eleventy/ and DIR/hugo/ Markdown with YAML front matter.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SEED, PROFILES, generatePost } from './lib/corpus.mjs';
import { writeCorpus } from './lib/emit.mjs';

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '1000' },
    out: { type: 'string' },
    seed: { type: 'string', default: String(DEFAULT_SEED) },
    profile: { type: 'string', default: 'standard' },
  },
});
const profile = /** @type {import('./lib/corpus.mjs').Profile} */ (values.profile);
if (!values.out || !PROFILES.includes(profile)) {
  console.error(`usage: node bench/generate.mjs --posts 1000 --out DIR [--seed N] [--profile ${PROFILES.join('|')}]`);
  process.exit(2);
}
const out = path.resolve(values.out);
const count = Number(values.posts);
const seed = Number(values.seed);

function* posts() {
  for (let i = 0; i < count; i++) yield generatePost(i, seed, profile);
}
writeCorpus(posts(), {
  hashmark: path.join(out, 'hashmark'),
  eleventy: path.join(out, 'eleventy'),
  hugo: path.join(out, 'hugo'),
});
console.log(`${count} ${profile} posts (seed ${seed}) written to ${out}/{hashmark,eleventy,hugo}`);
