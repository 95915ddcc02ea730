import { decodeHTMLAttribute } from 'entities';
import { Feed, type Extension, type Item } from 'feed';
import { LRUCache } from 'lru-cache';
import type { SiteConfig } from '../config/schema.js';
import type { BodyStore } from '../markdown/types.js';
import { instantOf, startOfDay } from '../site/dates.js';
import type { PlannedFile, PostSummary } from '../site/types.js';

export interface FeedContext {
  config: SiteConfig;
  bodies: BodyStore;
}

/**
 * Renders a planned feed: RSS 2.0 and Atom through the `feed` package, JSON Feed 1.1 by hand
 * (the `feed` package only writes JSON Feed 1.0). Every feed carries full post HTML with absolute
 * URLs, and no build timestamp: a feed's updated date is its newest post's.
 */
export function renderFeedFile(file: PlannedFile, ctx: FeedContext): string {
  const entries = file.posts.map((post) => toEntry(post, ctx));
  const meta = feedMeta(file, ctx.config, entries);
  switch (file.kind) {
    case 'rss':
      return xmlSafe(rss(meta, entries, ctx.config));
    case 'atom':
      return xmlSafe(atom(meta, entries, ctx.config));
    case 'json-feed':
      return jsonFeed(meta, entries, ctx.config);
    default:
      throw new Error(`renderFeedFile: ${file.file} is a ${file.kind}, not a feed`);
  }
}

interface Entry {
  post: PostSummary;
  url: string;
  published: Date;
  updated: Date;
  html: string;
}

interface FeedMeta {
  title: string;
  description: string;
  homeUrl: string;
  selfUrl: string;
  updated: Date;
}

function toEntry(post: PostSummary, ctx: FeedContext): Entry {
  const { config } = ctx;
  const url = config.url + post.url;
  const published = post.dateTime !== undefined ? instantOf(post.dateTime, config.timeZone) : startOfDay(post.date, config.timeZone);
  const updatedDay = post.updated !== undefined ? startOfDay(post.updated, config.timeZone) : published;
  const updated = updatedDay > published ? updatedDay : published;
  return { post, url, published, updated, html: absoluteHtml(ctx.bodies.html(post.slug), url) };
}

function feedMeta(file: PlannedFile, config: SiteConfig, entries: readonly Entry[]): FeedMeta {
  const home = file.homeUrl ?? config.url + config.basePath;
  // An empty feed has no newest post; the epoch keeps it deterministic.
  let updated = new Date(0);
  for (const entry of entries) if (entry.updated > updated) updated = entry.updated;
  return {
    title: file.tag ? `${config.title}: ${file.tag.name}` : config.title,
    description: file.tag ? `Posts tagged “${file.tag.name}” on ${config.title}.` : config.description,
    homeUrl: home,
    selfUrl: file.selfUrl ?? config.url + config.basePath + file.file,
    updated,
  };
}

function baseFeed(meta: FeedMeta, config: SiteConfig, extensions: boolean): Feed {
  const author = authorOf(config);
  const feed = new Feed({
    id: meta.homeUrl,
    title: meta.title,
    description: meta.description,
    link: meta.homeUrl,
    feed: meta.selfUrl,
    language: config.language,
    updated: meta.updated,
    generator: 'Hashmark',
    author,
  });
  if (extensions) {
    // The package writes channel text with xml-js, which decodes `&amp;` before escaping; CDATA keeps it exact.
    feed.addExtension({ name: 'title', objects: cdata(meta.title) });
    // Readers render an RSS description as HTML (items' are escaped the same way): a tag name is text.
    feed.addExtension({ name: 'description', objects: cdata(escapeHtml(meta.description)) });
  }
  return feed;
}

function rss(meta: FeedMeta, entries: readonly Entry[], config: SiteConfig): string {
  const feed = baseFeed(meta, config, true);
  for (const entry of entries) {
    const extensions: Extension[] = [
      // RSS titles are plain text: CDATA keeps `<`, `&` and quotes exactly; the package splits only the first `]]>`.
      { name: 'title', objects: cdata(entry.post.title) },
      { name: 'category', objects: entry.post.tags.map((tag) => ({ ...cdata(tag.name) })) as unknown as Record<string, unknown> },
      // RSS <author> must be an e-mail address; Dublin Core's creator takes a name, one element per author.
      { name: 'dc:creator', objects: authorNames(entry.post, config).map((name) => cdata(name)) as unknown as Record<string, unknown> },
    ];
    feed.addItem({ ...item(entry), extensions });
  }
  return feed.rss2();
}

function atom(meta: FeedMeta, entries: readonly Entry[], config: SiteConfig): string {
  const feed = baseFeed(meta, config, false);
  for (const entry of entries) {
    feed.addItem({
      ...item(entry),
      // Atom titles are written as `type="html"`, so plain text is escaped as HTML first.
      title: escapeHtml(entry.post.title),
      author: entry.post.authors ? entry.post.authors.map((name) => ({ name })) : [authorOf(config)],
      // The package escapes `&` but not `<` in attributes: a label with `<` is left out (the term, a slug, stays).
      category: entry.post.tags.map((tag) => (tag.name.includes('<') ? { term: tag.slug } : { term: tag.slug, name: tag.name })),
    });
  }
  return feed.atom1();
}

