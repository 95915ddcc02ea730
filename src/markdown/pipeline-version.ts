import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Bump when Hashmark's own plugins or render-cache format change output. */
export const PIPELINE_REVISION = 7;

/**
 * Packages whose version can change rendered HTML. Each is looked up from the package that
 * depends on it, so nested installs are found too.
 */
const PACKAGES: ReadonlyArray<readonly [name: string, from: string | null]> = [
  ['unified', null],
  ['remark', null],
  ['remark-parse', 'remark'],
  ['micromark', 'remark-parse'],
  ['remark-gfm', null],
  ['remark-rehype', null],
  ['mdast-util-to-hast', 'remark-rehype'],
  ['rehype-raw', null],
  ['hast-util-raw', 'rehype-raw'],
  ['rehype-sanitize', null],
  ['hast-util-sanitize', 'rehype-sanitize'],
  ['rehype-autolink-headings', null],
  ['rehype-highlight', null],
  ['lowlight', null],
  ['highlight.js', 'lowlight'],
  ['rehype-stringify', null],
  ['hast-util-to-html', 'rehype-stringify'],
  ['github-slugger', null],
  ['@sindresorhus/slugify', null],
  ['@sindresorhus/transliterate', '@sindresorhus/slugify'],
  ['remark-math', null],
  ['micromark-extension-math', 'remark-math'],
  ['rehype-katex', null],
  ['katex', 'rehype-katex'],
];

let cached: string | undefined;

/** `hashmark-render@<revision>` plus every package version above; part of every cache key. */
export function pipelineVersion(): string {
  if (cached !== undefined) return cached;
  const here = fileURLToPath(import.meta.url);
  const dirs = new Map<string, string>();
  const parts = [`hashmark-render@${PIPELINE_REVISION}`];
  for (const [name, from] of PACKAGES) {
    const base = from ? dirs.get(from) : undefined;
    const dir = packageDir(name, base ? join(base, 'package.json') : here);
    let version = 'unknown';
    if (dir) {
      dirs.set(name, dir);
      version = String((JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: unknown }).version);
    }
    parts.push(`${name}@${version}`);
  }
  cached = parts.join(' ');
  return cached;
}

/**
 * The folder of package `name` as Node finds it from `fromFile`: the nearest `node_modules/<name>`
 * up the tree, through symbolic links to the real folder (where its own dependencies are looked up).
 * Looked up directly rather than by resolving the package's entry, which costs about 0.5 ms a package.
 */
function packageDir(name: string, fromFile: string): string | null {
  for (let dir = dirname(fromFile); dir !== dirname(dir); dir = dirname(dir)) {
    if (basename(dir) === 'node_modules') continue;
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
  }
  return null;
}
