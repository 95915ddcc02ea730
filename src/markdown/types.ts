import type { Post } from '../content/types.js';

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
}

/** What rendering a body produces; stored in the render cache. */
export interface RenderedBody {
  html: string;
  toc: TocEntry[];
  words: number;
  readingMinutes: number;
  excerpt: string;
}

export interface RenderedPost extends Post, RenderedBody {}

/** A rendered post without its body and HTML: what the site plan works on, so memory grows with metadata only. */
export type PostMeta = Omit<RenderedPost, 'html' | 'body'>;

/** Where post HTML is fetched from when a page or feed needs it (memory, or the on-disk render cache). */
export interface BodyStore {
  html(slug: string): string;
}
