import { readdirSync } from 'node:fs';
import { prewarmRenderer } from '../markdown/render-posts.js';
import type { RenderPostsOptions } from '../markdown/types.js';

/** A content folder this small renders in this thread and starts no Markdown worker (IN_THREAD_MAX in render-posts.ts). */
const SMALL_CONTENT = 24;

/**
 * Most builds render some Markdown: a worker starts loading while the posts are read (unused when
 * nothing changed), unless the content folder is small enough to render in this thread (`small`).
 */
export function prewarm(job: Pick<RenderPostsOptions, 'markdown' | 'cacheDir' | 'jobs'> | undefined, contentDir: string): { small: boolean } {
  const entries = entriesIn(contentDir);
  if (job) prewarmRenderer(job, entries);
  return { small: entries <= SMALL_CONTENT };
}

/** How many files and folders a folder holds at its top (one readdir): a cheap guess at a site's size. */
function entriesIn(dir: string): number {
  try {
    return readdirSync(dir).length;
  } catch {
    return 0;
  }
}
