// @ts-check
// `npm run bench`: Hashmark against Eleventy 3 and Hugo on the same generated posts.
//   node bench/run.mjs [--sizes 1000,4000] [--runs 5] [--quick] [--seed N] [--jobs N]
//                      [--hashmark-bin PATH] [--subjects hashmark,eleventy,hugo] [--template FILE]
//                      [--floor-sample 300] [--no-compile] [--results bench/RESULTS.md]
//                      [--scenarios cold,coldCache,warm,post,template] [--images N]
// Whole-process wall time (spawn to exit) and peak RSS (GNU time) per build; subjects alternate inside
// every run so machine drift hits all of them alike. See README "Benchmark".
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SEED, generatePost } from './lib/corpus.mjs';
import { addBenchImages, imagePhase } from './lib/images.mjs';
import { writeCorpus } from './lib/emit.mjs';
import { hasGnuTime, measure } from './lib/measure.mjs';
import { median, seconds, times } from './lib/stats.mjs';
import {
  BENCH_DIR, REPO_DIR, SCENARIO_LABELS, SCENARIOS, createEleventy, createHashmark, createHugo,
  eleventyVersion, ensureEleventy, hugoVersion, postToEdit,
} from './lib/subjects.mjs';

/** @typedef {import('./lib/subjects.mjs').Scenario} Scenario */
/** @typedef {import('./lib/subjects.mjs').Subject} Subject */
/** @typedef {import('./lib/measure.mjs').Measurement} Measurement */
/** @typedef {'hashmark' | 'eleventy' | 'hugo'} SubjectName */

const { values } = parseArgs({
  options: {
    sizes: { type: 'string' },
    runs: { type: 'string' },
    quick: { type: 'boolean', default: false },
    seed: { type: 'string', default: String(DEFAULT_SEED) },
    jobs: { type: 'string' },
    'hashmark-bin': { type: 'string', default: path.join(REPO_DIR, 'bin', 'hashmark.js') },
    subjects: { type: 'string', default: 'hashmark,eleventy,hugo' },
    template: { type: 'string' },
    'floor-sample': { type: 'string' },
    'no-compile': { type: 'boolean', default: false },
    results: { type: 'string', default: path.join(BENCH_DIR, 'RESULTS.md') },
    scenarios: { type: 'string', default: SCENARIOS.join(',') },
    images: { type: 'string', default: '0' },
  },
});

const quick = values.quick === true;
const sizes = (values.sizes ?? (quick ? '200' : '1000,4000')).split(',').map((s) => Number(s.trim()));
const runs = Number(values.runs ?? (quick ? 2 : 5));
const seed = Number(values.seed);
const floorSample = Number(values['floor-sample'] ?? (quick ? 100 : 300));
const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
const imageCount = Number(values.images);
const hashmarkBin = path.resolve(values['hashmark-bin']);
const wanted = new Set(values.subjects.split(',').map((s) => s.trim()));
const scenarios = SCENARIOS.filter((s) => values.scenarios.split(',').map((x) => x.trim()).includes(s));
// Warm, one post and one template builds start from the output and cache the cold, filling cache build leaves.
if (scenarios.length === 0 || (scenarios.some((s) => s === 'warm' || s === 'post' || s === 'template') && !scenarios.includes('coldCache'))) {
  console.error(`--scenarios takes some of ${SCENARIOS.join(',')}; warm, post and template need coldCache too (e.g. --scenarios cold for 100000 posts cold alone)`);
  process.exit(2);
}
const cores = os.availableParallelism();
const workRoot = path.join(BENCH_DIR, '.work');
if (sizes.some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(runs) || runs < 1) {
  console.error('--sizes takes positive integers (e.g. 1000,4000) and --runs a positive integer');
  process.exit(2);
}

// Read now, when the code under test is compiled: a commit made during a long run is not what ran.
const measuredCommit = gitDescribe();
const useTime = hasGnuTime();
/** @type {string[]} */
const notes = [];
if (!useTime) notes.push('GNU time (/usr/bin/time, Debian package `time`) is missing: no peak RSS or CPU figures.');

