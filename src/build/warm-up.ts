import { existsSync, readdirSync } from 'node:fs';
import { setRuntimeV8Flags, startSpareWorker } from '../markdown/pool.js';
import { prewarmRenderer } from '../markdown/render-posts.js';
import type { RenderPostsOptions } from '../markdown/types.js';

/** A content folder this small renders its changed posts on one worker, started before the settings are read (see startEarly). */
const SMALL_CONTENT = 24;

/**
 * A build that renders some Markdown starts one worker loading while the posts are read, as soon
 * as the content stage meets a post that is not in its cache (`onChange`): a build where no post
 * changed (nothing changed, a template or a setting changed) starts none, where the worker would
 * cost a second core a few hundred ms for nothing. `small`: the content folder is small enough for
 * {@link startEarly}'s worker, and for the search thread to load beside it.
 */
export function prewarm(job: Pick<RenderPostsOptions, 'markdown' | 'cacheDir' | 'jobs'> | undefined, contentDir: string): { small: boolean; onChange: () => void } {
  const entries = entriesIn(contentDir);
  let started = false;
  const onChange = (): void => {
    if (started || !job) return;
    started = true;
    prewarmRenderer(job);
  };
  return { small: entries <= SMALL_CONTENT, onChange };
}

/**
 * Before the build's modules are even loaded: raises V8's optimisation threshold for a small
 * content folder or a build with a cache folder, and, for a small one without a cache folder,
 * starts the render worker, whose start (about as long as loading the build) then overlaps them,
 * so the few posts render on it while this thread reads the templates. Other builds wait for a
 * changed post to start it (see prewarm); a first build of a large site keeps V8's defaults.
 */
export function startEarly({ contentDir, cacheDir, jobs }: { contentDir: string; cacheDir: string | null; jobs: number | undefined }): void {
  const small = entriesIn(contentDir) <= SMALL_CONTENT;
  const cold = cacheDir === null || !existsSync(cacheDir);
  // V8 optimises a function once it has run for this many bytecode bytes (the default is 66 KB).
  // In a small build, and in a cached build of any size (one pass over the posts and pages, most
  // of them kept), little code runs often enough to repay it, and the optimising compiler's
  // background threads took the second core from the workers. A whole process setting, so only for
  // the build command (bench/RESULTS.md, "Small cold build" and "V8's threshold in cached builds").
  if (small || !cold) setRuntimeV8Flags(LATE_OPTIMISATION_FLAGS);
  // Only without a cache folder is every post sure to render: with one, most builds render none,
  // and a worker ended in its start holds up the process's exit; they wait for prewarm instead.
  if (small && cold && (jobs === undefined || jobs > 1)) startSpareWorker();
}

/** Four times V8's default. */
const LATE_OPTIMISATION_FLAGS = `--interrupt-budget=${4 * 66 * 1024}`;

/** How many files and folders a folder holds at its top (one readdir): a cheap guess at a site's size. */
function entriesIn(dir: string): number {
  try {
    return readdirSync(dir).length;
  } catch {
    return 0;
  }
}
