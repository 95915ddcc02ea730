import { closeService, createIndex, prewarmService } from './pagefind-service.js';
import { EXCLUDED_SELECTORS } from './documents.js';

export interface IndexDocument {
  /** URL relative to the base path, e.g. `/posts/kafka/`. */
  url: string;
  /** Produces the document's HTML when it is sent, so only the documents in flight are in memory. */
  html: () => string;
  /** Resolves when the document can be made (its body rendered); the documents after it wait too. */
  ready?: () => Promise<void> | undefined;
}

/** An index run's outcome: the shipped files of its bundle, sorted by path, or what went wrong. */
export interface IndexedShard {
  files: BundleFile[];
  errors: string[];
}

/** A file of one index, by its path inside the bundle (`pagefind.js`, `index/en_1a2b.pf_index`). */
export interface BundleFile {
  path: string;
  contents: Uint8Array;
}

/**
 * Documents in flight to the Pagefind process at once: enough that it never waits for the next one
 * while this thread is busy elsewhere (rendering pages), few enough to bound memory.
 */
const IN_FLIGHT = 64;

/**
 * Files of Pagefind's bundle that our own search page and script use. Its prebuilt UIs
 * (pagefind-ui, modular and component UI, highlight script) are left out.
 */
export function isShippedFile(path: string): boolean {
  return isIndexFile(path) || isRuntimeFile(path);
}

/** The files that hold one index's content: all a merged index (`mergeIndex`) fetches. */
export function isIndexFile(path: string): boolean {
  if (path.includes('/')) return /^(index|fragment|filter)\/[^/]+$/.test(path);
  return path === 'pagefind-entry.json' || path.endsWith('.pf_meta');
}

/** The script, its worker and the WASM: the same for every index of one Pagefind version and language. */
export function isRuntimeFile(path: string): boolean {
  return path === 'pagefind.js' || path === 'pagefind-worker.js' || /^wasm\.[a-z-]+\.pagefind$/.test(path);
}

/**
 * One index at a time in each indexer process (lane): an index started early (see early.ts) and one
 * of this build's shards never interleave their documents.
 */
const queues: Array<Promise<unknown>> = [];

/**
 * Runs Pagefind's indexer (a native binary from the `pagefind` package) over one shard's documents
 * and returns the shipped files of its bundle, sorted by path. The indexer process starts on the
 * first call and serves every later one until {@link closePagefind}. Errors Pagefind reports are
 * returned, not thrown: a site without search is still a site. Documents are sent in their order,
 * which Pagefind's output depends on; `stop` ends a run no longer wanted, as an error.
 */
export function indexShard(documents: readonly IndexDocument[], language: string, stop?: () => boolean, lane = 0): Promise<IndexedShard> {
  const run = (queues[lane] ?? Promise.resolve()).then(() => indexNow(documents, language, stop, lane));
  queues[lane] = run.catch(() => undefined);
  return run;
}

async function indexNow(documents: readonly IndexDocument[], language: string, stop: (() => boolean) | undefined, lane: number): Promise<IndexedShard> {
  const errors: string[] = [];
  try {
    const created = await createIndex({ language, excludeSelectors: EXCLUDED_SELECTORS }, lane);
    errors.push(...created.errors);
    const index = created.index;
    if (!index) return { files: [], errors };
    try {
      const inFlight = new Set<Promise<void>>();
      let failure: unknown;
      for (const doc of documents) {
        const waiting = doc.ready?.();
        if (waiting) await waiting;
        if (stop?.()) throw new Error('The index is no longer needed');
        while (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
        if (failure !== undefined) throw failure;
        const sent = index.addHtml(doc.url, doc.html()).then(
          (problems) => {
            errors.push(...problems);
          },
          (error: unknown) => {
            failure ??= error;
          },
        );
        const tracked = sent.finally(() => inFlight.delete(tracked));
        inFlight.add(tracked);
      }
      await Promise.all(inFlight);
      if (failure !== undefined) throw failure;
      if (stop?.()) throw new Error('The index is no longer needed');
      const out = await index.getFiles(isShippedFile);
      errors.push(...out.errors);
      const files = out.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      return { files, errors };
    } finally {
      // The service keeps every index it was given until told otherwise: free this one's memory.
      await index.delete().catch(() => undefined);
    }
  } catch (error) {
    errors.push(error instanceof Error ? error.message : String(error));
    return { files: [], errors };
  }
}

/** Starts the indexer process now, for an index that will most likely be needed soon. */
export function prewarmPagefind(): void {
  prewarmService();
}

/** Ends the indexer process, if one was started, and waits for its exit (its CPU is then counted). */
export async function closePagefind(): Promise<void> {
  await closeService();
}
