export { buildSearchIndex, SHARDS_MANIFEST } from './build-search-index.js';
export { searchFileReader } from './index-cache.js';
export { searchDocument, recordUrl, indexLanguage, SEARCH_BUNDLE_DIR } from './documents.js';
export { shardKeyer, runtimeKey } from './cache-key.js';
export { shardCountFor, shardOf, assignShards } from './shards.js';
export type { SearchFile, SearchIndex, SearchIndexOptions } from './types.js';
export { startSearchWorker, type SearchWorker } from './in-worker.js';
