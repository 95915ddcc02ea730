import { tagSlug } from '../content/slug.js';
import type { PlainDate, Tag } from '../content/types.js';
import type { SiteConfig } from '../config/schema.js';
import type { Diagnostic, Result } from '../diagnostics.js';
import { copyToc } from '../markdown/lazy-toc.js';
import type { PostMeta } from '../markdown/types.js';
import { groupAuthors } from './authors.js';
import { compareNames, comparePosts, compareStrings } from './order.js';
import { resolveMenu } from './menu.js';
import { paginate, pagination } from './paginate.js';
import { planPages, splitPages } from './pages.js';
import { leftOutAs } from './published.js';
import { relatedPosts } from './related.js';
import { aliasRoute, postRoute, routeFolder, urlProblems } from './post-urls.js';
import { RouteTable } from './routes.js';
import { toSummary } from './summary.js';
import type { ListPageData, Page, PageData, PlannedFile, PostPageData, PostSummary, SitemapUrl, SitePlan } from './types.js';
import { absoluteUrl, fileRoute, pageRoute, routeFile, routeUrl, type Route } from './urls.js';

export interface PlanOptions {
  /** Include `draft: true` posts. */
  drafts: boolean;
  /** Include posts dated after `today`. */
  future: boolean;
  /** Today in the site time zone (see `todayIn`). */
  today: PlainDate;
  /** Works out related posts; default {@link relatedPosts}. The build passes a cached one. */
  related?: typeof relatedPosts;
}

/** The sitemap protocol's limit of URLs per file; past it, `sitemap.xml` becomes an index. */
export const SITEMAP_LIMIT = 50_000;

interface TagGroup {
  tag: Tag;
  posts: PostSummary[];
  /** Source of the newest post with the tag: where a conflict on the tag's paths is reported. */
  source: string;
}

/**
 * The site model: every page, feed, sitemap and asset copy the build writes, each path claimed once.
 * Pure: no I/O and no HTML.
 */
