import { Worker } from 'node:worker_threads';
import { workerUrl } from '../worker-url.js';
import type { Result } from '../diagnostics.js';
import { RenderedBodies, type BodySnapshot } from '../markdown/body-store.js';
import { postPages, type PostPage } from './cache-key.js';
import type { EarlyJob } from './early.js';
import type { SearchIndex, SearchIndexOptions } from './types.js';

/** What the search worker is given: the options as plain data. */
export interface SearchJob {
  options: Omit<SearchIndexOptions, 'sources' | 'bodies' | 'early'>;
  bodies: BodySnapshot;
}

/**
 * buildSearchIndex on a worker thread, with the same result. The index is built while the calling
 * thread renders pages; in this thread Pagefind's traffic would wait for the renderer between pages
 * (an edit's one shard took three times as long as on its own). The worker starts when this is
 * called and gets its job from `run`; it falls back to this thread when it cannot run.
 */
/** In this thread, for when the worker cannot run; loaded then, so a build that never indexes never loads Pagefind. */
async function buildSearchIndex(options: SearchIndexOptions): Promise<Result<SearchIndex>> {
  const { buildSearchIndex: build } = await import('./build-search-index.js');
  return build(options);
}

/** A message to the search thread. */
export type SearchMessage = { type: 'early'; job: EarlyJob } | { type: 'rendered' } | { type: 'run'; job: SearchJob } | { type: 'stop' };

export interface SearchWorker {
  /** Starts the index of the shards an edit most likely changed, before the plan (see early.ts). */
  early(job: EarlyJob): void;
  /** The Markdown stage is done (its bodies are in the render cache). */
  rendered(): void;
  run(options: SearchIndexOptions): Promise<Result<SearchIndex>>;
  /** Ends the worker if its job never came (a build that stopped early). */
  stop(): void;
}

export function startSearchWorker(): SearchWorker {
  let worker: Worker | undefined;
  let failed = false;
  try {
    worker = new Worker(workerUrl(import.meta.url, 'search-worker.js'));
    worker.unref();
    worker.once('error', () => {
      failed = true;
    });
  } catch {
    worker = undefined;
  }
  let running = false;
  const send = (message: SearchMessage): void => {
    if (worker && !failed) worker.postMessage(message);
  };
  return {
    early(job: EarlyJob): void {
      send({ type: 'early', job });
    },
    rendered(): void {
      send({ type: 'rendered' });
    },
    stop(): void {
      // The worker ends itself once it has closed the Pagefind process it started ahead.
      if (!running) worker?.postMessage({ type: 'stop' } satisfies SearchMessage);
    },
    run(options: SearchIndexOptions): Promise<Result<SearchIndex>> {
      running = true;
      // Only a store that can be copied to the worker goes there.
      if (!worker || failed || !(options.bodies instanceof RenderedBodies)) {
        void worker?.terminate();
        return buildSearchIndex(options);
      }
      const thread = worker;
      const bodies = options.bodies;
      thread.ref();
      return new Promise((resolve) => {
        let settled = false;
        thread.once('message', (result: Result<SearchIndex>) => {
          settled = true;
          resolve(result);
          void thread.terminate();
        });
        const fallBack = (): void => {
          if (settled) return;
          settled = true;
          resolve(buildSearchIndex(options));
        };
        thread.once('error', fallBack);
        thread.once('exit', fallBack);
        // Made here and held by nothing after the copy: a variable would live as long as this promise.
        thread.postMessage({ type: 'run', job: searchJob(options, bodies) } satisfies SearchMessage);
      });
    },
  };
}

/**
 * The job for the worker. Only the post pages matter to the index, and of each only the post fields
 * it reads: the rest of the plan (lists, tables of contents, related posts, excerpts) stays here
 * instead of being copied, all of it at once, into the worker.
 */
function searchJob(options: SearchIndexOptions, bodies: RenderedBodies): SearchJob {
  const { plan, sources: _sources, bodies: _bodies, early: _early, ...rest } = options;
  const pages = postPages(plan).map(({ data: { post } }): PostPage => ({
    data: { kind: 'post', post: { slug: post.slug, url: post.url, title: post.title, description: post.description, date: post.date, tags: post.tags } },
  }));
  return { options: { ...rest, plan: { pages } }, bodies: bodies.snapshot() };
}
