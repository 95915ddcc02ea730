import { Readable } from 'node:stream';
import { ErrorLevel, SitemapIndexStream, SitemapStream, streamToPromise } from 'sitemap';
import type { SiteConfig } from '../config/schema.js';
import type { SitemapUrl } from '../site/types.js';

/** No image, video, news or xhtml extensions: the sitemap lists plain pages. */
const plainNamespaces = { news: false, video: false, image: false, xhtml: false };

/** A sitemap of absolute page URLs. Async because the `sitemap` package only offers streams. */
export async function renderSitemap(urls: readonly SitemapUrl[], config: Pick<SiteConfig, 'url'>): Promise<string> {
  // The package refuses to end a stream it wrote nothing to; an empty urlset is still valid.
  if (urls.length === 0) return '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>';
  // A malformed entry is a bug upstream (the plan only makes absolute URLs): fail loudly.
  const stream = new SitemapStream({ hostname: config.url, xmlns: plainNamespaces, lastmodDateOnly: true, level: ErrorLevel.THROW });
  const items = urls.map((u) => (u.lastmod === undefined ? { url: u.url } : { url: u.url, lastmod: u.lastmod }));
  const xml = await streamToPromise(Readable.from(items).pipe(stream));
  return xml.toString('utf8');
}

/** A sitemap index naming the absolute URLs of several sitemaps (sites past 50,000 pages). */
export async function renderSitemapIndex(sitemaps: readonly SitemapUrl[]): Promise<string> {
  const stream = new SitemapIndexStream({ lastmodDateOnly: true });
  const xml = await streamToPromise(Readable.from(sitemaps.map((s) => ({ url: s.url }))).pipe(stream));
  return xml.toString('utf8');
}