// ---- subjects available on this machine -------------------------------------------------------
/** @type {Set<SubjectName>} */
const active = new Set();
if (wanted.has('hashmark')) {
  active.add('hashmark');
  if (!values['no-compile'] && hashmarkBin === path.join(REPO_DIR, 'bin', 'hashmark.js')) {
    // bin/hashmark.js runs lib/, so compile src/ first; tsc still emits when it reports type errors.
    console.log('Compiling src/ to lib/ (scripts/compile.mjs: tsc, then the render worker bundle)…');
    const tsc = spawnSync(process.execPath, [path.join(REPO_DIR, 'scripts', 'compile.mjs')], { cwd: REPO_DIR, encoding: 'utf8' });
    if (tsc.status !== 0) {
      notes.push('`scripts/compile.mjs` reported errors; Hashmark ran from whatever lib/ it emitted.');
      console.warn(`tsc reported errors (continuing):\n${tsc.stdout.split('\n').slice(0, 10).join('\n')}`);
    }
  }
}
const eleventyInfo = wanted.has('eleventy') ? ensureEleventy() : 'not selected';
if (wanted.has('eleventy')) {
  if (eleventyInfo === '') active.add('eleventy');
  else notes.push(`Eleventy skipped: ${eleventyInfo}.`);
}
const hugo = hugoVersion();
if (wanted.has('hugo')) {
  if (hugo) active.add('hugo');
  else {
    const msg = 'Hugo skipped: `hugo` is not on PATH (Debian: `apt-get install hugo`).';
    console.warn(msg);
    notes.push(msg);
  }
}

// ---- floor ------------------------------------------------------------------------------------
console.log(`Measuring the single-process unified floor on ${floorSample} posts…`);
/** @type {{ msPerPost: number, cpuMsPerPost: number, bodyBytesPerPost: number, htmlBytesPerPost: number } | null} */
let floor = null;
{
  const result = spawnSync(process.execPath, [path.join(BENCH_DIR, 'floor.mjs'), '--sample', String(floorSample), '--seed', String(seed)], { cwd: REPO_DIR, encoding: 'utf8' });
  if (result.status === 0) floor = JSON.parse(result.stdout);
  else notes.push(`The floor measurement failed: ${result.stderr.trim().split('\n').slice(-5).join(' ')}`);
}

// ---- runs -------------------------------------------------------------------------------------
/** @typedef {{ subject: SubjectName, scenario: Scenario, samples: Measurement[], error: string }} Series */
/** @type {Map<number, Map<string, Series>>} */
const results = new Map();
/** @type {Map<number, Map<SubjectName, { postPages: number, htmlFiles: number }>>} */
const outputs = new Map();
const startedAt = new Date();
const loadAtStart = os.loadavg();