function item(entry: Entry): Item {
  const out: Item = {
    title: entry.post.title,
    link: entry.url,
    date: entry.updated,
    published: entry.published,
    description: escapeHtml(entry.post.description),
    content: entry.html,
  };
  // The social card image: an RSS enclosure (with its type and length) and an Atom enclosure link.
  const image = entry.post.image;
  if (image) out.image = { url: image.url, ...(image.type ? { type: image.type } : {}), length: image.bytes ?? 0 };
  return out;
}

function jsonFeed(meta: FeedMeta, entries: readonly Entry[], config: SiteConfig): string {
  const author = authorOf(config);
  const authors = [author.link ? { name: author.name, url: author.link } : { name: author.name }];
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: meta.title,
    home_page_url: meta.homeUrl,
    feed_url: meta.selfUrl,
    description: meta.description,
    language: config.language,
    authors,
    items: entries.map((entry) => {
      const out: Record<string, unknown> = {
        id: entry.url,
        url: entry.url,
        title: entry.post.title,
        content_html: entry.html,
        summary: entry.post.description,
        date_published: entry.published.toISOString(),
      };
      if (entry.updated.getTime() !== entry.published.getTime()) out.date_modified = entry.updated.toISOString();
      if (entry.post.tags.length > 0) out.tags = entry.post.tags.map((tag) => tag.name);
      // The feed's own `authors` stand for items without theirs (JSON Feed 1.1, "authors").
      if (entry.post.authors) out.authors = entry.post.authors.map((name) => ({ name }));
      if (entry.post.image) out.image = entry.post.image.url;
      return out;
    }),
  };
  return `${JSON.stringify(feed, null, 2)}\n`;
}

/** A post's own authors, else the site's author. */
export function authorNames(post: Pick<PostSummary, 'authors'>, config: SiteConfig): string[] {
  return post.authors ?? [config.author.name];
}

function authorOf(config: SiteConfig): { name: string; email?: string; link?: string } {
  const author: { name: string; email?: string; link?: string } = { name: config.author.name };
  if (config.author.email) author.email = config.author.email;
  if (config.author.url) author.link = config.author.url;
  return author;
}

/** CDATA chunks for xml-js: each chunk ends before a `>` that would close `]]>`, so any text is exact. */
function cdata(text: string): { _cdata: string[] } {
  const parts = text.split(']]>');
  return { _cdata: parts.map((part, i) => (i > 0 ? '>' : '') + part + (i < parts.length - 1 ? ']]' : '')) };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Characters XML 1.0 cannot carry at all, not even escaped (C0 controls, lone surrogates, U+FFFE/F). */
const notXml = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function xmlSafe(xml: string): string {
  return xml.replace(notXml, '');
}

const hasScheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;

/** Rewritten bodies, keyed by post URL and HTML: a post is often in the site feed and several tag feeds. */
const rewritten = new LRUCache<string, string>({ max: 256 });

/**
 * Makes every relative `href`/`src`/`srcset`/`poster`/`cite` absolute against the post's own URL, as
 * a browser on the post page would resolve it: `chart.png` → the bundle asset beside the post,
 * `/x` → origin + `/x`, `#frag` → post URL + `#frag`. Feed readers have no page to resolve against.
 */
export function absoluteHtml(html: string, postUrl: string): string {
  const key = `${postUrl}\n${html}`;
  const hit = rewritten.get(key);
  if (hit !== undefined) return hit;
  // The body is our own serialiser's output (hast-util-to-html): every `<` that is not a tag is
  // escaped and every attribute value is double-quoted, so tags and their URL attributes can be
  // found exactly without parsing the page again (a parse per feed entry was most of a feed's cost).
  const out = html
    .replace(TAG, (tag) =>
      tag.replace(URL_ATTRIBUTE, (_whole, space: string, name: string, value: string) => {
        const decoded = decodeAttribute(value);
        const absolute = name.toLowerCase() === 'srcset' ? resolveSrcset(decoded, postUrl) : resolve(decoded, postUrl);
        return `${space}${name}="${encodeAttribute(absolute)}"`;
      }),
    )
    // `]]>` in text or attribute values would end a CDATA section; `]]&gt;` means the same in HTML.
    .replace(/]]>/g, ']]&gt;');
  rewritten.set(key, out);
  return out;
}

const TAG = /<[a-zA-Z][a-zA-Z0-9-]*(?:\s+[^\s"'>/=]+(?:="[^"]*")?)*\s*\/?>/g;
const URL_ATTRIBUTE = /(\s)(href|src|poster|cite|srcset)="([^"]*)"/gi;
/** An attribute value as the browser reads it: every HTML character reference decoded, named ones included. */
function decodeAttribute(value: string): string {
  return value.includes('&') ? decodeHTMLAttribute(value) : value;
}

function encodeAttribute(value: string): string {
  // The same escapes hast-util-to-html writes, so a rewritten attribute reads like an untouched one.
  return value.replace(/&/g, '&#x26;').replace(/"/g, '&#x22;');
}

function resolveSrcset(value: string, postUrl: string): string {
  return value
    .split(',')
    .map((candidate) => {
      const text = candidate.trim();
      const space = text.search(/\s/);
      return space === -1 ? resolve(text, postUrl) : resolve(text.slice(0, space), postUrl) + text.slice(space);
    })
    .join(', ');
}

function resolve(value: string, base: string): string {
  if (hasScheme.test(value)) return value;
  try {
    return new URL(value, base).href;
  } catch {
    return value;
  }
}
