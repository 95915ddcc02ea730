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
 * For a small content folder, before the build's modules are even loaded: raises V8's optimisation
 * threshold and, for a build without a cache folder, starts the render worker, whose start (about
 * as long as loading the build) then overlaps them, so the few posts render on it while this thread
 * reads the templates. Other builds wait for a changed post to start it (see prewarm); a large site
 * keeps V8's defaults.
 */
export function startEarly({ contentDir, cacheDir, jobs }: { contentDir: string; cacheDir: string | null; jobs: number | undefined }): void {
  if (entriesIn(contentDir) > SMALL_CONTENT) return;
  // V8 optimises a function once it has run for this many bytecode bytes (the default is 66 KB): in
  // a build of a few posts little code runs often enough to repay it, and the optimising compiler's
  // background threads took the second core from the render worker. A whole process setting, so
  // only for the build command of a small site (bench/RESULTS.md, "Small cold build").
  setRuntimeV8Flags(SMALL_BUILD_V8_FLAGS);
  // Only without a cache folder is every post sure to render: with one, most builds render none,
  // and a worker ended in its start holds up the process's exit; they wait for prewarm instead.
  const cold = cacheDir === null || !existsSync(cacheDir);
  if (cold && (jobs === undefined || jobs > 1)) startSpareWorker();
}

/** Four times V8's default. */
const SMALL_BUILD_V8_FLAGS = `--interrupt-budget=${4 * 66 * 1024}`;

/** How many files and folders a folder holds at its top (one readdir): a cheap guess at a site's size. */
function entriesIn(dir: string): number {
  try {
    return readdirSync(dir).length;
  } catch {
    return 0;
  }
}
