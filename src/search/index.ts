export { buildSearchIndex } from './build-search-index.js';
export { searchDocument, recordUrl, indexLanguage, SEARCH_BUNDLE_DIR } from './documents.js';
export { searchIndexKey } from './cache-key.js';
export type { SearchIndex, SearchIndexOptions } from './types.js';