export function planSite(posts: readonly PostMeta[], config: SiteConfig, options: PlanOptions): Result<SitePlan> {
  const draftPages: string[] = [];
  const excluded: SitePlan['excluded'] = { drafts: [], scheduled: [] };
  const visible: PostMeta[] = [];
  const split = splitPages(posts);
  const visiblePages = split.pages.filter((page) => leftOutAs(page, true, options) === undefined);
  for (const page of split.pages) {
    if (leftOutAs(page, true, options) === 'draft') {
      excluded.drafts.push(page.source);
      draftPages.push(page.source);
    }
  }
  for (const post of split.posts) {
    const reason = leftOutAs(post, false, options);
    if (reason === 'draft') excluded.drafts.push(post.source);
    else if (reason === 'scheduled') excluded.scheduled.push(post.source);
    else visible.push(post);
  }
  excluded.drafts.sort(compareStrings);
  // Only named when there are some, so a site without page files plans as before.
  if (draftPages.length > 0) excluded.draftPages = draftPages.sort(compareStrings);
  excluded.scheduled.sort(compareStrings);
  visible.sort(comparePosts);

  const url = (route: Route): string => routeUrl(config, route);
  const abs = (route: Route): string => absoluteUrl(config, url(route));
  const postRoutes = visible.map((post) => postRoute(post, config));
  const summaries = visible.map((post, i) => toSummary(post, url(postRoutes[i]!), options.today));
  const tags = groupTags(summaries);
  const authors = groupAuthors(summaries, config.author.name);
  if (authors.length > 0) {
    const authorUrl = new Map(authors.map((a) => [a.name, url(pageRoute('authors', a.slug))]));
    for (const summary of summaries) {
      if (summary.authors) summary.authorUrls = summary.authors.map((name) => authorUrl.get(name) ?? url(pageRoute('authors', tagSlug(name))));
    }
  }

  const routes = new RouteTable();
  const pages: Page[] = [];
  const files: PlannedFile[] = [];
  const assets: SitePlan['assets'] = [];
  const sitemap: SitemapUrl[] = [];

  const addPage = (route: Route, page: Omit<Page, 'url' | 'file'>, source = page.origin, lastmod?: PlainDate): void => {
    const file = routeFile(route);
    if (!routes.claim(file, source)) return;
    const full: Page = { url: url(route), file, ...page };
    pages.push(full);
    if (page.data.kind !== 'not-found') sitemap.push(lastmod === undefined ? { url: abs(route) } : { url: abs(route), lastmod });
  };
  const addFile = (route: Route, file: Omit<PlannedFile, 'file'>, source = file.origin): void => {
    const path = routeFile(route);
    if (routes.claim(path, source)) files.push({ file: path, ...file });
  };
  const addList = (
    kind: ListPageData['kind'],
    list: PostSummary[],
    routeOf: (page: number) => Route,
    describe: (page: number) => { title: string; description: string },
    origin: string,
    extra: (page: number) => Partial<Pick<ListPageData, 'tag' | 'featured' | 'author'>> = () => ({}),
    source = origin,
  ): void => {
    const chunks = paginate(list, config.postsPerPage);
    chunks.forEach((chunk, i) => {
      const page = i + 1;
      const data: PageData = {
        kind,
        posts: chunk,
        pagination: pagination(page, chunks.length, (p) => url(routeOf(p))),
        ...extra(page),
      };
      addPage(routeOf(page), { template: 'list', ...describe(page), data, origin }, source);
    });
  };

  // Site-wide pages and files first: on a conflict, the earlier claim keeps the path.
  const homeRoute = (page: number): Route => (page === 1 ? pageRoute() : pageRoute('page', String(page)));
  const featuredPosts = summaries.filter((s) => s.featured);
  addList(
    'home',
    summaries,
    homeRoute,
    (page) => ({ title: page === 1 ? config.title : `Page ${page}`, description: config.description }),
    'the home page',
    (page) => (page === 1 ? { featured: featuredPosts.slice(0, config.postsPerPage) } : {}),
  );
  addPage(pageRoute('tags'), {
    template: 'tags',
    title: 'Tags',
    description: `Every tag on ${config.title}, with its number of posts.`,
    data: {
      kind: 'tags',
      tags: tags.map((g) => ({ ...g.tag, count: g.posts.length, url: url(pageRoute('tags', g.tag.slug)) })),
    },
    origin: 'the tag index',
  });
  addList(
    'featured',
    featuredPosts,
    (page) => (page === 1 ? pageRoute('featured') : pageRoute('featured', 'page', String(page))),
    (page) => ({
      title: page === 1 ? 'Featured posts' : `Featured posts, page ${page}`,
      description: `Featured posts on ${config.title}.`,
    }),
    'the featured page',
  );
  addPage(pageRoute('archive'), {
    template: 'archive',
    title: 'Archive',
    description: `Every post on ${config.title}, by year.`,
    data: { kind: 'archive', years: byYear(summaries) },
    origin: 'the archive',
  });
  addPage(pageRoute('search'), {
    template: 'search',
    title: 'Search',
    description: `Search the posts on ${config.title}.`,
    data: { kind: 'search' },
    origin: 'the search page',
  });
  addPage(fileRoute('404.html'), {
    template: '404',
    title: 'Page not found',
    description: 'The page you asked for does not exist.',
    data: { kind: 'not-found' },
    origin: 'the 404 page',
  });

  const feedPosts = summaries.slice(0, config.feedLength);
  const feedFields = (selfRoute: Route, homeRoute: Route, list: PostSummary[]) => {
    const fields: Pick<PlannedFile, 'homeUrl' | 'selfUrl' | 'updated'> = { homeUrl: abs(homeRoute), selfUrl: abs(selfRoute) };
    const updated = newest(list);
    if (updated !== undefined) fields.updated = updated;
    return fields;
  };
  for (const [name, kind] of [
    ['feed.xml', 'rss'],
    ['atom.xml', 'atom'],
    ['feed.json', 'json-feed'],
  ] as const) {
    const route = fileRoute(name);
    addFile(route, { kind, origin: `the site ${kind} feed`, posts: feedPosts, ...feedFields(route, pageRoute(), feedPosts) });
  }

  // Posts, then their bundle assets, then tags.
  const related = (options.related ?? relatedPosts)({ tags: summaries.map((s) => s.tags.map((t) => t.slug)) }, config.relatedPosts);
  visible.forEach((post, i) => {
    const summary = summaries[i]!;
    // The fields in a literal's order, `toc` added in its place: not read here (a cache hit's table
    // of contents waits in its entry until a page needs it), and the object stays fast (lazy-toc.ts).
    const data = { kind: 'post', post: summary } as PostPageData;
    copyToc(data, post);
    data.related = related[i]!.map((j) => summaries[j]!);
    // Chronological neighbours: `previous` is the older post, `next` the newer one.
    const older = summaries[i + 1];
    const newer = summaries[i - 1];
    if (older) data.previous = older;
    if (newer) data.next = newer;
    addPage(
      postRoutes[i]!,
      { template: 'post', title: post.title, description: summary.description, data, origin: post.source },
      post.source,
      post.updated ?? post.date,
    );
  });
  // Bundle assets beside the post page, wherever its URL is, so relative links in the body work.
  visible.forEach((post, i) => {
    const folder = routeFolder(postRoutes[i]!);
    for (const asset of post.assets) {
      const file = `${folder}${asset.relPath}`;
      if (routes.claim(file, post.source)) assets.push({ file, from: asset.absPath, origin: post.source });
    }
  });
  // Old URLs: a small redirect page each, claimed like any page so a clash names both files.
  const redirects: Array<{ from: string; to: string }> = [];
  visible.forEach((post, i) => {
    for (const alias of post.aliases ?? []) {
      const route = aliasRoute(alias, postRoutes[i]!, config);
      if (route === undefined) continue;
      const target = summaries[i]!.url;
      const before = files.length;
      addFile(route, { kind: 'redirect', origin: post.source, posts: [], target, canonical: absoluteUrl(config, target), title: post.title });
      if (files.length > before) redirects.push({ from: url(route), to: target });
    }
  });
  if (config.redirectsFile) addFile(fileRoute('_redirects'), { kind: 'redirects', origin: 'the _redirects file', posts: [], redirects });
  for (const group of tags) {
    const { tag } = group;
    const tagRoute = pageRoute('tags', tag.slug);
    const feedRoute = fileRoute('tags', tag.slug, 'feed.xml');
    const info = { ...tag, count: group.posts.length, url: url(tagRoute), feedUrl: url(feedRoute) };
    addList(
      'tag',
      group.posts,
      (page) => (page === 1 ? tagRoute : pageRoute('tags', tag.slug, 'page', String(page))),
      (page) => ({
        title: page === 1 ? `Posts tagged “${tag.name}”` : `Posts tagged “${tag.name}”, page ${page}`,
        description: `Posts tagged “${tag.name}” on ${config.title}.`,
      }),
      `the page of tag "${tag.name}"`,
      () => ({ tag: info }),
      group.source,
    );
    const tagFeed = group.posts.slice(0, config.feedLength);
    addFile(
      feedRoute,
      { kind: 'rss', tag, origin: `the feed of tag "${tag.name}"`, posts: tagFeed, ...feedFields(feedRoute, tagRoute, tagFeed) },
      group.source,
    );
  }

  for (const group of authors) {
    const route = (page: number): Route => (page === 1 ? pageRoute('authors', group.slug) : pageRoute('authors', group.slug, 'page', String(page)));
    const info = { name: group.name, slug: group.slug, count: group.posts.length, url: url(route(1)) };
    addList(
      'author',
      group.posts,
      route,
      (page) => ({
        title: page === 1 ? `Posts by ${group.name}` : `Posts by ${group.name}, page ${page}`,
        description: `Posts by ${group.name} on ${config.title}.`,
      }),
      `the page of author "${group.name}"`,
      () => ({ author: info }),
      group.source,
    );
  }

  // Pages after every generated page and post: a page claiming a taken URL is the one reported.
  const menuPages = planPages(visiblePages, {
    addPage,
    addAsset: (file, from, origin) => {
      if (routes.claim(file, origin)) assets.push({ file, from, origin });
    },
    url,
    today: options.today,
  });

  // Sitemap(s) and robots.txt last: they list what was claimed above.
  if (sitemap.length <= SITEMAP_LIMIT) {
    addFile(fileRoute('sitemap.xml'), { kind: 'sitemap', origin: 'the sitemap', posts: [], urls: sitemap });
  } else {
    const parts: SitemapUrl[] = [];
    for (let at = 0, n = 1; at < sitemap.length; at += SITEMAP_LIMIT, n++) {
      const route = fileRoute(`sitemap-${n}.xml`);
      addFile(route, { kind: 'sitemap', origin: 'the sitemap', posts: [], urls: sitemap.slice(at, at + SITEMAP_LIMIT) });
      parts.push({ url: abs(route) });
    }
    addFile(fileRoute('sitemap.xml'), { kind: 'sitemap-index', origin: 'the sitemap', posts: [], urls: parts });
  }
  addFile(fileRoute('robots.txt'), { kind: 'robots', origin: 'robots.txt', posts: [] });

  const menu = resolveMenu(config, menuPages, featuredPosts.length > 0);
  for (const page of pages) page.menu = menu;

  const diagnostics: Diagnostic[] = [...visible.flatMap((post) => (post.url !== undefined || post.aliases !== undefined ? urlProblems(post, config) : [])), ...routes.diagnostics];
  return { value: { pages, files, assets, excluded }, diagnostics };
}

