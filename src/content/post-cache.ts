import { randomUUID } from 'node:crypto';
import type { Stats } from 'node:fs';
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
 * base entry with its generation, and a delta entry.
 */
const VERSION = 4;
/** Up to this many posts added, changed or gone since the base entry are saved as a delta beside it. */
export const DELTA_MAX = 256;

interface BasePayload {
  /** Names this base; a delta applies to the base of its generation only. */
  generation: string;
  posts: Array<[string, CachedPost]>;
}

interface DeltaPayload {
  generation: string;
  /** Posts kept or made since the base, by absolute path. */
  set: Array<[string, CachedPost]>;
  /** Paths of the base no longer kept. */
  drop: string[];
}

/**
 * Parsed posts kept between builds in the `content` namespace of the cache store, for the whole
 * content folder: a warm build stats each post file instead of reading, decoding, parsing and
 * validating it. An entry is used only when the file's size, mtime, ctime and inode are all as
 * recorded; the entries are keyed by the content and project folders and by Hashmark's code, so an
 * upgrade re-reads everything.
 *
 * Two entries: the base (JSON `{ generation, posts: [[absolute path, CachedPost], ...] }`) and,
 * when few posts changed since it was written, a delta (`{ generation, set, drop }`), so an edit of
 * one post writes that post rather than serialising every post again. A damaged entry is ignored
 * (the store removes it): without its delta, a base still only holds posts whose files it checks.
 */
export class PostCache {
  private readonly next = new Map<string, CachedPost>();
  private changed = false;

  private constructor(
    private readonly store: { ns: Namespace; key: string } | undefined,
    private readonly base: { generation: string; posts: ReadonlyMap<string, CachedPost> } | undefined,
    private readonly known: Map<string, CachedPost>,
  ) {}

  static open(cacheDir: string | null, root: string, contentDir: string): PostCache {
    if (cacheDir === null) return new PostCache(undefined, undefined, new Map());
    const ns = openCache(cacheDir).namespace('content', VERSION);
    const key = digest(codeFingerprint(), root, contentDir);
    const base = readBase(ns, key);
    if (base === undefined) return new PostCache({ ns, key }, undefined, new Map());
    const known = new Map(base.posts);
    const delta = readDelta(ns, deltaKey(key), base.generation);
    if (delta) {
      for (const path of delta.drop) known.delete(path);
      for (const [path, entry] of delta.set) known.set(path, entry);
    }
    return new PostCache({ ns, key }, base, known);
  }

  get enabled(): boolean {
    return this.store !== undefined;
  }

  /** The kept post of `absPath` if the file is exactly as it was; it stays in the cache. */
  lookup(absPath: string, st: Stats): CachedPost | undefined {
    const entry = this.known.get(absPath);
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
    for (const [path, entry] of this.known) if (!this.next.has(path)) slugs.push(entry.post.slug);
    return slugs;
  }

  /** True when every kept post was looked up again and nothing new was remembered. */
  unchanged(): boolean {
    return this.store !== undefined && !this.changed && this.next.size === this.known.size;
  }

  /** Writes the posts seen in this build (entries of deleted or now-invalid files drop out). */
  save(): void {
    if (this.store === undefined || this.unchanged()) return;
    const { ns, key } = this.store;
    if (this.base !== undefined) {
      // An entry looked up in the base is the base's own object: anything else is new since.
      const posts = this.base.posts;
      const set = [...this.next].filter(([path, entry]) => posts.get(path) !== entry);
      const drop = [...posts.keys()].filter((path) => !this.next.has(path));
      if (set.length + drop.length <= DELTA_MAX) {
        const delta: DeltaPayload = { generation: this.base.generation, set, drop };
        if (ns.put(deltaKey(key), JSON.stringify(delta))) ns.prune([key, deltaKey(key)]);
        return;
      }
    }
    const base: BasePayload = { generation: randomUUID(), posts: [...this.next] };
    if (!ns.put(key, JSON.stringify(base))) return;
    // Other keys belong to older code or other folders, or are the old base's delta.
    ns.prune([key]);
  }
}

function deltaKey(key: string): string {
  return `${key}-delta`;
}

function sameFile(entry: CachedPost, st: Stats): boolean {
  return entry.size === st.size && entry.mtimeMs === st.mtimeMs && entry.ctimeMs === st.ctimeMs && entry.ino === st.ino;
}

function parsed(ns: Namespace, key: string): Record<string, unknown> | undefined {
  const payload = ns.get(key);
  if (payload === undefined) return undefined;
  try {
    const value = JSON.parse(payload.toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function readBase(ns: Namespace, key: string): { generation: string; posts: Map<string, CachedPost> } | undefined {
  const value = parsed(ns, key);
  if (value === undefined || typeof value.generation !== 'string' || !Array.isArray(value.posts)) return undefined;
  return { generation: value.generation, posts: new Map(value.posts as BasePayload['posts']) };
}

function readDelta(ns: Namespace, key: string, generation: string): DeltaPayload | undefined {
  const value = parsed(ns, key);
  if (value === undefined || value.generation !== generation || !Array.isArray(value.set) || !Array.isArray(value.drop)) return undefined;
  return value as unknown as DeltaPayload;
}
