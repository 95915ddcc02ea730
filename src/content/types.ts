import type { BodyRef } from './body-ref.js';

/** A calendar date, `YYYY-MM-DD`: never an instant, so no time zone can move a post to another day. */
export type PlainDate = string & { readonly __plainDate: unique symbol };

/** A file read from content/: UTF-8 decoded, BOM stripped, line ends normalised to LF. */
export interface SourceFile {
  /** Absolute path on disk. */
  absPath: string;
  /** Path relative to the project root, POSIX separators; what diagnostics print. */
  path: string;
  text: string;
  /** For a bundle (`<name>/index.md`): the folder name; otherwise undefined. */
  bundleName?: string;
  /** Asset files beside a bundle's index, relative to the bundle folder, sorted. */
  assets: BundleAsset[];
  /** The post's folder under the content folder (a bundle's parent folder), POSIX; `''` at the top. */
  section?: string;
}

export interface BundleAsset {
  /** Path relative to the bundle folder (POSIX), e.g. `chart.png` or `img/a.png`. */
  relPath: string;
  /** Absolute path on disk, for copying. */
  absPath: string;
}

/** Where a value came from in the source file, for diagnostics. */
export interface FieldPosition {
  line: number;
  column: number;
}

/** One raw field of a draft and where it was written. */
export interface DraftField {
  value: unknown;
  /** Where the value starts (sectioned: its first non-blank line, column 1; front matter: after `key:`). */
  position: FieldPosition;
  /** Line of the section marker (`#date`) or the front matter key; reported when the value is empty. */
  markerLine: number;
}

/** The raw, unvalidated fields of a post, with the position of each. */
export interface PostDraft {
  source: SourceFile;
  format: 'sectioned' | 'front-matter';
  /** Raw values as written (strings for the sectioned format; YAML values for front matter). */
  fields: Record<string, DraftField>;
  body: string;
  /** 1-based line in the source file where the body's first line is. */
  bodyLine: number;
  /**
   * Sections the parser already reported as misspelled (`#titel` → `title`), so validation does not
   * report the same mistake again as a missing section.
   */
  misspelled?: string[];
}

export type { BodyRef };

export interface Tag {
  /** Display text, e.g. `JavaScript`. */
  name: string;
  /** URL segment: case- and accent-folded, e.g. `javascript`. */
  slug: string;
}

export interface Post {
  slug: string;
  title: string;
  /** Empty when the post has no `#description`; an excerpt stands in later. */
  description: string;
  date: PlainDate;
  /** RFC 3339 when `#date` has a time: an instant with its offset, or a local time (no offset) read in the site's time zone; for feeds. */
  dateTime?: string;
  updated?: PlainDate;
  /** Author names from `authors`/`author`, when the post names any; else the site's author stands. */
  authors?: string[];
  tags: Tag[];
  featured: boolean;
  draft: boolean;
  /** The Markdown body: in memory, or on disk until read (see BodyRef). */
  body: BodyRef;
  /** 1-based line of the body's first line in the source file (maps Markdown positions to file lines). */
  bodyLine: number;
  /** Source path relative to the project root (POSIX), for diagnostics. */
  source: string;
  /** Bundle assets to publish beside the post page. */
  assets: BundleAsset[];
  /** The post's folder under the content folder, for `:section`; absent at the top. */
  section?: string;
  /** Its own URL (`url`, `permalink`, `path`), normalised: `/a/b/` or `/a/b.html`, below the base path. */
  url?: string;
  /** Old URLs that redirect to it (`aliases`, `redirect_from`), normalised the same way. */
  aliases?: string[];
  /** Jekyll's `categories`, lower-cased, for the `:categories` token of the permalink pattern. */
  categories?: string[];
  /** The social card image from `image`/`cover` (`#image`), as written; the images stage resolves it. */
  image?: CardImageRef;
  /** Set for a file under content/pages/: a page of its own, in no list, feed or tag (see content/page.ts). */
  page?: PageFields;
}

/** What makes a post a page: where it lives and whether it is in the menu. */
export interface PageFields {
  /** URL path below the base path, without slashes at either end: `about`, `docs/setup`; `` for the home. */
  path: string;
  /** Place in the menu: a position (1 is first), or `true` for after the numbered ones; absent when not in it. */
  menu?: number | true;
  /** `updated`, else the date the author wrote: the sitemap's lastmod. */
  lastmod?: PlainDate;
}

export interface CardImageRef {
  /** A bundle file, a `/`-path into public/, or an absolute http(s) URL. */
  src: string;
  alt?: string;
  /** Where it was written, for a missing file's diagnostic. */
  line: number;
}
