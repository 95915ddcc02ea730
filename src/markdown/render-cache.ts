import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';
import type { Diagnostic } from '../diagnostics.js';
import { pipelineVersion } from './pipeline-version.js';
import type { MarkdownOptions, RenderedBody } from './types.js';

/**
 * The on-disk render cache. One entry per (pipeline, options, title, body):
 * `<cacheDir>/render/<pipeline key>/<2 hex>/<entry hash>.hmr`.
 *
 * Entry layout: a header line `hmr1 <payload bytes> <sha256 of payload>` then the payload, which
 * is one JSON line (TOC, counts, excerpt, warnings with body-relative lines) followed by the HTML.
 * A truncated, edited or half-written entry fails the length or checksum test and is treated as a
 * miss, then rewritten; it is never served. Writes go to a temporary file renamed into place, so a
 * reader sees a whole entry or none.
 *
 * Diagnostics are stored with body-relative lines and no file, and re-placed on replay, so an entry
 * stays valid when a post file is renamed or its header grows.
 */

const MAGIC = 'hmr1';

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

/** The title is part of the key because a first heading equal to it is dropped. */
export function entryKey(pipeline: string, title: string, body: string): string {
  return sha256(`${pipeline}\0${title}\0${body}`);
}

export function entryPath(root: string, key: string): string {
  return join(root, key.slice(0, 2), `${key}.hmr`);
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

/** The entry's metadata if the entry is whole; null for a miss or a damaged entry. */
export function readEntry(path: string): CacheEntry | null {
  const parsed = readVerified(path);
  if (!parsed) return null;
  try {
    return JSON.parse(parsed.payload.toString('utf8', 0, parsed.metaEnd)) as CacheEntry;
  } catch {
    return null;
  }
}

/** The entry's HTML if the entry is whole; null otherwise. */
export function readEntryHtml(path: string): string | null {
  const parsed = readVerified(path);
  return parsed ? parsed.payload.toString('utf8', parsed.metaEnd + 1) : null;
}

const madeDirs = new Set<string>();

/** Writes an entry atomically; false when the disk refused (the caller keeps the HTML instead). */
export function writeEntry(path: string, entry: CacheEntry, html: string): boolean {
  const payload = Buffer.from(`${JSON.stringify(entry)}\n${html}`, 'utf8');
  const header = `${MAGIC} ${payload.length} ${createHash('sha256').update(payload).digest('hex')}\n`;
  const dir = dirname(path);
  const temp = `${path}.${process.pid}-${threadId}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    if (!madeDirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      madeDirs.add(dir);
    }
    writeFileSync(temp, Buffer.concat([Buffer.from(header, 'latin1'), payload]));
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

function readVerified(path: string): { payload: Buffer; metaEnd: number } | null {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch {
    return null;
  }
  const headerEnd = data.indexOf(0x0a);
  if (headerEnd === -1 || headerEnd > 200) return null;
  const [magic, length, digest] = data.toString('latin1', 0, headerEnd).split(' ');
  if (magic !== MAGIC || length === undefined || digest === undefined) return null;
  const payload = data.subarray(headerEnd + 1);
  if (payload.length !== Number(length)) return null;
  if (createHash('sha256').update(payload).digest('hex') !== digest) return null;
  const metaEnd = payload.indexOf(0x0a);
  return metaEnd === -1 ? null : { payload, metaEnd };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
