import { existsSync } from 'node:fs';
import { readMetaIndex } from '../markdown/meta-index.js';
import { entryKey, namespaceIn, readEntry, readEntryHtml, type IndexedEntry } from '../markdown/render-cache.js';
import { runtimeKey, shardKeyer, type PostPage } from './cache-key.js';
import { indexLanguage, recordUrl, searchDocument } from './documents.js';
import { searchCache } from './index-cache.js';
import { indexShard, type IndexDocument, type IndexedShard } from './pagefind-runner.js';
import type { PublishRules } from '../site/published.js';
import { predictPostPages, published, type EarlyPost, type EarlySite } from './predict.js';
import { shardCountFor, shardOf } from './shards.js';

/**
 * More shards than this to index means more than an edit of a few posts: the Markdown workers have
 * many posts to render, and indexing beside them would only slow them down.
 */
const MAX_EARLY_SHARDS = 4;

/** What the search thread is told as soon as the content stage is done (plain data). */
export interface EarlyJob {
  posts: EarlyPost[];
  /** Slugs of the posts the content stage read afresh (new or edited): their shards are the ones started. */
  changed: string[];
  site: EarlySite;
  rules: PublishRules;
  language: string;
  /** Where the search cache is (the build's work folder). */
  cacheDir: string;
  /** The render cache's namespace folder and pipeline key: a body's entry is found from its digest and title. */
  renderRoot: string;
  pipeline: string;
  /** As SearchIndexOptions.shardCount. */
  shardCount?: number;
}

/**
 * The shards whose index is started before the plan. A shard is started early when, by the plan as
 * the content stage predicts it (see predictPostPages), its cache entry is missing: its documents are
 * sent to Pagefind in the plan's order while the Markdown stage runs, each as soon as its body is in
 * the render cache (the edited post's once it is rendered), and its files are fetched. The index is
 * used only for a shard whose key, from the real plan, is the predicted one: the key covers every
 * input of the shard's documents and their order, so the files are those a build from scratch makes.
 */
export interface EarlyIndexes {
  /** The Markdown stage is done: a document still without its rendered body will not get one. */
  rendered(): void;
  /** The early run for the shard with this key, once; undefined when none was started for it. */
  take(key: string): Promise<IndexedShard> | undefined;
  /** Stops the runs under keys other than these: the plan's shards have other keys. */
  keepOnly(keys: ReadonlySet<string>): void;
  /** Ends the runs not taken and waits for them. */
  finish(): Promise<void>;
  /** Shards started early so far. */
  readonly started: number;
  /** Whether a run was started or waits for the Markdown stage to be keyed. */
  readonly active: boolean;
}

interface EarlyState {
  runs: Map<string, { run: Promise<IndexedShard>; stopped: boolean }>;
  whenRendered: Promise<void>;
  started: number;
  stopped: boolean;
}

export function startEarlyIndexes(job: EarlyJob): EarlyIndexes {
  let open!: () => void;
  const state: EarlyState = { runs: new Map(), whenRendered: new Promise<void>((resolve) => (open = resolve)), started: 0, stopped: false };
  let deferred: Array<() => void> = [];
  try {
    deferred = planEarly(job, state);
  } catch {
    // A guess that cannot be made costs nothing: the shards are indexed after the plan as usual.
    deferred = [];
  }
  let isRendered = false;
  const rendered = (): void => {
    if (isRendered) return;
    isRendered = true;
    open();
    for (const start of deferred.splice(0)) {
      try {
        start();
      } catch {
        // As above: the shard is indexed after the plan.
      }
    }
  };
  return {
    rendered,
    take(key) {
      const run = state.runs.get(key);
      state.runs.delete(key);
      return run?.run;
    },
    keepOnly(keys) {
      for (const [key, entry] of state.runs) if (!keys.has(key)) entry.stopped = true;
    },
    async finish() {
      state.stopped = true;
      rendered();
      await Promise.all([...state.runs.values()].map((r) => r.run));
      state.runs.clear();
    },
    get started() {
      return state.started;
    },
    get active() {
      return state.started > 0 || deferred.length > 0;
    },
  };
}

