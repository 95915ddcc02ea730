import * as pagefind from 'pagefind';
import type { OutputFile } from '../output/types.js';
import { EXCLUDED_SELECTORS, SEARCH_BUNDLE_DIR } from './documents.js';

export interface IndexDocument {
  /** URL relative to the base path, e.g. `/posts/kafka/`. */
  url: string;
  /** Produces the document's HTML when it is sent, so bodies are read one batch at a time. */
  html: () => string;
}

/** Documents in flight to the Pagefind process at once: enough to keep it busy, few enough to bound memory. */
const IN_FLIGHT = 32;

/**
 * Files of Pagefind's bundle that our own search page and script use. Its prebuilt UIs
 * (pagefind-ui, modular and component UI, highlight script) are left out.
 */
export function isShippedFile(path: string): boolean {
  if (path.includes('/')) return /^(index|fragment|filter)\/[^/]+$/.test(path);
  return (
    path === 'pagefind.js' ||
    path === 'pagefind-worker.js' ||
    path === 'pagefind-entry.json' ||
    path.endsWith('.pf_meta') ||
    /^wasm\.[a-z-]+\.pagefind$/.test(path)
  );
}

/**
 * Runs Pagefind's indexer (a native binary from the `pagefind` package) over the documents and
 * returns its bundle as output files under `pagefind/`. Errors Pagefind reports are returned, not
 * thrown: a site without search is still a site.
 */
export async function runPagefind(
  documents: readonly IndexDocument[],
  language: string,
): Promise<{ files: OutputFile[]; errors: string[] }> {
  const errors: string[] = [];
  try {
    const created = await pagefind.createIndex({ forceLanguage: language, excludeSelectors: EXCLUDED_SELECTORS });
    errors.push(...created.errors);
    const index = created.index;
    if (!index) return { files: [], errors };
    for (let at = 0; at < documents.length; at += IN_FLIGHT) {
      const batch = documents.slice(at, at + IN_FLIGHT);
      const added = await Promise.all(batch.map((doc) => index.addHTMLFile({ url: doc.url, content: doc.html() })));
      for (const result of added) errors.push(...result.errors);
    }
    const out = await index.getFiles();
    errors.push(...out.errors);
    const files = out.files
      .map((f) => ({ path: f.path.split('\\').join('/'), content: f.content }))
      .filter((f) => isShippedFile(f.path))
      .map((f) => ({ file: `${SEARCH_BUNDLE_DIR}/${f.path}`, contents: new Uint8Array(f.content) }))
      .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    return { files, errors };
  } catch (error) {
    errors.push(error instanceof Error ? error.message : String(error));
    return { files: [], errors };
  } finally {
    await pagefind.close().catch(() => undefined);
  }
}
