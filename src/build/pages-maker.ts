import { openCache, type Namespace } from '../cache/store.js';
import type { Diagnostic } from '../diagnostics.js';
import type { BodyStore } from '../markdown/types.js';
import type { PagePool } from '../render/page-pool.js';
import { pageMaker, pooledPageMaker, type PageMaker } from '../render/pages.js';
import type { SiteTemplates } from '../render/site-templates.js';
import type { SearchWorker } from '../search/in-worker.js';

/** Threads a build starts ahead of need, ended by `build` whatever way the build ends. */
export interface Started {
  pagePool?: PagePool;
  searchWorker?: SearchWorker;
  /** Puts back V8's heap growth, tightened for the pages of a large site. */
  restoreHeap?: () => void;
}

/** Pages rendered in this thread before page workers start: a build that renders only these (an edit's few pages) never starts them. */
const PAGES_BEFORE_POOL = 64;
/**
 * Pages in flight at once: enough to keep the page workers busy while this thread writes, even when
 * removing a page's old copy blocks it (bench/RESULTS.md, "The page window").
 */
export const PAGE_WINDOW = 256;

/** The key of the templates, settings and assets the last build rendered with, one entry `latest`. */
function siteKeys(cacheDir: string | null): Namespace {
  return openCache(cacheDir).namespace('site-key', 1);
}

/**
 * Starts the page workers now, while the posts are read from the render cache and the site is
 * planned, when every post page will be rendered again: the templates (or settings, or theme
 * assets) changed since the last build of a site with more posts than one thread renders. Returns
 * what to call once the pages are rendered, to record this build's key.
 */
export function startPagesEarly(input: { cacheDir: string | null; jobs: number; posts: number }, templates: SiteTemplates, ahead: Started): () => void {
  // A small site, or one thread, never starts page workers early: nothing to read or record.
  if (input.cacheDir === null || input.jobs < 2 || input.posts <= PAGES_BEFORE_POOL) return () => undefined;
  const keys = siteKeys(input.cacheDir);
  const last = keys.get('latest')?.toString('utf8');
  if (last !== undefined && last !== templates.site) ahead.pagePool ??= templates.pagePool(input.jobs);
  return () => {
    if (last !== templates.site) keys.put('latest', templates.site);
  };
}

/**
 * Makes pages in this thread, and on page workers (one per job) once more than PAGES_BEFORE_POOL
 * pages were asked for, or from the first page when they were started early (startPagesEarly): a
 * cold build or a template edit renders thousands.
 */
export function pagesMaker(jobs: number, templates: SiteTemplates, bodies: BodyStore, diagnostics: Diagnostic[], ahead: Started): PageMaker {
  const local = pageMaker(templates, bodies, diagnostics);
  let pooled: PageMaker | undefined = ahead.pagePool && pooledPageMaker(ahead.pagePool, templates, bodies, diagnostics, local);
  let asked = 0;
  /** Whether the next page asked for is made on the workers (starting them if need be). */
  const onWorkers = (): boolean => pooled !== undefined || (jobs > 1 && asked >= PAGES_BEFORE_POOL);
  const make: PageMaker = (page, target) => {
    if (!pooled && onWorkers()) {
      ahead.pagePool = templates.pagePool(jobs);
      pooled = pooledPageMaker(ahead.pagePool, templates, bodies, diagnostics, local);
    }
    asked++;
    return (pooled ?? local)(page, target);
  };
  // Pages made on workers are written there too (see FileSink.stage); this thread's are not.
  make.writesStaged = onWorkers;
  return make;
}
