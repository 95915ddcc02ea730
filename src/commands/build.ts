import path from 'node:path';
import type { BuildOptions, BuildResult } from '../build.js';
import { checkSiteUrl, normalizeBasePath, type Checked } from '../config/location.js';
import { hasErrors } from '../diagnostics.js';
import { type Common, EXIT, note, printDiagnostics, progressBar, stringFlag, UsageError, type Values } from './common.js';

export async function runBuild(common: Common, values: Values): Promise<number> {
  const jobsText = stringFlag(values, 'jobs');
  let jobs: number | undefined;
  if (jobsText !== undefined) {
    jobs = Number(jobsText);
    if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs must be a whole number of at least 1, not '${jobsText}'.`);
  }
  const options: BuildOptions = {
    root: common.root,
    contentDir: common.contentDir,
    outDir: common.outDir,
    drafts: values.drafts === true,
    future: values.future === true,
  };
  const base = locationFlag(values, 'base', normalizeBasePath);
  const siteUrl = locationFlag(values, 'site-url', checkSiteUrl);
  const cacheDir = stringFlag(values, 'cache-dir');
  if (base !== undefined) options.basePath = base;
  if (siteUrl !== undefined) options.siteUrl = siteUrl;
  // Only `build` makes output to publish. `check` writes nothing and usually runs in CI beside a
  // build that warns already, and `dev` serves on localhost, where the default url is right.
  options.warnDefaultSiteUrl = true;
  if (jobs !== undefined) options.jobs = jobs;
  if (values['force-out'] === true) options.forceOut = true;
  if (values['no-cache'] === true) options.cacheDir = null;
  else if (cacheDir !== undefined) options.cacheDir = path.resolve(common.root, cacheDir);
  const progress = process.stderr.isTTY === true ? progressBar() : undefined;
  if (progress) options.onProgress = progress.update;
  let result: BuildResult;
  try {
    // A small site's render worker starts loading first, beside the build's own imports.
    const cacheFolder = options.cacheDir === null ? null : path.resolve(common.root, options.cacheDir ?? '.cache');
    (await import('../build/warm-up.js')).startEarly({ contentDir: common.contentDir, cacheDir: cacheFolder, jobs });
    // Loaded on demand: `check` should not pay for the Markdown, template and Vite imports.
    const { build } = await import('../build.js');
    result = await build(options);
  } finally {
    progress?.clear();
  }
  printDiagnostics(result.diagnostics, common);
  note(common, buildSummary(result));
  return result.ok && !hasErrors(result.diagnostics) ? EXIT.ok : EXIT.errors;
}

/** A `--base` or `--site-url` value, checked by the config's own rule; a bad one is the command line's fault. */
function locationFlag(values: Values, flag: 'base' | 'site-url', check: (raw: string) => Checked): string | undefined {
  const raw = stringFlag(values, flag);
  if (raw === undefined) return undefined;
  const checked = check(raw);
  if (!checked.ok) throw new UsageError(`--${flag} ${checked.problem}. ${checked.flagHint}`);
  return checked.value;
}

/**
 * `Built 9 posts, 40 pages: 3 written, 37 unchanged, 0 removed; 1 draft and 0 scheduled left out (x) in 1.23 s`;
 * with page files, `Built 9 posts, 2 page files, 40 pages: …` (the pages are every HTML page made).
 */
export function buildSummary(result: BuildResult): string {
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (!result.ok) {
    const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
    return `Build failed with ${plural(errors, 'error')}: nothing was written, the previous output is unchanged (${result.seconds.toFixed(2)} s)`;
  }
  const pageFiles = result.pageFiles > 0 ? `${plural(result.pageFiles, 'page file')}, ` : '';
  let line = `Built ${plural(result.posts, 'post')}, ${pageFiles}${plural(result.pages, 'page')}: ${result.written} written, ${result.unchanged} unchanged, ${result.removed} removed`;
  const left = [...result.drafts, ...result.scheduled];
  if (left.length > 0) {
    const names = left.length > 5 ? `${left.slice(0, 5).join(', ')}, …` : left.join(', ');
    line += `; ${plural(result.drafts.length, 'draft')} and ${result.scheduled.length} scheduled left out (${names})`;
  }
  return `${line}${imagesSummary(result)} in ${result.seconds.toFixed(2)} s`;
}

/** `; images: 12 processed into 96 AVIF/WebP files in 4.10 s, 2 at once (CPU 1.9×), 3 from the cache`, when any image was decoded. */
function imagesSummary(result: BuildResult): string {
  const images = result.images;
  if (!images || images.processed === 0) return '';
  const wall = result.timings.images ?? 0;
  const cpu = wall > 0 ? ` (CPU ${(images.cpuMs / wall).toFixed(1)}×)` : '';
  const reused = images.reused > 0 ? `, ${images.reused} from the cache` : '';
  return `; images: ${images.processed} processed into ${images.encoded} AVIF/WebP files in ${(wall / 1000).toFixed(2)} s, ${images.parallel} at once${cpu}${reused}`;
}
