export { createPageRenderer } from './page-renderer.js';
export { buildThemeAssets } from './theme-assets.js';
export { formatPlainDate } from './dates.js';
export { jsonForScript } from './json-script.js';
export type {
  ArchiveTemplateData,
  CommonTemplateData,
  FeedLinks,
  ListTemplateData,
  NotFoundTemplateData,
  PageRenderer,
  PageRendererOptions,
  PageView,
  PostTemplateData,
  PostView,
  SiteView,
  TagsTemplateData,
  TemplateData,
  ThemeAssets,
  ThemeAssetsOptions,
} from './types.js';
export * from './feeds.js';
export * from './sitemap.js';
export * from './robots.js';
