import type { SiteConfig } from '../config/schema.js';

/**
 * robots.txt: everything may be crawled; the sitemap is named by its absolute URL. Crawlers only
 * read /robots.txt at the origin's root, so under a base path (`/blog/`) this file is advisory: the
 * host's own robots.txt would have to point at the sitemap.
 */
export function renderRobots(config: Pick<SiteConfig, 'url' | 'basePath'>): string {
  return `User-agent: *\nDisallow:\n\nSitemap: ${config.url}${config.basePath}sitemap.xml\n`;
}
