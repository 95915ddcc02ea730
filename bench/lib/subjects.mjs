// @ts-check
// The three subjects: how each one's work folder is laid out, which command builds it, and what each
// scenario changes before the timed build. Nothing here touches the repository's own files.
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { frontMatterFileName, hashmarkFileName } from './emit.mjs';
import { THREAD_CPU_PRELOAD } from './measure.mjs';

export const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_DIR = path.resolve(BENCH_DIR, '..');
export const ELEVENTY_DIR = path.join(BENCH_DIR, 'peers', 'eleventy');
export const HUGO_DIR = path.join(BENCH_DIR, 'peers', 'hugo');

/** @typedef {'cold' | 'cold1' | 'coldCache' | 'warm' | 'post' | 'template'} Scenario */

/** Scenario order inside one run; each depends on the state the one before it left. */
/** @type {Scenario[]} */
export const SCENARIOS = ['cold', 'cold1', 'coldCache', 'warm', 'post', 'template'];

/** @type {Record<Scenario, string>} */
export const SCENARIO_LABELS = {
  cold: 'cold',
  cold1: 'cold, --jobs 1',
  coldCache: 'cold, filling cache',
  warm: 'warm (nothing changed)',
  post: 'one post changed',
  template: 'one template changed',
};

/**
 * @typedef {object} Command
 * @property {string} command
 * @property {string[]} args
 * @property {string} cwd
 * @property {boolean} [cpuFile]  loads bench/lib/thread-cpu.mjs: the main thread's CPU is reported
 */

/**
 * @typedef {object} Subject
 * @property {'hashmark' | 'eleventy' | 'hugo'} name
 * @property {Scenario[]} scenarios
 * @property {(scenario: Scenario, run: number) => Command} prepare  changes inputs/outputs for the scenario
 * @property {() => { postPages: number, htmlFiles: number }} countOutput
 */

/** @typedef {import('./corpus.mjs').BenchPost} BenchPost */

/**
 * The post edited in run `run`: a different one each run, the same one for every subject.
 * @param {BenchPost[]} posts
 * @param {number} run
 */
export function postToEdit(posts, run) {
  return /** @type {BenchPost} */ (posts[(run * 7919 + 13) % posts.length]);
}

/** @param {number} run */
function editSentence(run) {
  return `\n\nEdited for benchmark run ${run + 1}: one more sentence about *backpressure* and \`maxInFlight\`.\n`;
}

/**
 * @param {string} dir
 * @returns {{ postPages: number, htmlFiles: number }}
 */
function countHtml(dir) {
  const postsDir = path.join(dir, 'posts');
  const postPages = existsSync(postsDir)
    ? readdirSync(postsDir, { withFileTypes: true }).filter(
        (d) => d.isDirectory() && existsSync(path.join(postsDir, d.name, 'index.html')),
      ).length
    : 0;
  let htmlFiles = 0;
  if (existsSync(dir)) {
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith('.html')) htmlFiles++;
    }
  }
  return { postPages, htmlFiles };
}

/**
 * A temporary project root: copies of the repo's templates/ and public/, a small site.config.ts and
 * the generated content. `bin` is the Hashmark CLI to time (default the repo's bin/hashmark.js).
 * @param {{ dir: string, posts: BenchPost[], bin: string, jobs: number | undefined, templateFile: string | undefined }} options
 * @returns {Subject & { root: string, templatePath: string | undefined }}
 */
export function createHashmark(options) {
  const root = options.dir;
  for (const folder of ['templates', 'public']) {
    const from = path.join(REPO_DIR, folder);
    if (existsSync(from)) cpSync(from, path.join(root, folder), { recursive: true });
    else mkdirSync(path.join(root, folder), { recursive: true });
  }
  writeFileSync(
    path.join(root, 'site.config.ts'),
    "export default { title: 'Bench', url: 'https://bench.example', postsPerPage: 10 };\n",
  );
  const templatePath = pickTemplate(path.join(root, 'templates'), options.templateFile);
  const keep = new Set(['content', 'templates', 'public', 'site.config.ts']);
  const jobs = options.jobs === undefined ? [] : ['--jobs', String(options.jobs)];
  return {
    name: 'hashmark',
    root,
    templatePath,
    scenarios: templatePath ? SCENARIOS : SCENARIOS.filter((s) => s !== 'template'),
    prepare(scenario, run) {
      const base = ['build', '--root', root, '--content', path.join(root, 'content'), '--out', path.join(root, 'dist')];
      if (scenario === 'cold' || scenario === 'cold1' || scenario === 'coldCache') {
        // Everything the generator may have left (output, cache, manifest, lock) goes.
        for (const entry of readdirSync(root)) {
          if (!keep.has(entry)) rmSync(path.join(root, entry), { recursive: true, force: true });
        }
      }
      if (scenario === 'post') {
        appendFileSync(path.join(root, 'content', hashmarkFileName(postToEdit(options.posts, run))), editSentence(run));
      }
      if (scenario === 'template' && templatePath) {
        const text = readFileSync(templatePath, 'utf8');
        const mark = `<!-- benchmark edit ${run + 1} -->\n`;
        writeFileSync(templatePath, withEdit(text, mark));
      }
      const cache = scenario === 'cold' || scenario === 'cold1' ? ['--no-cache'] : ['--cache-dir', path.join(root, '.cache')];
      const workers = scenario === 'cold1' ? ['--jobs', '1'] : jobs;
      // The preload reports the main thread's CPU; it costs a file read at exit.
      return { command: process.execPath, args: ['--import', THREAD_CPU_PRELOAD, options.bin, ...base, ...cache, ...workers], cwd: root, cpuFile: true };
    },
    countOutput: () => countHtml(path.join(root, 'dist')),
  };
}

