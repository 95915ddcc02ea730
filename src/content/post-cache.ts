import type { Stats } from 'node:fs';
import { deltaKey, readStoredMap, writeStoredMap, type StoredMap } from '../cache/base-delta.js';
import { digest } from '../cache/hash.js';
import { openCache, type Namespace } from '../cache/store.js';
import { codeFingerprint } from '../code-fingerprint.js';
import type { Diagnostic } from '../diagnostics.js';
import type { FieldPosition, Post } from './types.js';

/** A valid post as the content stage made it from one file, with the file's identity when it was read. */
export interface CachedPost {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  /** Everything but the body (read again only to render) and the bundle assets (listed afresh by the walk). */
  post: Omit<Post, 'body' | 'assets'>;
  /** Offset of the body in the file's decoded text. */
  start: number;
  /** sha256 (hex) of the body, and its length in UTF-16 code units: the body's BodyRef without a read. */
  digest: string;
  length: number;
  /** Where `#slug` was written, for duplicate-slug errors. */
  slugPosition?: FieldPosition;
  /** The file's warnings (files with errors are never kept). */
  diagnostics: Diagnostic[];
}

/**
 * A file modified this recently may still be written to within the same timestamp tick; it is read
 * again next time rather than trusted by its stat (the "racy" case of any stat-keyed cache).
 */
export const SETTLED_MS = 2000;
/**
 * Bump when the payload's layout changes. 3: aliases written without a leading `/` are kept so.
 * 4: the body's digest and length beside the post, so a kept post becomes a Post in one copy; a
 * base entry with its generation, and a delta entry. 5: both as cache/base-delta.ts stores them.
 */
const VERSION = 5;

/**
 * Parsed posts kept between builds in the `content` namespace of the cache store, for the whole
 * content folder: a warm build stats each post file instead of reading, decoding, parsing and
 * validating it. An entry is used only when the file's size, mtime, ctime and inode are all as
 * recorded; the entries are keyed by the content and project folders and by Hashmark's code, so an
 * upgrade re-reads everything.
 *
 * Two entries, by absolute path (cache/base-delta.ts): a base and, when few posts changed since it
 * was written, a delta, so an edit of one post writes that post rather than serialising every post
 * again. A damaged entry is ignored (the store removes it): without its delta, a base still only
 * holds posts whose files it checks.
 */
export class PostCache {
  private readonly next = new Map<string, CachedPost>();
  private changed = false;

  private constructor(
    private readonly store: { ns: Namespace; key: string } | undefined,
    /** The posts kept by the last build, as read (with the base a delta is written against). */
    private readonly read: StoredMap<CachedPost>,
  ) {}

  static open(cacheDir: string | null, root: string, contentDir: string): PostCache {
    if (cacheDir === null) return new PostCache(undefined, { entries: new Map() });
    const ns = openCache(cacheDir).namespace('content', VERSION);
    const key = digest(codeFingerprint(), root, contentDir);
    return new PostCache({ ns, key }, readStoredMap<CachedPost>(ns, key));
  }

  get enabled(): boolean {
    return this.store !== undefined;
  }

  /** The kept post of `absPath` if the file is exactly as it was; it stays in the cache. */
  lookup(absPath: string, st: Stats): CachedPost | undefined {
    const entry = this.read.entries.get(absPath);
    if (!entry || !sameFile(entry, st)) return undefined;
    this.next.set(absPath, entry);
    return entry;
  }

  /** Keeps a freshly made post, unless its file changed too recently to be told apart by stat. */
  remember(absPath: string, st: Stats, entry: Omit<CachedPost, 'size' | 'mtimeMs' | 'ctimeMs' | 'ino'>): void {
    if (this.store === undefined) return;
    const now = Date.now();
    if (now - st.mtimeMs < SETTLED_MS) return;
    this.next.set(absPath, { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, ...entry });
    this.changed = true;
  }

  /** Slugs of the kept posts not looked up again: files removed, edited or now left out. */
  unseen(): string[] {
    const slugs: string[] = [];
    for (const [path, entry] of this.read.entries) if (!this.next.has(path)) slugs.push(entry.post.slug);
    return slugs;
  }

  /** True when every kept post was looked up again and nothing new was remembered. */
  unchanged(): boolean {
    return this.store !== undefined && !this.changed && this.next.size === this.read.entries.size;
  }

  /** Writes the posts seen in this build (entries of deleted or now-invalid files drop out). */
  save(): void {
    if (this.store === undefined || this.unchanged()) return;
    const { ns, key } = this.store;
    // An entry looked up in the base is the base's own object: anything else is new since.
    const written = writeStoredMap(ns, key, this.next, this.read);
    // Other keys belong to older code or other folders, or are an old base's delta.
    if (written !== false) ns.prune(written === 'delta' ? [key, deltaKey(key)] : [key]);
  }
}

function sameFile(entry: CachedPost, st: Stats): boolean {
  return entry.size === st.size && entry.mtimeMs === st.mtimeMs && entry.ctimeMs === st.ctimeMs && entry.ino === st.ino;
}
