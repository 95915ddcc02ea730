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
  /** An RFC 3339 instant when the author gave one in `#date`, for feeds; else undefined. */
  dateTime?: string;
  updated?: PlainDate;
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
}