/**
 * The template edited in the "one template changed" scenario: the post template (every post page
 * depends on it), else the first Liquid file found.
 * @param {string} templatesDir
 * @param {string | undefined} chosen  a path relative to templates/
 */
function pickTemplate(templatesDir, chosen) {
  if (chosen) return path.join(templatesDir, chosen);
  for (const candidate of ['post.liquid', 'layouts/post.liquid', 'layouts/base.liquid']) {
    if (existsSync(path.join(templatesDir, candidate))) return path.join(templatesDir, candidate);
  }
  if (!existsSync(templatesDir)) return undefined;
  const first = readdirSync(templatesDir, { recursive: true, encoding: 'utf8' }).sort().find((f) => f.endsWith('.liquid'));
  return first ? path.join(templatesDir, first) : undefined;
}

/**
 * Puts the mark where it reaches the output (before `</body>` or inside the last block), as a real
 * template edit would, so the change cannot be skipped as a no-op.
 * @param {string} text
 * @param {string} mark
 */
function withEdit(text, mark) {
  if (text.includes('</body>')) return text.replace('</body>', `${mark}</body>`);
  const end = text.lastIndexOf('{% endblock');
  if (end >= 0) return `${text.slice(0, end)}${mark}${text.slice(end)}`;
  return `${text}\n${mark}`;
}

/** Eleventy's CLI entry inside the peer's own node_modules. */
export function eleventyCli() {
  return path.join(ELEVENTY_DIR, 'node_modules', '@11ty', 'eleventy', 'cmd.cjs');
}

/** Installs the Eleventy peer from its committed lock file on first use. Returns an error or ''. */
export function ensureEleventy() {
  if (existsSync(eleventyCli())) return '';
  console.log('Installing the Eleventy peer: npm ci --prefix bench/peers/eleventy');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--prefix', ELEVENTY_DIR, '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (result.status !== 0 || !existsSync(eleventyCli())) return 'npm ci --prefix bench/peers/eleventy failed';
  return '';
}

/** @returns {string} Eleventy's version from its installed package.json */
export function eleventyVersion() {
  const file = path.join(ELEVENTY_DIR, 'node_modules', '@11ty', 'eleventy', 'package.json');
  return existsSync(file) ? String(JSON.parse(readFileSync(file, 'utf8')).version) : 'not installed';
}

/**
 * @param {{ dir: string, posts: BenchPost[] }} options
 * @returns {Subject}
 */
export function createEleventy(options) {
  const dir = options.dir;
  cpSync(path.join(ELEVENTY_DIR, 'site'), path.join(dir, 'src'), { recursive: true });
  return {
    name: 'eleventy',
    scenarios: ['cold', 'warm', 'post'],
    prepare(scenario, run) {
      if (scenario === 'cold') {
        rmSync(path.join(dir, '_site'), { recursive: true, force: true });
        rmSync(path.join(dir, '.cache'), { recursive: true, force: true });
      }
      if (scenario === 'post') {
        appendFileSync(path.join(dir, 'src', 'posts', frontMatterFileName(postToEdit(options.posts, run))), editSentence(run));
      }
      return {
        command: process.execPath,
        args: [eleventyCli(), `--config=${path.join(ELEVENTY_DIR, 'eleventy.config.js')}`, '--input=src', '--output=_site', '--quiet'],
        cwd: dir,
      };
    },
    countOutput: () => countHtml(path.join(dir, '_site')),
  };
}

/** @returns {string | null} `hugo version` output, or null when Hugo is not installed */
export function hugoVersion() {
  const result = spawnSync('hugo', ['version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return null;
  return result.stdout.trim();
}

/**
 * @param {{ dir: string }} options
 * @returns {Subject}
 */
export function createHugo(options) {
  const dir = options.dir;
  cpSync(HUGO_DIR, dir, { recursive: true });
  return {
    name: 'hugo',
    scenarios: ['cold', 'warm'],
    prepare(scenario) {
      if (scenario === 'cold') {
        for (const entry of ['public', 'resources', '.hugo_build.lock']) rmSync(path.join(dir, entry), { recursive: true, force: true });
      }
      return { command: 'hugo', args: ['--quiet', '--destination', 'public'], cwd: dir };
    },
    countOutput: () => countHtml(path.join(dir, 'public')),
  };
}
