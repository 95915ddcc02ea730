import type { PlainDate, Tag } from '../content/types.js';
import type { TocEntry } from '../markdown/types.js';

/** What list pages, feeds and related-post boxes need of a post: everything but the body. */
export interface PostSummary {
  slug: string;
  title: string;
  description: string;
  date: PlainDate;
  updated?: PlainDate;
  /** The RFC 3339 instant the author gave in `#date`, if any; feeds prefer it to midnight in the site time zone. */
  dateTime?: string;
  /** The post's own authors, when it names any; pages and feeds fall back to the site's author. */
  authors?: string[];
  /** With authors, on a site with author pages: each author's page URL, in the order of `authors`. */
  authorUrls?: string[];
  tags: Tag[];
  featured: boolean;
  draft: boolean;
  /** True when the post is dated after today (only present in output with --future). */
  scheduled: boolean;
  readingMinutes: number;
  words: number;
  excerpt: string;
  /** Site-relative URL with the base path, e.g. `/blog/posts/kafka/`. */
  url: string;
  source: string;
  /** Set for a page (a file under content/pages/), which no list, feed or tag shows. */
  page?: true;
  /** The social card image (`image`/`cover`, else the body's first image), set by the images stage. */
  image?: CardImage;
}

/** A post's social card image: an absolute URL, with its size when the file is the site's own. */
export interface CardImage {
  url: string;
  alt: string;
  width?: number;
  height?: number;
  /** MIME type, when known. */
  type?: string;
  /** Size in bytes of the file, when the site's own (RSS enclosures give it). */
  bytes?: number;
}

export interface PostPageData {
  kind: 'post';
  post: PostSummary;
  toc: TocEntry[];
  previous?: PostSummary;
  next?: PostSummary;
  related: PostSummary[];
}

export interface Pagination {
  page: number;
  pages: number;
  previousUrl?: string;
  nextUrl?: string;
}

export interface ListPageData {
  kind: 'home' | 'tag' | 'featured' | 'author';
  posts: PostSummary[];
  pagination: Pagination;
  /** For `tag` pages. */
  tag?: Tag & { count: number; url: string; feedUrl: string };
  /** For `author` pages. */
  author?: { name: string; slug: string; count: number; url: string };
  /** Home page 1 only: featured posts to highlight (newest first, at most `postsPerPage`). */
  featured?: PostSummary[];
}

export interface TagIndexData {
  kind: 'tags';
  tags: Array<Tag & { count: number; url: string }>;
}

export interface ArchiveData {
  kind: 'archive';
  years: Array<{ year: string; posts: PostSummary[] }>;
}

export interface NotFoundData {
  kind: 'not-found';
}

/** The search page: results are found in the browser, from the static index under `pagefind/`. */
export interface SearchPageData {
  kind: 'search';
}

export type PageData = PostPageData | ListPageData | TagIndexData | ArchiveData | NotFoundData | SearchPageData;

/** One HTML page to render. */
export interface Page {
  /** Site-relative URL with the base path, e.g. `/blog/tags/kafka/`. */
  url: string;
  /** Output path relative to the output folder, POSIX, e.g. `tags/kafka/index.html`. */
  file: string;
  /** Template name without extension, e.g. `post`, `list`, `tags`, `archive`, `404`. */
  template: string;
  /** Page title (without the site title). */
  title: string;
  /** Meta description. */
  description: string;
  data: PageData;
  /** What made this page, for route-conflict diagnostics (a post source or a generator name). */
  origin: string;
  /** The header navigation (one list shared by every page; see site/menu.ts). */
  menu?: MenuItem[];
}

/** One header navigation entry: its URL has the base path, or is absolute. */
export interface MenuItem {
  title: string;
  url: string;
}

/** A non-HTML output the site plan produces directly (feeds, sitemap, robots.txt). */
export interface PlannedFile {
  file: string;
  origin: string;
  /** Built at render time, because feeds need post HTML. */
  kind: 'rss' | 'atom' | 'json-feed' | 'sitemap' | 'sitemap-index' | 'robots' | 'redirect' | 'redirects';
  /** For per-tag feeds. */
  tag?: Tag;
  /** Posts the file covers (feeds: newest first, already cut to the feed length); empty for other kinds. */
  posts: PostSummary[];
  /** Feeds: absolute URL of the page the feed is about (home or tag page). */
  homeUrl?: string;
  /** Feeds: absolute URL of this file. */
  selfUrl?: string;
  /** Feeds: newest `updated ?? date` of its posts: the feed's own updated date (no build timestamp). */
  updated?: PlainDate;
  /** `sitemap`: absolute URLs of the pages it lists. `sitemap-index`: absolute URLs of the sitemaps. */
  urls?: SitemapUrl[];
  /** `redirect` (an old URL of a post): the post's site-relative URL, its absolute URL and its title. */
  target?: string;
  canonical?: string;
  title?: string;
  /** `redirects` (`_redirects`): every old URL and where it leads, site-relative. */
  redirects?: Array<{ from: string; to: string }>;
}

/** One `<url>` of a sitemap. */
export interface SitemapUrl {
  url: string;
  lastmod?: PlainDate;
}

export interface SitePlan {
  pages: Page[];
  files: PlannedFile[];
  /** Bundle assets to copy: output path → absolute source path. */
  assets: Array<{ file: string; from: string; origin: string }>;
  /** Left out of every page, for the summary. */
  /** Source paths left out: drafts (page files among them, also listed in `draftPages`) and scheduled posts. */
  excluded: { drafts: string[]; draftPages?: string[]; scheduled: string[] };
}
