import type { SiteConfig } from '../config/schema.js';

/**
 * A route: raw path segments (as written on disk) plus whether it is a folder page (`x/index.html`)
 * or a plain file (`feed.xml`). URLs percent-encode each segment so they stay ASCII and safe inside
 * any attribute; files keep the raw text, which is what a web server decodes a request to.
 */
export interface Route {
  segments: string[];
  /** `page`: clean URL `a/b/` served from `a/b/index.html`. `file`: served as `a/b.xml`. */
  kind: 'page' | 'file';
}

export function pageRoute(...segments: string[]): Route {
  return { segments, kind: 'page' };
}

export function fileRoute(...segments: string[]): Route {
  return { segments, kind: 'file' };
}

/** Output path relative to the output folder, POSIX. */
export function routeFile(route: Route): string {
  if (route.kind === 'file') return route.segments.join('/');
  return [...route.segments, 'index.html'].join('/');
}

/** Characters encodeURIComponent leaves as they are (its unreserved set, less `!'()*`, which are rare). */
const UNRESERVED = /^[A-Za-z0-9._~-]*$/;

/** Site-relative URL with the base path, e.g. `/blog/tags/kafka/`. */
export function routeUrl(config: Pick<SiteConfig, 'basePath'>, route: Route): string {
  // Called for every page, list link and sitemap entry: plain segments, most of them, are not encoded.
  let path = '';
  const segments = route.segments;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    path += `${i > 0 ? '/' : ''}${UNRESERVED.test(segment) ? segment : encodeURIComponent(segment)}`;
  }
  if (route.kind === 'file') return config.basePath + path;
  return path === '' ? config.basePath : `${config.basePath}${path}/`;
}

/** Site-relative URL for a path below the base path: `urlFor(config, 'feed.xml')` → `/blog/feed.xml`. */
export function urlFor(config: Pick<SiteConfig, 'basePath'>, path: string): string {
  return config.basePath + path.replace(/^\/+/, '');
}

/** Absolute URL of a site-relative URL (one that already includes the base path). */
export function absoluteUrl(config: Pick<SiteConfig, 'url'>, siteRelativeUrl: string): string {
  return config.url + siteRelativeUrl;
}
