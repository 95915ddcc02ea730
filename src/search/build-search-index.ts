import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Diagnostic, Result } from '../diagnostics.js';
import { postPages, runtimeKey, shardKeyer } from './cache-key.js';
import { indexLanguage, recordUrl, searchDocument, SEARCH_BUNDLE_DIR } from './documents.js';
import { prunePacks, readPack, readPackHeader, searchCache, writePack } from './index-cache.js';
import { closePagefind, indexShard, isIndexFile, isRuntimeFile } from './pagefind-runner.js';
import type { BundleFile } from './pagefind-runner.js';
import { assignShards, shardCountFor } from './shards.js';
import type { SearchFile, SearchIndex, SearchIndexOptions } from './types.js';

/** Lists the merged shards' folders, relative to the bundle, for the client to `mergeIndex`. */
export const SHARDS_MANIFEST = 'shards.json';

/**
 * The static search index of the published posts (title, description, tags, date, body), as a
 * Pagefind bundle under `pagefind/`, split into shards by post slug so that an edit re-indexes one
 * shard only. A shard whose posts did not change since the last build is replayed from
 * the cache's `search.v2/` without reading any post HTML; when none changed, Pagefind is not started.
 */
export async function buildSearchIndex(options: SearchIndexOptions): Promise<Result<SearchIndex>> {
  const pages = postPages(options.plan);
  const shardCount = Math.max(1, Math.floor(options.shardCount ?? shardCountFor(pages.length)));
  const shards = assignShards(pages, (page) => page.data.post.slug, shardCount);
  const present = shards.flatMap((posts, n) => (posts.length > 0 ? [n] : []));
  // A site without posts still gets its (empty) bundle, so the search page loads and finds nothing.
  if (present.length === 0) present.push(0);
  const primary = present[0]!;
  const language = indexLanguage(options.language);
  const cacheDir = options.cacheDir;
  const ns = cacheDir === null ? undefined : searchCache(cacheDir);
  const cacheFile = (key: string): string => ns!.path(key)!;
  const keyOf = cacheDir === null ? undefined : shardKeyer(options);
  const runtimeEntry = cacheDir === null ? undefined : runtimeKey(options.language);
  const lazy = options.lazy === true;
  const read = (path: string): BundleFile[] | undefined => (lazy ? listBundle(path) : readBundle(path));
  let runtime = cacheDir !== null && runtimeEntry !== undefined ? read(cacheFile(runtimeEntry)) : undefined;
  let runtimeFromCache = runtime !== undefined;

  const files: SearchFile[] = [];
  const used = new Set<string>();
  const errors: string[] = [];
  let built = 0;
  let usedEarly = 0;
  const early = options.early;
  // The plan is made: bodies not rendered by now never will be.
  early?.rendered();
  const keys = new Map(present.map((n) => [n, keyOf?.(shardCount, n, shards[n]!) ?? null]));
  const packOf = (n: number): string | undefined => {
    const key = keys.get(n);
    return cacheDir !== null && key !== null && key !== undefined ? cacheFile(key) : undefined;
  };
  const shardFiles = new Map<number, BundleFile[]>();

  const build = async (n: number, lane: number): Promise<boolean> => {
    built++;
    const posts = shards[n]!;
    const key = keys.get(n);
    const started = key === null || key === undefined ? undefined : early?.take(key);
    let result = started && (await started);
    if (result && result.errors.length === 0 && result.files.length > 0) usedEarly++;
    else {
      const documents = posts.map((page) => ({
        url: recordUrl(page.data.post.url, options.basePath),
        html: () => searchDocument(page.data.post, options.bodies.html(page.data.post.slug), language),
      }));
      result = await indexShard(documents, language, undefined, lane);
    }
    if (result.errors.length > 0 || result.files.length === 0) {
      errors.push(...result.errors, ...(result.errors.length === 0 ? ['Pagefind produced no files'] : []));
      return false;
    }
    const indexFiles = result.files.filter((f) => isIndexFile(f.path));
    const pack = packOf(n);
    // Once in its cache entry, a lazily listed shard's files leave memory: a site's fragments
    // (a few KB per post) would otherwise all be held until the build writes them.
    const stored = pack !== undefined && writeBundle(pack, indexFiles);
    shardFiles.set(n, stored && lazy ? indexFiles.map((f) => ({ path: f.path, contents: new Uint8Array(0) })) : indexFiles);
    // Taken from the primary shard's run, whichever lane finishes first: the same files either way.
    if (runtime === undefined && n === primary) {
      runtimeFromCache = false;
      runtime = result.files.filter((f) => isRuntimeFile(f.path));
      // An index without documents has no language, so no WASM for it: not a runtime to keep.
      if (posts.length > 0 && cacheDir !== null && runtimeEntry !== undefined) writeBundle(cacheFile(runtimeEntry), runtime);
    }
    return true;
  };
  const indexers = Math.max(1, Math.floor(options.indexers ?? availableParallelism()));
  // Each lane is one indexer process taking the next shard when it is done with one; a shard's files
  // depend on its documents and their order only, so they are the same whichever lane made them.
  // A single shard (an edit, a small site) keeps to lane 0, the process started ahead.
  const buildAll = async (list: readonly number[]): Promise<void> => {
    const next = [...list];
    const lane = async (at: number): Promise<void> => {
      for (let n = next.shift(); n !== undefined; n = next.shift()) if (errors.length > 0 || !(await build(n, at))) return;
    };
    await Promise.all(Array.from({ length: Math.min(indexers, next.length) }, (_, at) => lane(at)));
  };

  try {
    // Shards with no entry are indexed first: Pagefind works on them in its own process while this
    // thread reads the cached shards. The primary also supplies the runtime files when those are not cached.
    const missing = present.filter((n) => {
      const pack = packOf(n);
      return pack === undefined || !existsSync(pack) || (n === primary && runtime === undefined);
    });
    // An early run the plan has no shard for would hold Pagefind's process from the shards it has.
    early?.keepOnly(new Set(missing.flatMap((n) => keys.get(n) ?? [])));
    const first = buildAll(missing);
    const damaged: number[] = [];
    for (const n of present) {
      if (missing.includes(n)) continue;
      const cached = read(packOf(n)!);
      if (cached) shardFiles.set(n, cached);
      else damaged.push(n);
    }
    await first;
    await buildAll(damaged);
    for (const n of present) {
      const key = keys.get(n);
      if (key !== null && key !== undefined) used.add(key);
      const dir = n === primary ? `${SEARCH_BUNDLE_DIR}/` : `${SEARCH_BUNDLE_DIR}/${n}/`;
      const pack = packOf(n);
      for (const f of shardFiles.get(n) ?? []) files.push(searchFile(`${dir}${f.path}`, f, key ?? null, pack));
    }
  } finally {
    // Early runs the plan did not confirm are stopped before the process is.
    await early?.finish();
    // Also when nothing was indexed: the search thread may have started the process ahead.
    await closePagefind();
  }

  const diagnostics: Diagnostic[] = [];
  if (errors.length > 0 || runtime === undefined) {
    diagnostics.push({
      severity: 'warning',
      code: 'search-index-failed',
      message: `The search index could not be built: ${errors[0] ?? 'Pagefind produced no files'}. The site is built without it.`,
      file: 'content',
      hint: 'Reinstall dependencies (npm ci) so the pagefind package and its binary for this platform are present.',
    });
    return { value: { files: [], documents: 0, fromCache: false, shards: shardCount, shardsBuilt: built, shardsEarly: usedEarly }, diagnostics };
  }

  const runtimePack = cacheDir !== null && runtimeEntry !== undefined ? cacheFile(runtimeEntry) : undefined;
  for (const f of runtime) {
    files.push(searchFile(`${SEARCH_BUNDLE_DIR}/${f.path}`, f, runtimeEntry ?? null, runtimeFromCache ? runtimePack : undefined));
  }
  const merged = present.filter((n) => n !== primary).map((n) => `${n}/`);
  files.push({ file: `${SEARCH_BUNDLE_DIR}/${SHARDS_MANIFEST}`, contents: `${JSON.stringify(merged)}\n` });
  files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  if (ns !== undefined && runtimeEntry !== undefined) prunePacks(ns, new Set([...used, runtimeEntry]));
  return {
    value: { files, documents: pages.length, fromCache: built === 0, shards: shardCount, shardsBuilt: built, shardsEarly: usedEarly },
    diagnostics,
  };
}

/** A bundle file as output: keyed by its entry and name; listed lazily when it has no contents. */
function searchFile(file: string, from: BundleFile, key: string | null, pack: string | undefined): SearchFile {
  const out: SearchFile = { file };
  if (key !== null) out.key = `${key}/${from.path}`;
  if (from.contents.byteLength > 0 || pack === undefined) out.contents = from.contents;
  else out.pack = { path: pack, name: from.path };
  return out;
}

/** Names only: contents stay in the entry (empty here) until loadSearchFile needs them. */
function listBundle(path: string): BundleFile[] | undefined {
  return readPackHeader(path)?.map((f) => ({ path: f.file, contents: new Uint8Array(0) }));
}

function readBundle(path: string): BundleFile[] | undefined {
  return readPack(path)?.map((f) => ({ path: f.file, contents: f.contents }));
}

function writeBundle(path: string, files: readonly BundleFile[]): boolean {
  return writePack(
    path,
    files.map((f) => ({ file: f.path, contents: f.contents })),
  );
}
