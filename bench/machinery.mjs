// @ts-check
// Hashmark with and without pieces of its machinery, in one run: the variants alternate inside every
// run, on copies of the same generated posts, so machine drift hits all of them alike.
//   node bench/machinery.mjs [--size 4000] [--runs 2] [--variants base,lazy-body,link-table,view-proxy,heap]
//                            [--scenarios coldCache,warm,post] [--hashmark-bin PATH] [--work FOLDER under bench/.work]
// A variant other than `base` runs with HASHMARK_MACHINERY_OFF=<variant>, which only code patched with
// bench/machinery-switches.patch reads: apply it in a copy of the repository, `npm run compile` there,
// and pass that copy's bin/hashmark.js as --hashmark-bin. Prints a Markdown table, and whether every
// variant's output is identical.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SEED, generatePost } from './lib/corpus.mjs';
import { writeCorpus } from './lib/emit.mjs';
import { hasGnuTime, measure } from './lib/measure.mjs';
import { median, seconds } from './lib/stats.mjs';
import { BENCH_DIR, REPO_DIR, createHashmark } from './lib/subjects.mjs';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '4000' },
    runs: { type: 'string', default: '2' },
    variants: { type: 'string', default: 'base,lazy-body,link-table,view-proxy' },
    scenarios: { type: 'string', default: 'coldCache,warm,post' },
    'hashmark-bin': { type: 'string', default: path.join(REPO_DIR, 'bin', 'hashmark.js') },
    work: { type: 'string' },
  },
});
const size = Number(values.size);
const runs = Number(values.runs);
const variants = values.variants.split(',');
/** @type {import('./lib/subjects.mjs').Scenario[]} */
const scenarios = /** @type {any} */ (values.scenarios.split(','));
const bin = path.resolve(values['hashmark-bin']);
const useTime = hasGnuTime();

const posts = [];
for (let i = 0; i < size; i++) posts.push(generatePost(i, DEFAULT_SEED));
const work = path.join(BENCH_DIR, '.work', values.work ?? `machinery-${size}`);
rmSync(work, { recursive: true, force: true });
const subjects = variants.map((variant) => {
  const subject = createHashmark({ dir: path.join(work, variant), posts, bin, jobs: undefined, templateFile: undefined });
  writeCorpus(posts, { hashmark: path.join(subject.root, 'content') });
  return { variant, subject };
});

/** @type {Map<string, Array<import('./lib/measure.mjs').Measurement>>} */
const results = new Map();
const outputs = new Map();
for (let run = 0; run < runs; run++) {
  for (const scenario of scenarios) {
    for (const { variant, subject } of run % 2 === 0 ? subjects : [...subjects].reverse()) {
      const { command, args, cwd } = subject.prepare(scenario, run);
      const env = { ...process.env, HASHMARK_MACHINERY_OFF: variant === 'base' ? '' : variant };
      const m = measure(command, args, { cwd, useTime, env });
      if (!m.ok) console.error(`${variant} ${scenario} failed:\n${m.error}`);
      const key = `${variant}\0${scenario}`;
      results.set(key, [...(results.get(key) ?? []), m]);
      console.error(`run ${run + 1} ${scenario} ${variant}: ${seconds(m.wallMs)}, CPU ${m.cpuMs === null ? '?' : seconds(m.cpuMs)}, RSS ${m.rssMb?.toFixed(0)} MB`);
      if (scenario === 'coldCache' && run === 0) outputs.set(variant, hashTree(path.join(subject.root, 'dist')));
    }
  }
}

console.log(`\n${size} posts, ${runs} run(s), ${new Date().toISOString()}\n`);
console.log('| variant | scenario | wall (median) | CPU (median) | peak RSS (max) |');
console.log('| --- | --- | ---: | ---: | ---: |');
for (const scenario of scenarios) {
  for (const variant of variants) {
    const ms = results.get(`${variant}\0${scenario}`) ?? [];
    const cpu = ms.flatMap((m) => (m.cpuMs === null ? [] : [m.cpuMs]));
    const rss = Math.max(...ms.map((m) => m.rssMb ?? 0));
    console.log(`| ${variant === 'base' ? 'everything on' : `without ${variant}`} | ${scenario} | ${seconds(median(ms.map((m) => m.wallMs)))} | ${cpu.length ? seconds(median(cpu)) : '?'} | ${rss.toFixed(0)} MB |`);
  }
}
const base = outputs.get(variants[0]);
for (const [variant, tree] of outputs) {
  if (variant !== variants[0]) console.log(`\noutput of ${variant} ${tree === base ? 'byte-identical to' : 'DIFFERS from'} ${variants[0]}`);
}

/** @param {string} dir */
function hashTree(dir) {
  const hash = createHash('sha256');
  const files = /** @type {string[]} */ (readdirSync(dir, { recursive: true, encoding: 'utf8' })).sort();
  for (const file of files) {
    try {
      hash.update(file).update(readFileSync(path.join(dir, file)));
    } catch {
      hash.update(file); // a folder
    }
  }
  return hash.digest('hex');
}
