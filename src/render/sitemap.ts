import { Readable } from 'node:stream';
import { SitemapIndexStream, SitemapStream, streamToPromise } from 'sitemap';
import type { SiteConfig } from '../config/schema.js';
import type { SitemapUrl } from '../site/types.js';

/** No image, video, news or xhtml extensions: the sitemap lists plain pages. */
const plainNamespaces = { news: false, video: false, image: false, xhtml: false };

/** A sitemap of absolute page URLs. Async because the `sitemap` package only offers streams. */
export async function renderSitemap(urls: readonly SitemapUrl[], _config?: Pick<SiteConfig, 'url'>): Promise<string> {
  const stream = new SitemapStream({ xmlns: plainNamespaces, lastmodDateOnly: true, level: 'throw' as never });
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
