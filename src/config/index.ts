export { loadConfig, validateConfig, defaultUrlWarning, CONFIG_FILE } from './load.js';
export { checkSiteUrl, normalizeBasePath, DEFAULT_SITE_URL } from './location.js';
export type { Checked } from './location.js';
export type { LoadConfigOptions } from './load.js';
export { siteConfigSchema } from './schema.js';
export type { SiteConfig, SiteConfigInput } from './schema.js';
