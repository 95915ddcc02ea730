import type { Diagnostic } from '../diagnostics.js';
import { digest } from '../cache/hash.js';
import { namespaceAt, openCache, readEntryFile, readEntryFiles, type Namespace } from '../cache/store.js';
import { pipelineVersion } from './pipeline-version.js';
import type { MarkdownOptions, RenderedBody, TocEntry } from './types.js';

/**
 * The on-disk render cache: the `render` namespace of the cache store, one entry per (pipeline,
 * options, title, body), spread over two-character folders. The namespace version is the entry
 * format plus the pipeline key, so entries of other package versions or options are in other
 * folders, removed when this one is opened.
 *
 * An entry has two sections, each with its own checksum (see src/cache/entry.ts): the metadata as
 * JSON (TOC, counts, excerpt, warnings with body-relative lines), then the HTML. The HTML is read
 * again, alone, when a page needs it. A damaged entry is removed and treated as a miss, then
 * rewritten; it is never served.
 *
 * Diagnostics are stored with body-relative lines and no file, and re-placed on replay, so an entry
 * stays valid when a post file is renamed or its header grows.
 */

/** Bump when the entry layout changes (the index's keys, `index` and `index-delta`, are never an entry's: those are hex). */
const FORMAT = 3;
const META = 0;
const HTML = 1;

export type EntryMeta = Omit<RenderedBody, 'html'>;

/** A warning as stored: the file is the post's, the line counts from the body's first line. */
export type StoredDiagnostic = Omit<Diagnostic, 'file'>;

export interface CacheEntry {
  meta: EntryMeta;
  diagnostics: StoredDiagnostic[];
}

/**
 * An entry as the index (meta-index.ts) keeps it: without the table of contents, most of the
 * metadata's size, which only a page being rendered needs; that page reads it from the entry.
 */
export interface IndexedEntry {
  meta: Omit<EntryMeta, 'toc'>;
  diagnostics: StoredDiagnostic[];
}

export function indexed(entry: CacheEntry | IndexedEntry): IndexedEntry {
  if (!('toc' in entry.meta)) return entry;
  const { toc: _toc, ...meta } = entry.meta;
  return { meta, diagnostics: entry.diagnostics };
}

/** Hash of everything except the post that shapes output; part of the namespace version. */
export function pipelineKey(options: MarkdownOptions): string {
  // A plugin counts by name, version and options, not by where it is installed: a moved project keeps its cache.
  const plugins = (list: MarkdownOptions['remarkPlugins']) => list.map(({ url: _url, ...rest }) => rest);
  const keyed = { ...options, remarkPlugins: plugins(options.remarkPlugins), rehypePlugins: plugins(options.rehypePlugins) };
  return digest(pipelineVersion(), JSON.stringify(keyed));
}

/** This pipeline's namespace; opening it removes the entries of every other pipeline. */
export function renderNamespace(cacheDir: string | null, pipeline: string): Namespace {
  return openCache(cacheDir).namespace('render', `${FORMAT}-${pipeline}`, { fanOut: true });
}

let handed: Namespace | undefined;

/** The namespace in `root`, a folder {@link renderNamespace} gave another thread. */
export function namespaceIn(root: string): Namespace {
  if (handed?.dir !== root) handed = namespaceAt(root, { fanOut: true });
  return handed;
}

/**
 * The title is part of the key because a first heading equal to it is dropped. The body enters by
 * its sha256, which the content stage already has, so a body kept on disk need not be read.
 */
export function entryKey(pipeline: string, title: string, bodyDigest: string): string {
  return digest(pipeline, title, bodyDigest);
}

/**
 * The entry's metadata if intact; null for a miss or a damaged entry. Only the metadata is read
 * and verified: a warm build whose pages are all unchanged never needs the HTML.
 */
export function readEntry(ns: Namespace, key: string): CacheEntry | null {
  const meta = ns.get(key, META);
  if (meta === undefined) return null;
  try {
    return JSON.parse(meta.toString('utf8')) as CacheEntry;
  } catch {
    return null;
  }
}

/** The table of contents of the entry at `path` (a {@link Namespace.path}) if its metadata is whole; null otherwise. */
export function readEntryToc(path: string): TocEntry[] | null {
  const meta = readEntryFile(path, META);
  if (meta === undefined) return null;
  try {
    const toc = (JSON.parse(meta.toString('utf8')) as Partial<CacheEntry>).meta?.toc;
    return Array.isArray(toc) ? toc : null;
  } catch {
    return null;
  }
}

/**
 * The entry's HTML as its stored bytes and its table of contents, read with one open, for a page
 * worker that renders a post page; undefined when missing or damaged.
 */
export function readEntryHtmlAndToc(path: string): { html: Buffer; toc: TocEntry[] } | undefined {
  const [meta, html] = readEntryFiles(path, [META, HTML]) ?? [];
  if (meta === undefined || html === undefined) return undefined;
  try {
    const toc = (JSON.parse(meta.toString('utf8')) as Partial<CacheEntry>).meta?.toc;
    return Array.isArray(toc) ? { html, toc } : undefined;
  } catch {
    return undefined;
  }
}

/** The HTML of the entry at `path` (a {@link Namespace.path}) if whole; null otherwise. */
export function readEntryHtml(path: string): string | null {
  return readEntryHtmlBytes(path)?.toString('utf8') ?? null;
}

/** The entry's HTML as its stored UTF-8 bytes (verified); undefined when missing or damaged. */
export function readEntryHtmlBytes(path: string): Buffer | undefined {
  return readEntryFile(path, HTML);
}

/** Writes an entry atomically; false when the disk refused (the caller keeps the HTML instead). */
export function writeEntry(ns: Namespace, key: string, entry: CacheEntry, html: string): boolean {
  return ns.put(key, JSON.stringify(entry), html);
}
