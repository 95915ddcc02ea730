import type { SiteConfig } from '../config/schema.js';
import type { Post } from '../content/types.js';
import { expandPermalink, parseUrlPath, type UrlPath } from '../url-path.js';
import type { RouteTable } from './routes.js';
import { routeFile, type Route } from './urls.js';

/** Where a post is published: its own `url` when it gives one, else the site's `permalink` pattern. */
export function postRoute(post: Pick<Post, 'slug' | 'date' | 'section' | 'url'>, config: Pick<SiteConfig, 'permalink'>): Route {
  if (post.url !== undefined) {
    const own = parseUrlPath(post.url);
    // The content stage stored it normalised; a value that no longer parses falls back to the pattern.
    if (own.ok) return urlPathRoute(own.value);
  }
  return urlPathRoute(expandPermalink(config.permalink, { slug: post.slug, date: post.date, section: post.section ?? '' }));
}

export function urlPathRoute(path: UrlPath): Route {
  return { segments: path.segments, kind: path.kind };
}

/** The route of a URL path as authors write it (`/old/page/`, `old.html`); undefined when it is not one. */
export function routeOfUrl(url: string): Route | undefined {
  const parsed = parseUrlPath(url);
  return parsed.ok ? urlPathRoute(parsed.value) : undefined;
}

/** The output folder a page's neighbours go in: a folder page's own folder, a file's folder (`''` at the top). */
export function routeFolder(route: Route): string {
  const file = routeFile(route);
  const slash = file.lastIndexOf('/');
  return slash === -1 ? '' : file.slice(0, slash + 1);
}

/**
 * Claims a URL's output file for `origin` (a post source, a page name): the one way a page with its own
 * URL takes its path, so a clash with any other page, feed or alias is a `route-conflict` naming both.
 * Returns the output file, or undefined when another claim holds it.
 */
export function claimRoute(routes: RouteTable, route: Route, origin: string): string | undefined {
  const file = routeFile(route);
  return routes.claim(file, origin) ? file : undefined;
}
