import { createHash, hash, randomBytes } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { threadId } from 'node:worker_threads';
import type { Diagnostic } from '../diagnostics.js';
import { writeFileAtomic } from '../atomic-file.js';
import { pipelineVersion } from './pipeline-version.js';
import type { MarkdownOptions, RenderedBody } from './types.js';

/**
 * The on-disk render cache. One entry per (pipeline, options, title, body):
 * `<cacheDir>/render/<pipeline key>/<2 hex>/<entry hash>.hmr`.
 *
 * Entry layout: a header line `hmr2 <meta bytes> <html bytes> <sha256 of meta> <sha256 of html>`,
 * the metadata as JSON (TOC, counts, excerpt, warnings with body-relative lines), then the HTML.
 * The HTML has its own checksum because it is read again, alone, when a page needs it. A truncated, edited or
 * half-written entry fails the length or checksum test and is treated as a miss, then rewritten;
 * it is never served. Writes go to a temporary file renamed into place, so a
 * reader sees a whole entry or none.
 *
 * Diagnostics are stored with body-relative lines and no file, and re-placed on replay, so an entry
 * stays valid when a post file is renamed or its header grows.
 */

const MAGIC = 'hmr2';

export type EntryMeta = Omit<RenderedBody, 'html'>;

/** A warning as stored: the file is the post's, the line counts from the body's first line. */
export type StoredDiagnostic = Omit<Diagnostic, 'file'>;

export interface CacheEntry {
  meta: EntryMeta;
  diagnostics: StoredDiagnostic[];
}

/** Hash of everything except the post that shapes output; names the folder of valid entries. */
export function pipelineKey(options: MarkdownOptions): string {
  return sha256(`${pipelineVersion()}\n${JSON.stringify(options)}`).slice(0, 24);
}

/** Where this pipeline's entries live; null when caching is off. */
export function entryRoot(cacheDir: string | null, key: string): string | null {
  return cacheDir === null ? null : join(cacheDir, 'render', key);
}

/**
 * The title is part of the key because a first heading equal to it is dropped. The body enters by
 * its sha256, which the content stage already has, so a body kept on disk need not be read.
 */
export function entryKey(pipeline: string, title: string, bodyDigest: string): string {
  return sha256(`${pipeline}\0${title}\0${bodyDigest}`);
}

export function entryPath(root: string, key: string): string {
  // Concatenated, not joined: called for every post of every build, and root is already normal.
  return `${root}${sep}${key.slice(0, 2)}${sep}${key}.hmr`;
}

/**
 * Removes entries written under other pipeline versions or options: they can never be hit again.
 */
export function pruneOtherPipelines(cacheDir: string, key: string): void {
  const renderDir = join(cacheDir, 'render');
  let names: string[];
  try {
    names = readdirSync(renderDir);
  } catch {
    return;
  }
  for (const name of names) if (name !== key) rmSync(join(renderDir, name), { recursive: true, force: true });
}

/**
 * The entry's metadata if its header, length and metadata checksum are intact; null for a miss or a
 * damaged entry. Only the header and metadata are read: a warm build whose pages are all unchanged
 * never needs the HTML, and the HTML's own checksum is verified when it is read ({@link readEntryHtml}).
 */
export function readEntry(path: string): CacheEntry | null {
  const parts = readHead(path);
  if (!parts || digest(parts.meta) !== parts.metaDigest) return null;
  try {
    return JSON.parse(parts.meta.toString('utf8')) as CacheEntry;
  } catch {
    return null;
  }
}

/** The entry's HTML if its part of the entry is whole; null otherwise. */
export function readEntryHtml(path: string): string | null {
  const parts = readParts(path);
  if (!parts || digest(parts.html) !== parts.htmlDigest) return null;
  return parts.html.toString('utf8');
}

const madeDirs = new Set<string>();