for (const size of sizes) {
  console.log(`\n== ${size} posts: generating the corpus (seed ${seed})…`);
  const sizeDir = path.join(workRoot, String(size));
  rmSync(sizeDir, { recursive: true, force: true });
  /** @type {import('./lib/corpus.mjs').BenchPost[]} */
  const posts = [];
  for (let i = 0; i < size; i++) posts.push(generatePost(i, seed));
  const dirs = {
    hashmark: path.join(sizeDir, 'hashmark', 'content'),
    eleventy: path.join(sizeDir, 'eleventy', 'src', 'posts'),
    hugo: path.join(sizeDir, 'hugo', 'content', 'posts'),
  };
  // Only the subjects that run get their copy: at 100,000 posts each copy is about 900 MB.
  writeCorpus(posts, {
    ...(active.has('hashmark') ? { hashmark: dirs.hashmark } : {}),
    ...(active.has('eleventy') ? { eleventy: dirs.eleventy } : {}),
    ...(active.has('hugo') ? { hugo: dirs.hugo } : {}),
  });

  if (imageCount > 0 && active.has('hashmark')) {
    const keep = new Set(Array.from({ length: runs }, (_, run) => postToEdit(posts, run)));
    const added = await addBenchImages(dirs.hashmark, posts, imageCount, keep);
    notes.push(`${size} posts: ${added} of Hashmark's posts are bundles with a generated PNG or JPEG (1600–2400 px), \`--images ${imageCount}\`; the peers got none, so their columns compare without images.`);
  }

  /** @type {Subject[]} */
  const subjects = [];
  if (active.has('hashmark')) {
    const hm = createHashmark({ dir: path.join(sizeDir, 'hashmark'), posts, bin: hashmarkBin, jobs, templateFile: values.template });
    if (!hm.templatePath) notes.push('No Liquid template found in templates/: the "one template changed" scenario was skipped.');
    subjects.push(hm);
  }
  if (active.has('eleventy')) subjects.push(createEleventy({ dir: path.join(sizeDir, 'eleventy'), posts }));
  if (active.has('hugo')) subjects.push(createHugo({ dir: path.join(sizeDir, 'hugo') }));

  /** @type {Map<string, Series>} */
  const series = new Map();
  results.set(size, series);
  const counted = new Map();
  outputs.set(size, counted);
  /** @type {Set<SubjectName>} */
  const failed = new Set();

  const sizeStarted = performance.now();
  for (let run = 0; run < runs; run++) {
    if (run === 1) {
      const left = ((performance.now() - sizeStarted) * (runs - 1)) / 60_000;
      console.log(`… about ${left.toFixed(1)} min left for ${size} posts`);
    }
    for (const scenario of scenarios) {
      // Rotate who goes first so no subject always follows the same neighbour.
      const order = subjects.map((_, i) => /** @type {Subject} */ (subjects[(i + run) % subjects.length]));
      for (const subject of order) {
        if (!subject.scenarios.includes(scenario) || failed.has(subject.name)) continue;
        const key = `${subject.name}:${scenario}`;
        const entry = series.get(key) ?? { subject: subject.name, scenario, samples: [], error: '' };
        series.set(key, entry);
        const cmd = subject.prepare(scenario, run);
        const m = measure(cmd.command, cmd.args, { cwd: cmd.cwd, useTime });
        const rss = m.rssMb === null ? '' : `, ${Math.round(m.rssMb)} MB`;
        console.log(`[${size} run ${run + 1}/${runs}] ${subject.name.padEnd(8)} ${SCENARIO_LABELS[scenario].padEnd(22)} ${m.ok ? `${seconds(m.wallMs)}${rss}` : 'FAILED'}`);
        if (!m.ok) {
          entry.error = m.error;
          failed.add(subject.name);
          console.error(`${subject.name} failed on ${size} posts (${SCENARIO_LABELS[scenario]}); its remaining builds at this size are skipped:\n${m.error}\n`);
          continue;
        }
        entry.samples.push(m);
        if (run === 0 && scenario === 'cold') {
          const count = subject.countOutput();
          counted.set(subject.name, count);
          if (count.postPages !== size) {
            entry.error = `produced ${count.postPages} post pages (posts/<slug>/index.html) for ${size} posts`;
            failed.add(subject.name);
            console.error(`${subject.name}: ${entry.error}; its figures at this size are not comparable and are dropped.`);
          }
        }
      }
    }
  }
  if (imageCount > 0 && active.has('hashmark') && !failed.has('hashmark')) {
    console.log(`[${size}] the image phase alone: a cold build into a fresh cache, then a warm one…`);
    const phase = imagePhase(hashmarkBin, path.join(sizeDir, 'hashmark'));
    notes.push(`${size} posts, image phase (cold, fresh cache): ${phase.cold}`, `${size} posts, image phase (warm, same cache): ${phase.warm}`);
  }
}

// ---- report -----------------------------------------------------------------------------------
const report = buildReport();
console.log(`\n${report}`);
writeFileSync(values.results, report);
console.log(`Written to ${path.relative(process.cwd(), values.results)}`);

