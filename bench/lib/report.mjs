// @ts-check
// The Markdown of bench/RESULTS.md from one run's measurements: per size and corpus profile the
// timings, the ratios to the peers, the cold build's scaling, and issue 20's acceptance lines.
import { median, seconds, times } from './stats.mjs';
import { MODEL, predictScaling } from './scaling.mjs';
import { SCENARIO_LABELS } from './subjects.mjs';

/** @typedef {import('./subjects.mjs').Scenario} Scenario */
/** @typedef {import('./measure.mjs').Measurement} Measurement */
/** @typedef {import('./corpus.mjs').Profile} Profile */
/** @typedef {{ subject: 'hashmark' | 'eleventy' | 'hugo', scenario: Scenario, samples: Measurement[], error: string }} Series */
/** @typedef {{ sample: number, msPerPost: number, cpuMsPerPost: number, bodyBytesPerPost: number, htmlBytesPerPost: number }} Floor */
/**
 * One size of one profile: its series by `subject:scenario` and the HTML its first cold builds made.
 * @typedef {{ size: number, profile: Profile, series: Map<string, Series>, outputs: Map<string, { postPages: number, htmlFiles: number }> }} Pass
 */

/** The cores the scaling prediction is made for. */
export const PREDICT_CORES = 16;
/** Issue 20: a cold build's wall time ≤ this × floor CPU ÷ cores. */
export const COLD_FACTOR = 1.5;
/** Issue 20: the main thread's share of a cold build's CPU. */
export const MAIN_SHARE_LIMIT = 0.2;

/**
 * CPU of the whole build: GNU time's user + system (the process and the children it waited for) plus
 * any child still running at exit, which GNU time never sees; without GNU time, the preload's figures.
 * @param {Measurement} m
 * @returns {number | null}
 */
export function totalCpuMs(m) {
  const t = m.threads;
  if (m.cpuMs !== null) return m.cpuMs + (t?.unwaitedMs ?? 0);
  if (t) return t.processMs + (t.childrenMs ?? 0) + (t.unwaitedMs ?? 0);
  return null;
}

/**
 * @param {Series | undefined} entry
 * @param {(m: Measurement) => number | null} pick
 */
function medianOf(entry, pick) {
  if (!entry || entry.error) return Number.NaN;
  const values = entry.samples.map(pick).filter((v) => v !== null && Number.isFinite(v));
  return median(/** @type {number[]} */ (values));
}
const wall = (/** @type {Measurement} */ m) => m.wallMs;
const mainMs = (/** @type {Measurement} */ m) => m.threads?.mainThreadMs ?? null;
const mainShare = (/** @type {Measurement} */ m) => {
  const total = totalCpuMs(m);
  const main = mainMs(m);
  return total && main !== null ? main / total : null;
};

/**
 * @param {Map<Profile, Floor | null>} floors
 * @param {number} floorSample
 * @param {number} cores
 */
export function floorSection(floors, floorSample, cores) {
  const out = ['## Unified floor', ''];
  out.push(`One frozen remark → remark-gfm → remark-rehype → rehype-highlight → rehype-stringify processor, one process, ${floorSample} posts of each profile. Cold target: wall ≤ ${COLD_FACTOR} × floor CPU × posts ÷ ${cores} cores.`, '');
  for (const [profile, floor] of floors) {
    out.push(floor
      ? `- ${profile} profile (${Math.round(floor.bodyBytesPerPost)} bytes of Markdown per post on average): **${floor.cpuMsPerPost.toFixed(2)} ms CPU per post** (${floor.msPerPost.toFixed(2)} ms wall)`
      : `- ${profile} profile: not measured (see notes)`);
  }
  out.push('');
  return out;
}

/**
 * @param {Pass} pass
 * @param {Floor | null} floor
 * @param {{ cores: number, workers: number }} machine  workers: the default cold build's (`--jobs`)
 */
