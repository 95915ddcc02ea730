import type { SiteConfig } from '../config/schema.js';
import type { Result } from '../diagnostics.js';
import type { PlainDate, Tag } from '../content/types.js';
import type { TocEntry } from '../markdown/types.js';
import type { Page, PageData, Pagination } from '../site/types.js';

/** The theme's built client files (CSS and optional script), with content-hashed names. */
export interface ThemeAssets {
  /** Stylesheet hrefs including the base path, e.g. `/blog/assets/theme-1a2b3c.css`. */
  css: string[];
  /** Module script hrefs including the base path; empty when the theme has no script. */
  js: string[];
  /** Files to write, relative to the output folder, e.g. `assets/theme-1a2b3c.css`. */
  files: Array<{ file: string; contents: Uint8Array }>;
  /** True when the result came from the asset cache and Vite did not run. */
  fromCache?: boolean;
  /** True when the result is the package's prebuilt built-in theme (see PREBUILT_ASSETS_DIR) and Vite did not run. */
  prebuilt?: boolean;
}

export interface PageRenderer {
  /** Renders one page. `bodyHtml` is the post's rendered Markdown (post pages only), output unescaped. */
  render(page: Page, bodyHtml?: string): Result<string>;
}

export interface PageRendererOptions {
  /** Project root; diagnostics name template files relative to it. */
  root: string;
  /** Absolute path of the templates folder. */
  templatesDir: string;
  config: SiteConfig;
  assets: ThemeAssets;
  /** The template sources (path → text) when the caller already read them; else read from templatesDir. */
  sources?: ReadonlyMap<string, string>;
  /** Given the view of every listed post before a template sees it (see ViewWatch). */
  listedView?: (view: PostView) => PostView;
  /**
   * The posts' summaries given to `render` are never changed in place (a page worker's, copies of
   * the main thread's): each summary's view is made once and given to every page that shows it.
   */
  stableSummaries?: boolean;
  /** How pages are rendered (see TemplateEngine in page-renderer.ts); default from HASHMARK_TEMPLATE_ENGINE, else `compiled`. */
  engine?: 'compiled' | 'liquidjs' | 'verify';
}

export interface ThemeAssetsOptions {
  root: string;
  /** Absolute path of the templates folder; the theme sources are in its `assets/` folder. */
  templatesDir: string;
  /** Cache folder (results are kept under `<cacheDir>/assets/<hash>/`); null disables caching. */
  cacheDir: string | null;
  /** The site's base path, e.g. `/` or `/blog/`. */
  basePath: string;
  /** Where the package's prebuilt theme assets are (default PREBUILT_ASSETS_DIR); null never uses them. */
  prebuiltDir?: string | null;
}

/** A post as templates see it: optional fields are `null`, never missing (strict variables). */
export interface PostView {
  slug: string;
  title: string;
  /** The post's description, or its excerpt when it has none. */
  summary: string;
  description: string;
  excerpt: string;
  date: PlainDate;
  updated: PlainDate | null;
  /** The post's own authors, each with its author page's URL (null without author pages); null when it names none (the site's author wrote it). */
  authors: Array<{ name: string; url: string | null }> | null;
  tags: Array<Tag & { url: string }>;
  featured: boolean;
  draft: boolean;
  scheduled: boolean;
  readingMinutes: number;
  words: number;
  url: string;
  /** The social card image (absolute URL; width, height and type null when not known), or null. */
  image: { url: string; alt: string; width: number | null; height: number | null; type: string | null } | null;
}

export interface SiteView {
  title: string;
  description: string;
  /** Absolute origin without the base path, e.g. `https://example.com`. */
  url: string;
  /** E.g. `/` or `/blog/`. */
  basePath: string;
  /** BCP 47 tag for `<html lang>`. */
  language: string;
  author: { name: string; url: string | null };
}

export interface PageView {
  /** Site-relative URL with the base path. */
  url: string;
  /** Absolute URL, for `<link rel="canonical">` and `og:url`. */
  canonicalUrl: string;
  title: string;
  /** `Page title — Site title`, or the site title alone when the page title is the site title. */
  fullTitle: string;
  description: string;
  /** `page` for a page of content/pages/ (its data is a post's). */
  kind: PageData['kind'] | 'page';
  /** Template name, e.g. `post`, `list`. */
  template: string;
}

export interface FeedLinks {
  /** Base-path URLs of the site feeds. */
  rss: string;
  atom: string;
  json: string;
  /** The tag's RSS feed on tag pages, else null. */
  tag: string | null;
}

/** Fields every template receives. */
export interface CommonTemplateData {
  site: SiteView;
  page: PageView;
  assets: { css: string[]; js: string[] };
  feeds: FeedLinks;
  /** Base-path URLs of the site's fixed pages, for navigation. */
  links: { home: string; tags: string; archive: string; featured: string; favicon: string; faviconPng: string };
  /** Rendered by `| json_script` inside `<script type="application/ld+json">`; null on pages without it. */
  structuredData: Record<string, unknown> | null;
  /** The header navigation; `current` marks this page's own entry (for `aria-current="page"`). */
  menu: Array<{ title: string; url: string; current: boolean }>;
}

/** A page of content/pages/: a post's title, description and body, without date, tags or neighbours. */
export interface PageTemplateData extends CommonTemplateData {
  kind: 'page';
  post: PostView;
  toc: TocEntry[];
  showToc: boolean;
  content: string;
}

export interface PostTemplateData extends CommonTemplateData {
  kind: 'post';
  post: PostView;
  toc: TocEntry[];
  /** True when the table of contents is long enough to show (`config.tocMinHeadings`). */
  showToc: boolean;
  previous: PostView | null;
  next: PostView | null;
  related: PostView[];
  /** The post's body HTML, the only value output unescaped (`{{ content | raw }}`). */
  content: string;
}

export interface ListTemplateData extends CommonTemplateData {
  kind: 'home' | 'tag' | 'featured' | 'author';
  posts: PostView[];
  pagination: Omit<Pagination, 'previousUrl' | 'nextUrl'> & { previousUrl: string | null; nextUrl: string | null };
  /** True on the first home page, where featured posts are highlighted. */
  highlightFeatured: boolean;
  /** The first home page's featured posts (newest first, at most `postsPerPage`); empty elsewhere. */
  featured: PostView[];
  tag: (Tag & { count: number; url: string; feedUrl: string }) | null;
  author: { name: string; slug: string; count: number; url: string } | null;
}

export interface TagsTemplateData extends CommonTemplateData {
  kind: 'tags';
  tags: Array<Tag & { count: number; url: string }>;
}

export interface ArchiveTemplateData extends CommonTemplateData {
  kind: 'archive';
  years: Array<{ year: string; posts: PostView[] }>;
}

export interface NotFoundTemplateData extends CommonTemplateData {
  kind: 'not-found';
}

export interface SearchTemplateData extends CommonTemplateData {
  kind: 'search';
}

/** What a template receives, by page kind. README "Templates and theme" documents it. */
export type TemplateData =
  | PostTemplateData
  | PageTemplateData
  | ListTemplateData
  | TagsTemplateData
  | ArchiveTemplateData
  | NotFoundTemplateData
  | SearchTemplateData;
