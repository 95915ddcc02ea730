import type { Diagnostic, Result } from '../diagnostics.js';
import type { OutputFile } from '../output/types.js';
import { postPages, runtimeKey, shardKeyer } from './cache-key.js';
import { indexLanguage, recordUrl, searchDocument, SEARCH_BUNDLE_DIR } from './documents.js';
import { cacheFile, prunePacks, readPack, writePack } from './index-cache.js';
import { closePagefind, indexShard, isIndexFile, isRuntimeFile } from './pagefind-runner.js';
import type { BundleFile } from './pagefind-runner.js';
import { assignShards, shardCountFor } from './shards.js';
import type { SearchIndex, SearchIndexOptions } from './types.js';

/** Lists the merged shards' folders, relative to the bundle, for the client to `mergeIndex`. */
export const SHARDS_MANIFEST = 'shards.json';

/**
 * The static search index of the published posts (title, description, tags, date, body), as a
 * Pagefind bundle under `pagefind/`, split into shards by post slug so that an edit re-indexes one
 * shard only. A shard whose posts did not change since the last build is replayed from
 * `<cacheDir>/search/` without reading any post HTML; when none changed, Pagefind is not started.
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
  const keyOf = cacheDir === null ? undefined : shardKeyer(options);
  const runtimeEntry = cacheDir === null ? undefined : runtimeKey(options.language);
  let runtime = cacheDir !== null && runtimeEntry !== undefined ? readBundle(cacheFile(cacheDir, runtimeEntry)) : undefined;

  const files: OutputFile[] = [];
  const used = new Set<string>();
  const errors: string[] = [];
  let built = 0;
  try {
    for (const n of present) {
      const posts = shards[n]!;
      const key = keyOf?.(shardCount, n, posts) ?? null;
      let shardFiles = cacheDir !== null && key !== null ? readBundle(cacheFile(cacheDir, key)) : undefined;
      // The primary ships pagefind.js and the WASM; without them cached, its run supplies them.
      if (n === primary && runtime === undefined) shardFiles = undefined;
      if (shardFiles === undefined) {
        built++;
        const documents = posts.map((page) => ({
          url: recordUrl(page.data.post.url, options.basePath),
          html: () => searchDocument(page.data.post, options.bodies.html(page.data.post.slug), language),
        }));
        const result = await indexShard(documents, language);
        if (result.errors.length > 0 || result.files.length === 0) {
          errors.push(...result.errors, ...(result.errors.length === 0 ? ['Pagefind produced no files'] : []));
          break;
        }
        shardFiles = result.files.filter((f) => isIndexFile(f.path));
        if (cacheDir !== null && key !== null) writeBundle(cacheFile(cacheDir, key), shardFiles);
        if (runtime === undefined) {
          runtime = result.files.filter((f) => isRuntimeFile(f.path));
          // An index without documents has no language, so no WASM for it: not a runtime to keep.
          if (posts.length > 0 && cacheDir !== null && runtimeEntry !== undefined) writeBundle(cacheFile(cacheDir, runtimeEntry), runtime);
        }
      }
      if (key !== null) used.add(key);
      const dir = n === primary ? `${SEARCH_BUNDLE_DIR}/` : `${SEARCH_BUNDLE_DIR}/${n}/`;
      for (const f of shardFiles) files.push({ file: `${dir}${f.path}`, contents: f.contents });
    }
  } finally {
    if (built > 0) await closePagefind();
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
    return { value: { files: [], documents: 0, fromCache: false, shards: shardCount, shardsBuilt: built }, diagnostics };
  }

  for (const f of runtime) files.push({ file: `${SEARCH_BUNDLE_DIR}/${f.path}`, contents: f.contents });
  const merged = present.filter((n) => n !== primary).map((n) => `${n}/`);
  files.push({ file: `${SEARCH_BUNDLE_DIR}/${SHARDS_MANIFEST}`, contents: `${JSON.stringify(merged)}\n` });
  files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  if (cacheDir !== null && runtimeEntry !== undefined) prunePacks(cacheDir, new Set([...used, runtimeEntry]));
  return {
    value: { files, documents: pages.length, fromCache: built === 0, shards: shardCount, shardsBuilt: built },
    diagnostics,
  };
}

function readBundle(path: string): BundleFile[] | undefined {
  return readPack(path)?.map((f) => ({ path: f.file, contents: f.contents }));
}

function writeBundle(path: string, files: readonly BundleFile[]): void {
  writePack(
    path,
    files.map((f) => ({ file: f.path, contents: f.contents })),
  );
}
