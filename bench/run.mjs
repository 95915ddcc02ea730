// @ts-check
// `npm run bench`: Hashmark against Eleventy 3 and Hugo on the same generated posts.
//   node bench/run.mjs [--sizes 1000,4000] [--runs 5] [--quick] [--seed N] [--jobs N]
//                      [--hashmark-bin PATH] [--subjects hashmark,eleventy,hugo] [--template FILE]
//                      [--floor-sample 300] [--no-compile] [--results bench/RESULTS.md]
//                      [--scenarios cold,cold1,coldCache,warm,post,template] [--images N]
//                      [--profiles standard,light]
// Whole-process wall time (spawn to exit) and peak RSS (GNU time) per build; subjects alternate inside
// every run so machine drift hits all of them alike. See docs/internals.md "Benchmark".
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SEED, PROFILES, generatePost } from './lib/corpus.mjs';
import { addBenchImages, imagePhase } from './lib/images.mjs';
import { writeCorpus } from './lib/emit.mjs';
import { hasGnuTime, measure } from './lib/measure.mjs';
import { acceptance, floorSection, passSection } from './lib/report.mjs';
import { seconds } from './lib/stats.mjs';
import {
  BENCH_DIR, REPO_DIR, SCENARIO_LABELS, SCENARIOS, createEleventy, createHashmark, createHugo,
  eleventyVersion, ensureEleventy, hugoVersion, postToEdit,
} from './lib/subjects.mjs';

/** @typedef {import('./lib/subjects.mjs').Subject} Subject */
/** @typedef {'hashmark' | 'eleventy' | 'hugo'} SubjectName */
/** @typedef {import('./lib/corpus.mjs').Profile} Profile */
/** @typedef {import('./lib/report.mjs').Series} Series */
/** @typedef {import('./lib/report.mjs').Pass} Pass */
/** @typedef {import('./lib/report.mjs').Floor} Floor */

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
    profiles: { type: 'string', default: PROFILES.join(',') },
  },
});

