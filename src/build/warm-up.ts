import { readdirSync } from 'node:fs';
import { prewarmRenderer } from '../markdown/render-posts.js';
import type { RenderPostsOptions } from '../markdown/types.js';

/** A content folder this small renders in this thread and starts no Markdown worker (IN_THREAD_MAX in render-posts.ts). */
const SMALL_CONTENT = 24;

/**
 * A build that renders some Markdown starts one worker loading while the posts are read, as soon
 * as the content stage meets a post that is not in its cache (`onChange`): a build where no post
 * changed (nothing changed, a template or a setting changed) starts none, where the worker would
 * cost a second core a few hundred ms for nothing. A content folder small enough to render in this
 * thread starts none either (`small`).
 */
export function prewarm(job: Pick<RenderPostsOptions, 'markdown' | 'cacheDir' | 'jobs'> | undefined, contentDir: string): { small: boolean; onChange: () => void } {
  const entries = entriesIn(contentDir);
  let started = false;
  const onChange = (): void => {
    if (started || !job) return;
    started = true;
    prewarmRenderer(job, entries);
  };
  return { small: entries <= SMALL_CONTENT, onChange };
}

/** How many files and folders a folder holds at its top (one readdir): a cheap guess at a site's size. */
function entriesIn(dir: string): number {
  try {
    return readdirSync(dir).length;
  } catch {
    return 0;
  }
}