function buildReport() {
  /** @type {string[]} */
  const out = [];
  out.push('# Benchmark results', '');
  out.push(`Produced by \`npm run bench\`${quick ? ' **--quick** (smoke run, not for comparison)' : ''} on ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC.`, '');
  out.push(`- Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${cores} cores available, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, load average at start ${loadAtStart.map((l) => l.toFixed(2)).join(' / ')}`);
  out.push(`- Node ${process.version}; ${active.has('eleventy') ? `Eleventy ${eleventyVersion()} with @11ty/eleventy-plugin-syntaxhighlight (Prism)` : 'Eleventy skipped'}; ${hugo ?? 'Hugo (not installed)'}`);
  out.push(`- Hashmark: ${measuredCommit}, CLI ${path.relative(REPO_DIR, hashmarkBin)}${jobs === undefined ? '' : `, --jobs ${jobs}`}`);
  out.push(`- Sizes ${sizes.join(', ')} posts; ${runs} runs each; corpus seed ${seed}; times are whole-process wall time, spawn to exit; RSS is the peak resident set of the largest process (GNU time %M), the maximum over runs`);
  out.push('');

  out.push('## Unified floor', '');
  if (floor) {
    out.push(`One frozen remark → remark-gfm → remark-rehype → rehype-highlight → rehype-stringify processor, one process, ${floorSample} posts (${Math.round(floor.bodyBytesPerPost)} bytes of Markdown per post on average): **${floor.cpuMsPerPost.toFixed(2)} ms CPU per post** (${floor.msPerPost.toFixed(2)} ms wall). Target for a cold build: wall ≤ 1.1 × floor CPU × posts ÷ ${cores} cores.`);
  } else {
    out.push('Not measured (see notes).');
  }
  out.push('');

  for (const size of sizes) {
    /** @type {Map<string, Series>} */
    const series = results.get(size) ?? new Map();
    out.push(`## ${size} posts`, '');
    out.push('| subject | scenario | median | min – max | CPU (median) | peak RSS | runs |');
    out.push('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
    for (const entry of series.values()) {
      const walls = entry.samples.map((m) => m.wallMs);
      const cpus = entry.samples.map((m) => m.cpuMs).filter((c) => c !== null);
      const rss = entry.samples.map((m) => m.rssMb).filter((r) => r !== null);
      const range = walls.length ? `${seconds(Math.min(...walls))} – ${seconds(Math.max(...walls))}` : '–';
      out.push(`| ${entry.subject} | ${SCENARIO_LABELS[entry.scenario]}${entry.error ? ' (**failed**)' : ''} | ${seconds(median(walls))} | ${range} | ${cpus.length ? seconds(median(cpus)) : '–'} | ${rss.length ? `${Math.round(Math.max(...rss))} MB` : '–'} | ${walls.length} |`);
    }
    out.push('');
    const counts = outputs.get(size);
    if (counts && counts.size) {
      out.push(`HTML produced by the first cold build: ${[...counts].map(([name, c]) => `${name} ${c.postPages} post pages / ${c.htmlFiles} HTML files`).join('; ')}.`, '');
    }

    const med = (/** @type {string} */ key) => {
      const entry = series.get(key);
      return entry && !entry.error ? median(entry.samples.map((m) => m.wallMs)) : Number.NaN;
    };
    /** @type {[string, number, string, number][]} */
    const pairs = [];
    for (const [hmKey, hmLabel] of [['hashmark:warm', 'Hashmark warm'], ['hashmark:post', 'Hashmark one post changed'], ['hashmark:template', 'Hashmark one template changed']]) {
      for (const [peerKey, peerLabel] of [['eleventy:cold', 'Eleventy cold'], ['eleventy:warm', 'Eleventy warm'], ['eleventy:post', 'Eleventy one post changed'], ['hugo:cold', 'Hugo cold'], ['hugo:warm', 'Hugo warm']]) {
        pairs.push([/** @type {string} */ (hmLabel), med(/** @type {string} */ (hmKey)), /** @type {string} */ (peerLabel), med(/** @type {string} */ (peerKey))]);
      }
    }
    const shown = pairs.filter(([, a, , b]) => Number.isFinite(a) && Number.isFinite(b));
    if (shown.length) {
      out.push('| Hashmark | peer | ratio of medians |', '| --- | --- | ---: |');
      for (const [a, av, b, bv] of shown) out.push(`| ${a} | ${b} | ${times(av / bv)} |`);
      out.push('');
    }
    const cold = med('hashmark:cold');
    if (floor) {
      const floorCpu = floor.cpuMsPerPost * size;
      const target = (1.1 * floorCpu) / cores;
      out.push(`Floor CPU for ${size} posts: ${seconds(floorCpu)}; cold target (1.1 × floor ÷ ${cores} cores): ${seconds(target)}; Hashmark cold: ${seconds(cold)}${Number.isFinite(cold) ? ` = **${times(cold / target)} the target**` : ''}.`, '');
    }
    const errors = [...series.values()].filter((e) => e.error);
    for (const e of errors) out.push(`**${e.subject} ${SCENARIO_LABELS[e.scenario]} failed:**`, '', '```', e.error, '```', '');
  }

  out.push('## Acceptance (issue 5)', '');
  out.push(...acceptance(), '');
  if (notes.length) out.push('## Notes', '', ...notes.map((n) => `- ${n}`), '');
  return out.join('\n');
}

/** The issue's acceptance lines, checked where this run measured them. */
function acceptance() {
  const get = (/** @type {number} */ size, /** @type {string} */ key) => {
    const entry = results.get(size)?.get(key);
    return entry && !entry.error && entry.samples.length ? entry : undefined;
  };
  const med = (/** @type {number} */ size, /** @type {string} */ key) => {
    const entry = get(size, key);
    return entry ? median(entry.samples.map((m) => m.wallMs)) : Number.NaN;
  };
  const verdict = (/** @type {number} */ value, /** @type {number} */ limit) =>
    Number.isFinite(value) ? `${times(value)} (limit ${limit}×): ${value <= limit ? 'pass' : '**fail**'}` : 'not measured';
  const n = 4000;
  const lines = [
    `- ${n} posts, nothing changed, vs Eleventy warm: ${verdict(med(n, 'hashmark:warm') / med(n, 'eleventy:warm'), 0.1)}`,
    `- ${n} posts, nothing changed, vs Hugo warm: ${verdict(med(n, 'hashmark:warm') / med(n, 'hugo:warm'), 0.1)}`,
    `- ${n} posts, one post changed, vs Eleventy one post changed: ${verdict(med(n, 'hashmark:post') / med(n, 'eleventy:post'), 0.15)}`,
  ];
  const cold = med(n, 'hashmark:cold');
  lines.push(`- ${n} posts cold vs 1.1 × floor ÷ cores: ${floor ? verdict(cold / ((floor.cpuMsPerPost * n) / cores), 1.1) : 'not measured'}`);
  const big = get(100000, 'hashmark:cold');
  const rss = big ? Math.max(...big.samples.map((m) => m.rssMb ?? Number.NaN)) : Number.NaN;
  lines.push(`- 100000 posts cold, peak RSS under 2 GB: ${Number.isFinite(rss) ? `${Math.round(rss)} MB: ${rss < 2048 ? 'pass' : '**fail**'}` : 'not measured (use --sizes …,100000)'}`);
  lines.push('- Byte-identical cached, parallel and single-threaded output: checked by the test suite, not here.');
  return lines;
}

function gitDescribe() {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_DIR, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'templates'], { cwd: REPO_DIR, encoding: 'utf8' }).trim();
    return `commit ${commit}${dirty ? ' (with uncommitted changes in src/ or templates/)' : ''}`;
  } catch {
    return 'commit unknown';
  }
}