const quick = values.quick === true;
const sizes = (values.sizes ?? (quick ? '200' : '1000,4000')).split(',').map((s) => Number(s.trim()));
const runs = Number(values.runs ?? (quick ? 1 : 5));
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
const profiles = /** @type {Profile[]} */ (values.profiles.split(',').map((p) => p.trim()));
if (profiles.length === 0 || profiles.some((p) => !PROFILES.includes(p))) {
  console.error(`--profiles takes some of ${PROFILES.join(',')}`);
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
/** @type {Map<Profile, Floor | null>} */
const floors = new Map();
for (const profile of profiles) {
  console.log(`Measuring the single-process unified floor on ${floorSample} ${profile} posts…`);
  const args = [path.join(BENCH_DIR, 'floor.mjs'), '--sample', String(floorSample), '--seed', String(seed), '--profile', profile];
  const result = spawnSync(process.execPath, args, { cwd: REPO_DIR, encoding: 'utf8' });
  floors.set(profile, result.status === 0 ? JSON.parse(result.stdout) : null);
  if (result.status !== 0) notes.push(`The ${profile} floor measurement failed: ${result.stderr.trim().split('\n').slice(-5).join(' ')}`);
}

// ---- runs -------------------------------------------------------------------------------------
/** @type {Pass[]} */
const passes = [];
const startedAt = new Date();
const loadAtStart = os.loadavg();

for (const size of sizes) {
  // Profiles one after the other, each in its own folder removed once measured: at 100,000 posts
  // each subject's copy of a corpus is about 900 MB.
  for (const profile of profiles) passes.push(await runPass(size, profile));
}

/**
 * Every run of every scenario and subject on one size of one profile.
 * @param {number} size
 * @param {Profile} profile
 * @returns {Promise<Pass>}
 */
async function runPass(size, profile) {
  const label = `${size} ${profile}`;
  console.log(`\n== ${size} posts, ${profile} profile: generating the corpus (seed ${seed})…`);
  const passDir = path.join(workRoot, `${size}-${profile}`);
  rmSync(passDir, { recursive: true, force: true });
  /** @type {import('./lib/corpus.mjs').BenchPost[]} */
  const posts = [];
  for (let i = 0; i < size; i++) posts.push(generatePost(i, seed, profile));
  const dirs = {
    hashmark: path.join(passDir, 'hashmark', 'content'),
    eleventy: path.join(passDir, 'eleventy', 'src', 'posts'),
    hugo: path.join(passDir, 'hugo', 'content', 'posts'),
  };
  // Only the subjects that run get their copy.
  writeCorpus(posts, {
    ...(active.has('hashmark') ? { hashmark: dirs.hashmark } : {}),
    ...(active.has('eleventy') ? { eleventy: dirs.eleventy } : {}),
    ...(active.has('hugo') ? { hugo: dirs.hugo } : {}),
  });

  if (imageCount > 0 && active.has('hashmark')) {
    const keep = new Set(Array.from({ length: runs }, (_, run) => postToEdit(posts, run)));
    const added = await addBenchImages(dirs.hashmark, posts, imageCount, keep);
    notes.push(`${label}: ${added} of Hashmark's posts are bundles with a generated PNG or JPEG (1600–2400 px), \`--images ${imageCount}\`; the peers got none, so their columns compare without images.`);
  }

  /** @type {Subject[]} */
  const subjects = [];
  if (active.has('hashmark')) {
    const hm = createHashmark({ dir: path.join(passDir, 'hashmark'), posts, bin: hashmarkBin, jobs, templateFile: values.template });
    if (!hm.templatePath) notes.push('No Liquid template found in templates/: the "one template changed" scenario was skipped.');
    subjects.push(hm);
  }
  if (active.has('eleventy')) subjects.push(createEleventy({ dir: path.join(passDir, 'eleventy'), posts }));
  if (active.has('hugo')) subjects.push(createHugo({ dir: path.join(passDir, 'hugo') }));

  /** @type {Pass} */
  const pass = { size, profile, series: new Map(), outputs: new Map() };
  /** @type {Set<SubjectName>} */
  const failed = new Set();

  const passStarted = performance.now();
  for (let run = 0; run < runs; run++) {
    if (run === 1) {
      const left = ((performance.now() - passStarted) * (runs - 1)) / 60_000;
      console.log(`… about ${left.toFixed(1)} min left for ${label}`);
    }
    for (const scenario of scenarios) {
      // Rotate who goes first so no subject always follows the same neighbour.
      const order = subjects.map((_, i) => /** @type {Subject} */ (subjects[(i + run) % subjects.length]));
      for (const subject of order) {
        if (!subject.scenarios.includes(scenario) || failed.has(subject.name)) continue;
        const key = `${subject.name}:${scenario}`;
        /** @type {Series} */
        const entry = pass.series.get(key) ?? { subject: subject.name, scenario, samples: [], error: '' };
        pass.series.set(key, entry);
        const cmd = subject.prepare(scenario, run);
        const m = measure(cmd.command, cmd.args, { cwd: cmd.cwd, useTime, cpuFile: cmd.cpuFile === true });
        const rss = m.rssMb === null ? '' : `, ${Math.round(m.rssMb)} MB`;
        console.log(`[${label} run ${run + 1}/${runs}] ${subject.name.padEnd(8)} ${SCENARIO_LABELS[scenario].padEnd(22)} ${m.ok ? `${seconds(m.wallMs)}${rss}` : 'FAILED'}`);
        if (!m.ok) {
          entry.error = m.error;
          failed.add(subject.name);
          console.error(`${subject.name} failed on ${label} (${SCENARIO_LABELS[scenario]}); its remaining builds here are skipped:\n${m.error}\n`);
          continue;
        }
        entry.samples.push(m);
        if (run === 0 && (scenario === 'cold' || scenario === 'cold1')) {
          const count = subject.countOutput();
          if (scenario === 'cold') pass.outputs.set(subject.name, count);
          if (count.postPages !== size) {
            entry.error = `produced ${count.postPages} post pages (posts/<slug>/index.html) for ${size} posts`;
            failed.add(subject.name);
            console.error(`${subject.name}: ${entry.error}; its figures here are not comparable and are dropped.`);
          }
        }
      }
    }
  }
  if (imageCount > 0 && active.has('hashmark') && !failed.has('hashmark')) {
    console.log(`[${label}] the image phase alone: a cold build into a fresh cache, then a warm one…`);
    const phase = imagePhase(hashmarkBin, path.join(passDir, 'hashmark'));
    notes.push(`${label}, image phase (cold, fresh cache): ${phase.cold}`, `${label}, image phase (warm, same cache): ${phase.warm}`);
  }
  rmSync(passDir, { recursive: true, force: true });
  return pass;
}

// ---- report -----------------------------------------------------------------------------------
const report = buildReport();
console.log(`\n${report}`);
writeFileSync(values.results, report);
console.log(`Written to ${path.relative(process.cwd(), values.results)}`);

function buildReport() {
  const workers = jobs ?? cores;
  /** @type {string[]} */
  const out = [];
  out.push('# Benchmark results', '');
  out.push(`Produced by \`npm run bench\`${quick ? ' **--quick** (smoke run, not for comparison)' : ''} on ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC.`, '');
  out.push(`- Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${cores} cores available, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, load average at start ${loadAtStart.map((l) => l.toFixed(2)).join(' / ')}`);
  out.push(`- Node ${process.version}; ${active.has('eleventy') ? `Eleventy ${eleventyVersion()} with @11ty/eleventy-plugin-syntaxhighlight (Prism)` : 'Eleventy skipped'}; ${hugo ?? 'Hugo (not installed)'}`);
  out.push(`- Hashmark: ${measuredCommit}, CLI ${path.relative(REPO_DIR, hashmarkBin)}${jobs === undefined ? '' : `, --jobs ${jobs}`}`);
  out.push(`- Sizes ${sizes.join(', ')} posts; corpus profiles ${profiles.join(', ')} (standard: link- and code-rich posts; light: as many bytes of short plain paragraphs, about one link and at most one small code block); ${runs} runs each; corpus seed ${seed}`);
  out.push("- Times are whole-process wall time, spawn to exit. CPU is user + system of the whole build: GNU time's (the process and the children it waited for) plus any child still running at exit. The main thread's CPU comes from `/proc/self/task/<pid>/stat`, read at exit by a preload (`node --import bench/lib/thread-cpu.mjs`). RSS is the peak resident set of the largest process (GNU time %M), the maximum over runs.");
  out.push('');
  out.push(...floorSection(floors, floorSample, cores));
  for (const pass of passes) out.push(...passSection(pass, floors.get(pass.profile) ?? null, { cores, workers }));
  out.push(...acceptance(passes, floors, cores));
  if (notes.length) out.push('## Notes', '', ...notes.map((n) => `- ${n}`), '');
  return out.join('\n');
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

