export { buildSearchIndex, SHARDS_MANIFEST } from './build-search-index.js';
export { searchDocument, recordUrl, indexLanguage, SEARCH_BUNDLE_DIR } from './documents.js';
export { shardKeyer, runtimeKey } from './cache-key.js';
export { shardCountFor, shardOf, assignShards } from './shards.js';
export type { SearchIndex, SearchIndexOptions } from './types.js';
