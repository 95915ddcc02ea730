import type { Post } from '../content/types.js';
import type { Result } from '../diagnostics.js';
import type { JsonValue } from '../config/schema.js';
import type { HeadingIdScheme } from './heading-ids.js';

/** A user plugin, resolved by loadConfig: what to import, and what identifies it in cache keys. */
export interface MarkdownPlugin {
  /** As written in site.config.ts: the package name or local path. */
  name: string;
  /** The module to import (a file URL). */
  url: string;
  /** The package's version, or a hash of a local file. */
  version: string;
  /** The module's export that is the plugin, when not `default` (a function traced to a named export). */
  export?: string;
  options?: JsonValue;
}

export interface TocEntry {
  depth: number;
  /** Heading id, unique within the post. */
  id: string;
  /** Plain text of the heading. */
  text: string;
}

/** Options that change rendered output; part of every cache key. */
export interface MarkdownOptions {
  /** `sanitize` (default) parses raw HTML and removes anything unsafe; `trusted` passes it through. */
  rawHtml: 'sanitize' | 'trusted';
  /** Words per minute for reading time. Default 230. */
  wordsPerMinute: number;
  /** Maximum characters of the plain-text excerpt. Default 200. */
  excerptLength: number;
  /** The site's base path (`/blog/`): root-relative links in bodies get it prefixed. Default `/`. */
  basePath: string;
  /** Run after remark-gfm, before remark-rehype. */
  remarkPlugins: MarkdownPlugin[];
  /** Run after raw HTML is parsed, before sanitising. */
  rehypePlugins: MarkdownPlugin[];
  /** What the sanitiser lets through besides its own schema (for what plugins add). */
  sanitize: { tagNames: string[]; attributes: Record<string, string[]> };
  /** Origins whose iframes pass the sanitiser. */
  embeds: string[];
  /** Whose heading id scheme automatic ids follow. Default `github`. */
  headingIds: HeadingIdScheme;
}

/** What rendering a body produces; stored in the render cache. */
/** A feature whose theme files a site ships only when some post needs them. */
export type PostFeature = 'math' | 'mermaid';

export interface RenderedBody {
  html: string;
  toc: TocEntry[];
  words: number;
  readingMinutes: number;
  excerpt: string;
  /** Theme features the HTML needs (see PostFeature); absent when none. */
  uses?: PostFeature[];
  /** Links to other posts' source files, as written in the HTML (see site/source-links); absent when none. */
  sourceLinks?: string[];
  /** Local images of the body, in document order (see ImageRef); absent when none. */
  images?: ImageRef[];
}

/** An `<img>` of a body whose `src` is local (no scheme, not protocol-relative), as the HTML has it. */
export interface ImageRef {
  /** The `src` as written to the HTML (base path already added to a root-relative one). */
  src: string;
  /** Line in the body (1 = the body's first line), when the tree knows it. */
  line?: number;
  /** Its alternative text, for a social card made of it. */
  alt?: string;
}

export interface RenderedPost extends Post, RenderedBody {}

/** A rendered post without its body and HTML: what the site plan works on, so memory grows with metadata only. */
export type PostMeta = Omit<RenderedPost, 'html' | 'body'>;

/** Where post HTML is fetched from when a page or feed needs it (memory, or the on-disk render cache). */
export interface BodyStore {
  html(slug: string): string;
  /** A hash of everything the post's HTML depends on (pipeline, options, title, body): equal keys, equal HTML. */
  key?(slug: string): string;
  /** Renders the named posts again after their cached HTML was found damaged (DamagedEntryError). */
  repair?(slugs: string[]): Promise<void>;
  /**
   * The render cache entry whose HTML is exactly `html(slug)`, when there is one: another thread
   * reads it there (`readEntryHtml`) instead of being sent the text. Undefined when the HTML is held
   * in memory or is changed on its way (images, links to source files).
   */
  entryFile?(slug: string): string | undefined;
}

/** The fields of a post that rendering reads. */
/** A post's title and Markdown text to render (a `Post`'s body, read). */
export type RenderInput = Pick<Post, 'title' | 'bodyLine' | 'source'> & { body: string };

/** Renders one post body with a processor built once for the given options. */
export interface MarkdownRenderer {
  readonly options: MarkdownOptions;
  /** Set when a user plugin could not be loaded or set up: every render then fails with it. */
  readonly setupError?: Omit<import('../diagnostics.js').Diagnostic, 'file'>;
  /**
   * Renders one body (a whole `Post` will do). Never throws for bad content: problems come back as
   * diagnostics, and an error leaves `value` an empty body.
   */
  render(post: RenderInput): Result<RenderedBody>;
}

export interface RenderPostsOptions {
  markdown: MarkdownOptions;
  /** Worker threads; 1 (or less) renders in the calling thread, without the per-post time limit. */
  jobs: number;
  /** Render cache folder (entries live under `<cacheDir>/render/`); null disables the cache. */
  cacheDir: string | null;
  /** Called as each post is served from the cache or rendered. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Per-post time limit in milliseconds when rendering in workers. Default 10 000 plus 15 000 per
   * megabyte of body, so a large but ordinary post is never cut off.
   */
  timeoutMs?: number;
  /** Stops the workers: renderPosts then rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * Background work: the workers run at the lowest CPU priority (on Linux, where it is per thread),
   * so the calling thread's own work (dev answering an edit) never waits for a core.
   */
  lowPriority?: boolean;
  /**
   * A cache hit's table of contents is read from its entry when first asked for (see lazy-toc.ts),
   * which throws DamagedEntryError for a damaged entry: for builds, whose page makers ask under
   * withRepair and need few of them. Default: read with the hit, a damaged entry then renders again.
   */
  lazyToc?: boolean;
}

export interface RenderedSet {
  /** One per input post, in input order; a post that failed to render has an empty body and an error diagnostic. */
  posts: PostMeta[];
  bodies: BodyStore;
  stats: { rendered: number; cached: number };
}
