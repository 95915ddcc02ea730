import type { SiteConfig } from '../config/schema.js';
import { resolveMenu } from '../site/menu.js';
import type { MenuItem, Page, PostSummary } from '../site/types.js';
import { blogPosting } from './structured-data.js';
import type { CommonTemplateData, PostView, SiteView, TemplateData, ThemeAssets } from './types.js';

/**
 * Everything about the site that is the same on every page, computed once per renderer.
 * Page-specific data is layered on by {@link templateData}.
 */
export interface SiteContext {
  config: SiteConfig;
  site: SiteView;
  assets: { css: string[]; js: string[] };
  links: CommonTemplateData['links'];
  feeds: { rss: string; atom: string; json: string };
  /** The menu of a page planned without one (the setting's, or the theme's entries). */
  menu: MenuItem[];
  /** Each summary's views, made once: only where summaries are never changed in place (a page worker's). */
  views?: { own: WeakMap<PostSummary, PostView>; listed: WeakMap<PostSummary, PostView> };
}

export function siteContext(config: SiteConfig, assets: ThemeAssets, stableSummaries = false): SiteContext {
  const base = config.basePath;
  return {
    ...(stableSummaries ? { views: { own: new WeakMap(), listed: new WeakMap() } } : {}),
    config,
    site: {
      title: config.title,
      description: config.description,
      url: config.url,
      basePath: base,
      language: config.language,
      author: { name: config.author.name, url: config.author.url ?? null },
    },
    assets: { css: [...assets.css], js: [...assets.js] },
    links: {
      home: base,
      tags: `${base}tags/`,
      archive: `${base}archive/`,
      featured: `${base}featured/`,
      favicon: `${base}favicon.svg`,
      faviconPng: `${base}favicon.png`,
    },
    feeds: { rss: `${base}feed.xml`, atom: `${base}atom.xml`, json: `${base}feed.json` },
    menu: resolveMenu(config, [], true),
  };
}

/**
 * Turns a planned page into the data its template receives. Pure; no I/O. `listed` sees the view of
 * every post the page lists (not the page's own post), and may stand in for it (see ViewWatch).
 */
export function templateData(ctx: SiteContext, page: Page, bodyHtml: string, listed?: (view: PostView) => PostView): TemplateData {
  const { config, site } = ctx;
  const canonicalUrl = absoluteUrl(config.url, page.url);
  const title = page.title || site.title;
  const common: CommonTemplateData = {
    site: ctx.site,
    page: {
      url: page.url,
      canonicalUrl,
      title,
      fullTitle: title === site.title ? site.title : `${title} — ${site.title}`,
      description: page.description || site.description,
      kind: page.data.kind === 'post' && page.data.post.page ? 'page' : page.data.kind,
      template: page.template,
    },
    assets: ctx.assets,
    feeds: { ...ctx.feeds, tag: null },
    links: ctx.links,
    structuredData: null,
    menu: (page.menu ?? ctx.menu).map((item) => ({ title: item.title, url: item.url, current: item.url === page.url })),
  };
  const make = (post: PostSummary): PostView => postView(post, config.basePath);
  const own = remembered(ctx.views?.own, make);
  const view = listed ? remembered(ctx.views?.listed, (post) => listed(make(post))) : own;
  const data = page.data;
  switch (data.kind) {
    case 'post':
      if (data.post.page) {
        const post = own(data.post);
        return { ...common, kind: 'page', post, toc: data.toc, showToc: data.toc.length >= config.tocMinHeadings, content: bodyHtml };
      }
      return {
        ...common,
        structuredData: blogPosting(data.post, canonicalUrl, config),
        kind: 'post',
        post: own(data.post),
        toc: data.toc,
        showToc: data.toc.length >= config.tocMinHeadings,
        previous: data.previous ? view(data.previous) : null,
        next: data.next ? view(data.next) : null,
        related: data.related.map(view),
        content: bodyHtml,
      };
    case 'home':
    case 'tag':
    case 'featured':
    case 'author':
      return {
        ...common,
        feeds: { ...ctx.feeds, tag: data.tag?.feedUrl ?? null },
        kind: data.kind,
        posts: data.posts.map(view),
        pagination: {
          ...data.pagination,
          previousUrl: data.pagination.previousUrl ?? null,
          nextUrl: data.pagination.nextUrl ?? null,
        },
        highlightFeatured: data.kind === 'home' && data.pagination.page === 1,
        featured: data.kind === 'home' ? (data.featured ?? []).map(view) : [],
        tag: data.tag ?? null,
        author: data.author ?? null,
      };
    case 'tags':
      return { ...common, kind: 'tags', tags: data.tags };
    case 'archive':
      return {
        ...common,
        kind: 'archive',
        years: data.years.map((y) => ({ year: y.year, posts: y.posts.map(view) })),
      };
    case 'not-found':
      return { ...common, kind: 'not-found' };
    case 'search':
      return { ...common, kind: 'search' };
  }
}

/** `make`, through `cache` when there is one. */
function remembered(cache: WeakMap<PostSummary, PostView> | undefined, make: (post: PostSummary) => PostView): (post: PostSummary) => PostView {
  if (!cache) return make;
  return (post) => {
    let view = cache.get(post);
    if (view === undefined) cache.set(post, (view = make(post)));
    return view;
  };
}

/** Keep in step with VIEW_SOURCES (view-fields.ts), which says what each field is made from. */
function postView(post: PostSummary, basePath: string): PostView {
  return {
    slug: post.slug,
    title: post.title,
    summary: post.description || post.excerpt,
    description: post.description,
    excerpt: post.excerpt,
    date: post.date,
    updated: post.updated ?? null,
    authors: post.authors?.map((name, i) => ({ name, url: post.authorUrls?.[i] ?? null })) ?? null,
    tags: post.tags.map((t) => ({ name: t.name, slug: t.slug, url: `${basePath}tags/${encodeURIComponent(t.slug)}/` })),
    featured: post.featured,
    draft: post.draft,
    scheduled: post.scheduled,
    readingMinutes: post.readingMinutes,
    words: post.words,
    url: post.url,
    image: post.image
      ? { url: post.image.url, alt: post.image.alt, width: post.image.width ?? null, height: post.image.height ?? null, type: post.image.type ?? null }
      : null,
  };
}

function absoluteUrl(origin: string, url: string): string {
  return /^https?:\/\//.test(url) ? url : `${origin}${url.startsWith('/') ? '' : '/'}${url}`;
}