/** Writes an entry atomically; false when the disk refused (the caller keeps the HTML instead). */
export function writeEntry(path: string, entry: CacheEntry, html: string): boolean {
  const meta = Buffer.from(JSON.stringify(entry), 'utf8');
  const body = Buffer.from(html, 'utf8');
  const header = Buffer.from(`${MAGIC} ${meta.length} ${body.length} ${digest(meta)} ${digest(body)}\n`, 'latin1');
  const dir = dirname(path);
  const temp = `${path}.${process.pid}-${threadId}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    if (!madeDirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      madeDirs.add(dir);
    }
    writeFileSync(temp, Buffer.concat([header, meta, body]));
    renameSync(temp, path);
    return true;
  } catch {
    madeDirs.delete(dir);
    try {
      unlinkSync(temp);
    } catch {
      // Nothing was written.
    }
    return false;
  }
}

const INDEX_MAGIC = 'hmi1';
const INDEX_FILE = 'index.hmi';

/**
 * The metadata of every entry the last build used, in one file beside the entries
 * (`<entry root>/index.hmi`): a warm build of thousands of posts reads one file instead of one
 * entry head per post. Layout: `hmi1 <sha256 of payload>\n` then JSON `[[key, entry], ...]`. A
 * damaged index is ignored as a whole (each post then falls back to its own entry); the entries'
 * HTML keeps its own checksum, verified when a page reads it.
 */
export function readMetaIndex(root: string): Map<string, CacheEntry> {
  let data: Buffer;
  try {
    data = readFileSync(join(root, INDEX_FILE));
  } catch {
    return new Map();
  }
  const newline = data.indexOf(0x0a);
  if (newline === -1 || newline > 100) return new Map();
  const [magic, payloadDigest] = data.toString('latin1', 0, newline).split(' ');
  const payload = data.subarray(newline + 1);
  if (magic !== INDEX_MAGIC || digest(payload) !== payloadDigest) return new Map();
  try {
    const pairs = JSON.parse(payload.toString('utf8')) as unknown;
    return Array.isArray(pairs) ? new Map(pairs as Array<[string, CacheEntry]>) : new Map();
  } catch {
    return new Map();
  }
}

/** Replaces the index atomically; a failed write only costs the next build its per-entry reads. */
export function writeMetaIndex(root: string, entries: ReadonlyMap<string, CacheEntry>): void {
  const payload = Buffer.from(JSON.stringify([...entries]), 'utf8');
  writeFileAtomic(join(root, INDEX_FILE), Buffer.concat([Buffer.from(`${INDEX_MAGIC} ${digest(payload)}\n`, 'latin1'), payload]));
}

interface EntryParts {
  meta: Buffer;
  html: Buffer;
  metaDigest: string;
  htmlDigest: string;
}

/** Splits an entry by its header; null unless the lengths add up exactly (a cut-off file fails). */
/** Header and metadata only, with the length of the whole entry checked against the header. */
function readHead(path: string): { meta: Buffer; metaDigest: string } | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const size = fstatSync(fd).size;
    const head = Buffer.allocUnsafe(Math.min(size, HEAD_READ));
    const got = readSync(fd, head, 0, head.length, 0);
    const headerEnd = head.subarray(0, got).indexOf(0x0a);
    if (headerEnd === -1 || headerEnd > 300) return null;
    const [magic, metaLength, htmlLength, metaDigest, htmlDigest] = head.toString('latin1', 0, headerEnd).split(' ');
    if (magic !== MAGIC || metaDigest === undefined || htmlDigest === undefined) return null;
    const metaEnd = headerEnd + 1 + Number(metaLength);
    if (!Number.isInteger(metaEnd) || metaEnd + Number(htmlLength) !== size) return null;
    if (metaEnd <= got) return { meta: head.subarray(headerEnd + 1, metaEnd), metaDigest };
    const meta = Buffer.allocUnsafe(metaEnd - headerEnd - 1);
    if (readSync(fd, meta, 0, meta.length, headerEnd + 1) !== meta.length) return null;
    return { meta, metaDigest };
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** Most entries' header and metadata fit in one read of this size. */
const HEAD_READ = 8192;

function readParts(path: string): EntryParts | null {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch {
    return null;
  }
  const headerEnd = data.indexOf(0x0a);
  if (headerEnd === -1 || headerEnd > 300) return null;
  const [magic, metaLength, htmlLength, metaDigest, htmlDigest] = data.toString('latin1', 0, headerEnd).split(' ');
  if (magic !== MAGIC || metaDigest === undefined || htmlDigest === undefined) return null;
  const metaEnd = headerEnd + 1 + Number(metaLength);
  if (!Number.isInteger(metaEnd) || metaEnd + Number(htmlLength) !== data.length) return null;
  return { meta: data.subarray(headerEnd + 1, metaEnd), html: data.subarray(metaEnd), metaDigest, htmlDigest };
}

/** Checks integrity, not authenticity: the cache is the user's own folder. */
function digest(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function sha256(text: string): string {
  return hash('sha256', text, 'hex');
}