/**
 * Tags by slug (one page per slug), sorted by name. Tags arrive folded from the content stage; if
 * two spellings share a slug anyway, the one most posts use is shown (ties: the smaller text).
 */
function groupTags(summaries: readonly PostSummary[]): TagGroup[] {
  const groups = new Map<string, { posts: PostSummary[]; names: Map<string, number>; source: string }>();
  for (const summary of summaries) {
    const seen = new Set<string>();
    for (const tag of summary.tags) {
      if (seen.has(tag.slug)) continue;
      seen.add(tag.slug);
      let group = groups.get(tag.slug);
      if (!group) groups.set(tag.slug, (group = { posts: [], names: new Map(), source: summary.source }));
      group.posts.push(summary);
      group.names.set(tag.name, (group.names.get(tag.name) ?? 0) + 1);
    }
  }
  const out: TagGroup[] = [];
  for (const [slug, group] of groups) {
    const [name] = [...group.names].sort((a, b) => b[1] - a[1] || compareStrings(a[0], b[0]))[0]!;
    out.push({ tag: { name, slug }, posts: group.posts, source: group.source });
  }
  return out.sort((a, b) => compareNames(a.tag.name, b.tag.name) || compareStrings(a.tag.slug, b.tag.slug));
}

/** Archive years, newest first; posts keep post order within a year. */
function byYear(summaries: readonly PostSummary[]): Array<{ year: string; posts: PostSummary[] }> {
  const years: Array<{ year: string; posts: PostSummary[] }> = [];
  for (const summary of summaries) {
    const year = summary.date.slice(0, summary.date.length - 6);
    const last = years[years.length - 1];
    if (last && last.year === year) last.posts.push(summary);
    else years.push({ year, posts: [summary] });
  }
  return years;
}

function newest(list: readonly PostSummary[]): PlainDate | undefined {
  let best: PlainDate | undefined;
  for (const post of list) {
    const date = post.updated ?? post.date;
    if (best === undefined || date > best) best = date;
  }
  return best;
}