export function passSection(pass, floor, machine) {
  const { size, profile, series } = pass;
  const out = [`## ${size} posts, ${profile} profile`, ''];
  out.push('| subject | scenario | median | min – max | CPU (median) | peak RSS | runs |');
  out.push('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
  for (const entry of series.values()) {
    const walls = entry.samples.map(wall);
    const cpu = medianOf(entry, totalCpuMs);
    const rss = entry.samples.map((m) => m.rssMb).filter((r) => r !== null);
    const range = walls.length ? `${seconds(Math.min(...walls))} – ${seconds(Math.max(...walls))}` : '–';
    out.push(`| ${entry.subject} | ${SCENARIO_LABELS[entry.scenario]}${entry.error ? ' (**failed**)' : ''} | ${seconds(median(walls))} | ${range} | ${seconds(cpu)} | ${rss.length ? `${Math.round(Math.max(...rss))} MB` : '–'} | ${walls.length} |`);
  }
  out.push('');
  if (pass.outputs.size) {
    out.push(`HTML produced by the first cold build: ${[...pass.outputs].map(([name, c]) => `${name} ${c.postPages} post pages / ${c.htmlFiles} HTML files`).join('; ')}.`, '');
  }

  const med = (/** @type {string} */ key) => medianOf(series.get(key), wall);
  /** @type {string[]} */
  const ratios = [];
  for (const [hmKey, hmLabel] of [['hashmark:warm', 'Hashmark warm'], ['hashmark:post', 'Hashmark one post changed'], ['hashmark:template', 'Hashmark one template changed']]) {
    for (const [peerKey, peerLabel] of [['eleventy:cold', 'Eleventy cold'], ['eleventy:warm', 'Eleventy warm'], ['eleventy:post', 'Eleventy one post changed'], ['hugo:cold', 'Hugo cold'], ['hugo:warm', 'Hugo warm']]) {
      const r = med(/** @type {string} */ (hmKey)) / med(/** @type {string} */ (peerKey));
      if (Number.isFinite(r)) ratios.push(`| ${hmLabel} | ${peerLabel} | ${times(r)} |`);
    }
  }
  if (ratios.length) out.push('| Hashmark | peer | ratio of medians |', '| --- | --- | ---: |', ...ratios, '');

  out.push(...coldSection(pass, floor, machine));
  for (const e of [...series.values()].filter((x) => x.error)) {
    out.push(`**${e.subject} ${SCENARIO_LABELS[e.scenario]} failed:**`, '', '```', e.error, '```', '');
  }
  return out;
}

/**
 * The cold build with one worker and with the default, its CPU, the main thread's share, the
 * 16-core prediction and the target.
 * @param {Pass} pass
 * @param {Floor | null} floor
 * @param {{ cores: number, workers: number }} machine
 */
function coldSection(pass, floor, machine) {
  const one = pass.series.get('hashmark:cold1');
  const many = pass.series.get('hashmark:cold');
  if (!one && !many) return [];
  const out = [`### Hashmark cold (\`--no-cache\`), ${pass.size} posts, ${pass.profile} profile`, ''];
  out.push('| workers | wall (median) | total CPU (median) | main thread CPU (median) | main thread share (median) |');
  out.push('| --- | ---: | ---: | ---: | ---: |');
  for (const [entry, label] of /** @type {[Series | undefined, string][]} */ ([[one, '1 (`--jobs 1`)'], [many, `${machine.workers} (default: one per core)`]])) {
    if (!entry) continue;
    const share = medianOf(entry, mainShare);
    out.push(`| ${label} | ${seconds(medianOf(entry, wall))} | ${seconds(medianOf(entry, totalCpuMs))} | ${seconds(medianOf(entry, mainMs))} | ${Number.isFinite(share) ? `${(share * 100).toFixed(1)}%` : '–'} |`);
  }
  out.push('');
  const w1 = medianOf(one, wall);
  const wp = medianOf(many, wall);
  if (Number.isFinite(w1) && Number.isFinite(wp) && machine.workers > 1) {
    const p = predictScaling({ wall1Ms: w1, wall2Ms: wp, workers: machine.workers, mainThreadMs: medianOf(many, mainMs), cores: PREDICT_CORES });
    out.push(`Speed-up 1 → ${machine.workers} workers: ${times(w1 / wp)}; serial fraction e = ${p.serialFraction.toFixed(3)}; predicted on ${PREDICT_CORES} cores: **${seconds(p.wallMs)}, ${times(p.speedup)} over one worker** (bound: ${p.limit}). Model: ${MODEL}.`, '');
  }
  if (floor) {
    const floorCpu = floor.cpuMsPerPost * pass.size;
    const target = (COLD_FACTOR * floorCpu) / machine.cores;
    const perCore = floorCpu / machine.cores;
    out.push(`Floor CPU for ${pass.size} ${pass.profile} posts: ${seconds(floorCpu)}; cold target (${COLD_FACTOR} × floor CPU ÷ ${machine.cores} cores): ${seconds(target)}; Hashmark cold: ${seconds(wp)}${Number.isFinite(wp) ? ` = ${times(wp / perCore)} floor CPU ÷ cores (limit ${COLD_FACTOR}×): **${wp <= target ? 'pass' : 'fail'}**` : ''}.`, '');
  }
  return out;
}

/**
 * Issue 20's acceptance lines that this bench measures, per profile: at 4000 posts, or at the
 * largest size run when 4000 was not (marked so); the 10-post lines when 10 posts were run.
 * @param {Pass[]} passes
 * @param {Map<Profile, Floor | null>} floors
 * @param {number} cores
 */
export function acceptance(passes, floors, cores) {
  const out = ['## Acceptance (issue 20)', ''];
  const verdict = (/** @type {number} */ value, /** @type {number} */ limit, unit = '×') =>
    Number.isFinite(value) ? `${unit === '×' ? times(value) : `${(value * 100).toFixed(1)}%`} (limit ${unit === '×' ? `${limit}×` : `${limit * 100}%`}): ${value <= limit ? 'pass' : '**fail**'}` : 'not measured';
  for (const [profile, floor] of floors) {
    const mine = passes.filter((p) => p.profile === profile);
    if (!mine.length) continue;
    const main = mine.find((p) => p.size === 4000) ?? mine.reduce((a, b) => (b.size > a.size ? b : a));
    const n = main.size;
    const med = (/** @type {Pass} */ pass, /** @type {string} */ key) => medianOf(pass.series.get(key), wall);
    out.push(`### ${profile} profile, ${n} posts${n === 4000 ? '' : ' (**4000 not run**: these lines are indicative only)'}`, '');
    out.push(
      `- Nothing changed ≤ 0.1× Eleventy (warm): ${verdict(med(main, 'hashmark:warm') / med(main, 'eleventy:warm'), 0.1)}`,
      `- Nothing changed ≤ 0.1× Hugo (warm): ${verdict(med(main, 'hashmark:warm') / med(main, 'hugo:warm'), 0.1)}`,
      `- One post changed ≤ 0.15× Eleventy (one post changed): ${verdict(med(main, 'hashmark:post') / med(main, 'eleventy:post'), 0.15)}`,
      // Eleventy rebuilds every page on any change (no --incremental, as in CI): its warm build is its template build.
      `- One template changed ≤ 0.3× Eleventy (warm, a full build): ${verdict(med(main, 'hashmark:template') / med(main, 'eleventy:warm'), 0.3)}`,
    );
    const target = floor ? (COLD_FACTOR * floor.cpuMsPerPost * n) / cores : Number.NaN;
    out.push(`- Cold ≤ ${COLD_FACTOR} × floor CPU ÷ ${cores} cores (wall ÷ (floor CPU ÷ cores)): ${verdict((med(main, 'hashmark:cold') / target) * COLD_FACTOR, COLD_FACTOR)}`);
    out.push(`- Cold, main thread ≤ ${MAIN_SHARE_LIMIT * 100}% of the build's CPU: ${verdict(medianOf(main.series.get('hashmark:cold'), mainShare), MAIN_SHARE_LIMIT, '%')}`);
    const tiny = mine.find((p) => p.size === 10);
    if (tiny) {
      const cold = med(tiny, 'hashmark:cold');
      out.push(`- 10 posts cold ≤ 0.5 s: ${Number.isFinite(cold) ? `${seconds(cold)}: ${cold <= 500 ? 'pass' : '**fail**'}` : 'not measured'}`);
      out.push(`- 10 posts cold no slower than Eleventy cold: ${verdict(cold / med(tiny, 'eleventy:cold'), 1)}`);
    } else {
      out.push('- 10 posts cold ≤ 0.5 s and no slower than Eleventy: not measured (add 10 to --sizes)');
    }
    out.push('- dev on 4000 posts (first page within 1.5 s, edits under 50 ms): not measured here (bench/dev-edit.mjs)', '');
  }
  const big = passes.find((p) => p.size === 100000)?.series.get('hashmark:cold');
  const rss = big && !big.error ? Math.max(...big.samples.map((m) => m.rssMb ?? Number.NaN)) : Number.NaN;
  out.push(`- 100000 posts cold, peak RSS under 2 GB: ${Number.isFinite(rss) ? `${Math.round(rss)} MB: ${rss < 2048 ? 'pass' : '**fail**'}` : 'not measured (use --sizes …,100000)'}`);
  out.push('- Byte-identical cached, parallel and single-threaded output: checked by the test suite, not here.', '');
  return out;
}
