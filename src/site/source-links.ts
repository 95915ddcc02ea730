import path from 'node:path';
import { decodeHTMLAttribute } from 'entities';
import type { SiteConfig } from '../config/schema.js';
import type { LeftOutFile, PlainDate } from '../content/index.js';
import type { BodyStore, PostMeta } from '../markdown/types.js';
import { postRoute } from './post-urls.js';
import { routeUrl } from './urls.js';

type LinkingPost = Pick<PostMeta, 'slug' | 'source' | 'date' | 'section' | 'url' | 'categories' | 'sourceLinks'>;


/**
 * Links to posts' source files (`@/blog/x.md`, `../y.md`) become the posts' URLs when a page is made,
 * not in the Markdown stage: a rendered body stays the same whatever URL its target gets, so the
 * render cache keeps it. Only posts that have such links (see `sourceLinks`) are touched or keyed
 * differently. A link to a file that is no post is left as written, and the link check reports it.
 * `targets` comes from sourceLinkTargets, worked out once for every store that needs it.
 */
export function withSourceLinks(bodies: BodyStore, targets: ReadonlyMap<string, ReadonlyMap<string, string>>): BodyStore {
  if (targets.size === 0) return bodies;
  const store: BodyStore = {
    html: (slug) => {
      const html = bodies.html(slug);
      const links = targets.get(slug);
      return links === undefined ? html : rewriteHrefs(html, links);
    },
  };
  if (bodies.key) {
    const key = bodies.key.bind(bodies);
    store.key = (slug) => {
      const links = targets.get(slug);
      return links === undefined ? key(slug) : `${key(slug)}\u0000${JSON.stringify([...links])}`;
    };
  }
  if (bodies.repair) store.repair = bodies.repair.bind(bodies);
  // A body no link of which is rewritten is the inner store's as it is, so is its cache entry.
  if (bodies.entryFile) {
    const entryFile = bodies.entryFile.bind(bodies);
    store.entryFile = (slug) => (targets.has(slug) ? undefined : entryFile(slug));
  }
  return store;
}

/**
 * By slug, each post's source links that name a post, and that post's URL. A link to a file left out
 * for its errors goes where that file's post would be (any date where the pattern has one), which the
 * link check counts as present: the file's own error is the one reported.
 */
export function sourceLinkTargets(
  posts: readonly LinkingPost[],
  config: Pick<SiteConfig, 'basePath' | 'permalink' | 'url'>,
  contentDir: string,
  leftOut: readonly LeftOutFile[] = [],
): Map<string, Map<string, string>> {
  const targets = new Map<string, Map<string, string>>();
  if (!posts.some((post) => post.sourceLinks !== undefined)) return targets;
  const bySource = new Map(posts.map((post) => [post.source, routeUrl(config, postRoute(post, config))]));
  for (const file of leftOut) {
    if (bySource.has(file.source) || (file.slug === undefined && file.url === undefined)) continue;
    const stand = { slug: file.slug ?? '', date: LEFT_OUT_DATE, section: '', url: file.url };
    bySource.set(file.source, routeUrl(config, postRoute(stand, config)));
  }
  for (const post of posts) {
    if (post.sourceLinks === undefined) continue;
    const resolved = new Map<string, string>();
    for (const href of post.sourceLinks) {
      const url = resolveSourceLink(bySource, contentDir, post.source, href);
      if (url !== undefined) resolved.set(href, url);
    }
    if (resolved.size > 0) targets.set(post.slug, resolved);
  }
  return targets;
}

const LEFT_OUT_DATE = '0000-01-01' as PlainDate;

/**
 * The URL (with base path and `#anchor`) of the post whose source a link names, or undefined. `@/` is
 * the content folder (`contentDir`, relative to the project root like `source`); anything else is
 * relative to the linking post's file.
 */
export function resolveSourceLink(bySource: ReadonlyMap<string, string>, contentDir: string, from: string, href: string): string | undefined {
  const hash = href.indexOf('#');
  const fragment = hash === -1 ? '' : href.slice(hash);
  let file = hash === -1 ? href : href.slice(0, hash);
  const query = file.indexOf('?');
  if (query !== -1) file = file.slice(0, query);
  try {
    file = decodeURIComponent(file);
  } catch {
    return undefined;
  }
  const target = file.startsWith('@/') ? path.posix.join(contentDir, file.slice(2)) : path.posix.join(path.posix.dirname(from), file);
  const url = bySource.get(target);
  return url === undefined ? undefined : url + fragment;
}

/** Swaps each `href` the map names for its URL; attribute values are compared decoded. */
export function rewriteHrefs(html: string, links: ReadonlyMap<string, string>): string {
  return html.replace(/\bhref="([^"]*)"/g, (whole, value: string) => {
    const url = links.get(decodeHTMLAttribute(value));
    return url === undefined ? whole : `href="${url.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`;
  });
}
