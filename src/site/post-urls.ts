import type { SiteConfig } from '../config/schema.js';
import type { Post } from '../content/types.js';
import type { Diagnostic } from '../diagnostics.js';
import { DEFAULT_PERMALINK, expandPermalink, sitePath, type UrlPath } from '../url-path.js';
import type { RouteTable } from './routes.js';
import { routeFile, type Route } from './urls.js';

/** A path segment that URL encoding and parsing leave as it is. */
const PLAIN_SEGMENT = /^(?!\.{1,2}$)[A-Za-z0-9._~-]+$/;

/** Where a post is published: its own `url` when it gives one, else the site's `permalink` pattern. */
export function postRoute(post: Pick<Post, 'slug' | 'date' | 'section' | 'url' | 'categories'>, config: Pick<SiteConfig, 'permalink' | 'url' | 'basePath'>): Route {
  if (post.url !== undefined) {
    const own = sitePath(post.url, config);
    // One on another origin is reported by urlProblems; the post keeps the pattern's URL meanwhile.
    if (own.ok) return urlPathRoute(own.value);
  }
  // The default pattern and a plain slug, as most posts have: the route expandPermalink would give.
  if (config.permalink === DEFAULT_PERMALINK && PLAIN_SEGMENT.test(post.slug)) return { segments: ['posts', post.slug], kind: 'page' };
  const values = { slug: post.slug, date: post.date, section: post.section ?? '' };
  return urlPathRoute(expandPermalink(config.permalink, post.categories ? { ...values, categories: post.categories } : values));
}

export function urlPathRoute(path: UrlPath): Route {
  return { segments: path.segments, kind: path.kind };
}

/** The route of a URL as the content stage keeps it (`/old/page/`, `/old.html`, or a full URL on the site); undefined when it is not one. */
export function routeOfUrl(url: string, config: Pick<SiteConfig, 'url' | 'basePath'>): Route | undefined {
  const parsed = sitePath(url, config);
  return parsed.ok ? urlPathRoute(parsed.value) : undefined;
}

/**
 * The route of an old URL of the post at `route`. One kept without a leading `/` (see url-fields.ts)
 * starts at the site root, or with `relativeAliases: 'page'` in the folder the post's page is in, as
 * Hugo places it (`old` beside `/posts/new/` is `/posts/old/`).
 */
export function aliasRoute(alias: string, route: Route, config: Pick<SiteConfig, 'url' | 'basePath' | 'relativeAliases'>): Route | undefined {
  const own = routeOfUrl(alias, config);
  if (own === undefined || alias.startsWith('/') || /^https?:\/\//i.test(alias) || config.relativeAliases !== 'page') return own;
  return { segments: [...route.segments.slice(0, -1), ...own.segments], kind: own.kind };
}

/**
 * A post's full URLs (own or old) that are not on the site: another origin, or outside the base path.
 * The content stage could not tell, since it does not know the settings.
 */
export function urlProblems(post: Pick<Post, 'url' | 'aliases' | 'source'>, config: Pick<SiteConfig, 'url' | 'basePath'>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const fields: Array<[string, string]> = [...(post.url === undefined ? [] : [['url', post.url] as [string, string]]), ...(post.aliases ?? []).map((a): [string, string] => ['alias', a])];
  for (const [field, url] of fields) {
    const parsed = sitePath(url, config);
    if (parsed.ok) continue;
    out.push({
      severity: 'error',
      code: 'invalid-url',
      message: `The ${field === 'url' ? 'post\'s own URL' : 'old URL'} ${JSON.stringify(url)} cannot be used: ${parsed.problem}.`,
      file: post.source,
      hint: parsed.hint,
    });
  }
  return out;
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