/**
 * Predicts the shards, and starts the run of each whose cache entry is missing. A shard with a post
 * whose description is its excerpt and whose body is not rendered yet cannot be keyed before the
 * Markdown stage is done: it is returned, to be started then.
 */
function planEarly(job: EarlyJob, state: EarlyState): Array<() => void> {
  if (job.changed.length === 0) return [];
  const search = searchCache(job.cacheDir);
  const runtime = search.path(runtimeKey(job.language));
  // Without pagefind.js and the WASM in the cache this is a first build (or a new Pagefind): not an edit.
  if (!runtime || !existsSync(runtime)) return [];
  const posts = job.posts.filter((post) => published(post, job.rules));
  const shardCount = Math.max(1, Math.floor(job.shardCount ?? shardCountFor(posts.length)));
  // Only the changed posts' shards: the others' keys would be worked out for nothing.
  const wanted = new Set(job.changed.map((slug) => shardOf(slug, shardCount)));
  if (wanted.size > MAX_EARLY_SHARDS) return [];
  const members = new Map<number, EarlyPost[]>([...wanted].map((n) => [n, []]));
  for (const post of posts) members.get(shardOf(post.slug, shardCount))?.push(post);
  const ns = namespaceIn(job.renderRoot);
  const language = indexLanguage(job.language);
  const bodyKeys = new Map<string, string>();
  const keyOf = shardKeyer({ sources: [], bodies: { html: () => '', key: (slug) => bodyKeys.get(slug)! }, basePath: job.site.basePath, language: job.language });
  let excerpts: Map<string, IndexedEntry> | undefined;
  /** Gives a post's document its description: its own, else its excerpt once its body is rendered. */
  const describe = (page: PostPage & { early: EarlyPost }): boolean => {
    if (page.early.description.trim() !== '') return true;
    const key = bodyKeys.get(page.early.slug)!;
    excerpts ??= readMetaIndex(ns).entries;
    const excerpt = excerpts.get(key)?.meta.excerpt ?? readEntry(ns, key)?.meta.excerpt;
    if (excerpt === undefined) return false;
    page.data.post = { ...page.data.post, description: excerpt };
    return true;
  };

  /** Starts shard n's run; false when a description is not known yet. */
  const start = (n: number): boolean => {
    const pages = predictPostPages(members.get(n)!, job.site);
    for (const page of pages) bodyKeys.set(page.early.slug, entryKey(job.pipeline, page.early.title, page.early.digest));
    if (!pages.every(describe)) return false;
    const key = keyOf(shardCount, n, pages)!;
    // Its entry is there (the edit was undone): replayed from the cache as usual.
    if (existsSync(search.path(key)!)) return true;
    const documents = pages.map((page): IndexDocument => {
      const entry = ns.path(bodyKeys.get(page.early.slug)!)!;
      return {
        url: recordUrl(page.data.post.url, job.site.basePath),
        // The edited post's entry appears once the Markdown stage has rendered it.
        ready: () => (existsSync(entry) ? undefined : state.whenRendered),
        html: () => {
          const html = readEntryHtml(entry);
          if (html === null) throw new Error(`No rendered body for ${page.early.slug}`);
          return searchDocument(page.data.post, html, language);
        },
      };
    });
    state.started++;
    const entry = { run: Promise.resolve<IndexedShard>({ files: [], errors: [] }), stopped: false };
    entry.run = indexShard(documents, language, () => state.stopped || entry.stopped);
    state.runs.set(key, entry);
    return true;
  };
  const later = [...wanted].filter((n) => members.get(n)!.length > 0 && !start(n));
  return later.map((n) => () => void start(n));
}
