export { loadConfig, validateConfig, CONFIG_FILE } from './load.js';
export type { LoadConfigOptions } from './load.js';
export { siteConfigSchema, defineConfig } from './schema.js';
export type { SiteConfig, SiteConfigInput } from './schema.js';
