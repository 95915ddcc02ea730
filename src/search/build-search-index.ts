import type { Diagnostic, Result } from '../diagnostics.js';
import { postPages, searchIndexKey } from './cache-key.js';
import { indexLanguage, recordUrl, searchDocument } from './documents.js';
import { cacheFile, readPack, writePack } from './index-cache.js';
import { runPagefind } from './pagefind-runner.js';
import type { SearchIndex, SearchIndexOptions } from './types.js';

/**
 * The static search index of the published posts (title, description, tags, date, body), as a
 * Pagefind bundle under `pagefind/`. When no published post changed since the last build, the
 * bundle is replayed from `<cacheDir>/search/` without starting Pagefind or reading any post HTML.
 */
export async function buildSearchIndex(options: SearchIndexOptions): Promise<Result<SearchIndex>> {
  const pages = postPages(options.plan);
  const key = options.cacheDir === null ? null : searchIndexKey(options);
  const packPath = key === null || options.cacheDir === null ? null : cacheFile(options.cacheDir, key);
  if (packPath) {
    const cached = readPack(packPath);
    if (cached) return { value: { files: cached, documents: pages.length, fromCache: true }, diagnostics: [] };
  }

  const language = indexLanguage(options.language);
  const documents = pages.map((page) => ({
    url: recordUrl(page.data.post.url, options.basePath),
    html: () => searchDocument(page.data.post, options.bodies.html(page.data.post.slug), language),
  }));
  const { files, errors } = await runPagefind(documents, language);
  const diagnostics: Diagnostic[] = [];
  if (errors.length > 0 || files.length === 0) {
    diagnostics.push({
      severity: 'warning',
      code: 'search-index-failed',
      message: `The search index could not be built: ${errors[0] ?? 'Pagefind produced no files'}. The site is built without it.`,
      file: 'content',
      hint: 'Reinstall dependencies (npm ci) so the pagefind package and its binary for this platform are present.',
    });
  }
  if (packPath && errors.length === 0 && files.length > 0) writePack(packPath, files);
  return { value: { files, documents: files.length > 0 ? pages.length : 0, fromCache: false }, diagnostics };
}
