export { scanPage } from './scan.js';
export type { PageLinks } from './scan.js';
export { checkLinks } from './check.js';
export type { CheckedPage, LinkCheckOptions } from './check.js';
export { LinkCache, LinkState } from './cache.js';
export type { LinkData } from './cache.js';
