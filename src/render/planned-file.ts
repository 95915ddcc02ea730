import type { SiteConfig } from '../config/schema.js';
import type { BodyStore } from '../markdown/types.js';
import type { PlannedFile } from '../site/types.js';

/**
 * Writes one non-HTML output of the plan (feeds, sitemap, robots.txt). Their libraries are loaded
 * only when such a file must actually be made, so a warm build that keeps them never imports them.
 */
export async function renderPlannedFile(file: PlannedFile, ctx: { config: SiteConfig; bodies: BodyStore }): Promise<string> {
  switch (file.kind) {
    case 'sitemap':
      return (await import('./sitemap.js')).renderSitemap(file.urls ?? [], ctx.config);
    case 'sitemap-index':
      return (await import('./sitemap.js')).renderSitemapIndex(file.urls ?? []);
    case 'robots':
      return (await import('./robots.js')).renderRobots(ctx.config);
    case 'redirect':
      return (await import('./redirect-page.js')).renderRedirectPage(file, ctx.config);
    case 'redirects':
      return (await import('./redirect-page.js')).renderRedirectsFile(file.redirects ?? []);
    default:
      return (await import('./feeds.js')).renderFeedFile(file, ctx);
  }
}

/**
 * Starts loading the feed and sitemap libraries ahead of {@link renderPlannedFile}, for a build
 * that will make them, while this thread waits for the Markdown workers. A failure to load is
 * reported where the file is made.
 */
export function preloadPlannedFileModules(): void {
  import('./feeds.js').catch(() => undefined);
  import('./sitemap.js').catch(() => undefined);
}
