import { hash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from '../atomic-file.js';
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
  post: Omit<Post, 'body' | 'assets'> & { bodyDigest: string; bodyLength: number };
  /** Offset of the body in the file's decoded text. */
  start: number;
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
const MAGIC = 'hmc1';

/**
 * Parsed posts kept between builds in `<cacheDir>/content/<key>.hmc`, one file for the whole
 * content folder: a warm build stats each post file instead of reading, decoding, parsing and
 * validating it. An entry is used only when the file's size, mtime, ctime and inode are all as
 * recorded; the file is keyed by the content and project folders and by Hashmark's code, so an
 * upgrade re-reads everything. Layout: `hmc1 <sha256 of payload>\n<payload JSON>`; a damaged file
 * is ignored as a whole.
 */
export class PostCache {
  private readonly next = new Map<string, CachedPost>();
  private changed = false;

  private constructor(
    private readonly file: string | undefined,
    private readonly known: Map<string, CachedPost>,
  ) {}

  static open(cacheDir: string | null, root: string, contentDir: string): PostCache {
    if (cacheDir === null) return new PostCache(undefined, new Map());
    const key = hash('sha256', JSON.stringify([codeFingerprint(), root, contentDir]), 'hex').slice(0, 24);
    const file = join(cacheDir, 'content', `${key}.hmc`);
    return new PostCache(file, read(file));
  }

  get enabled(): boolean {
    return this.file !== undefined;
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
    if (this.file === undefined) return;
    const now = Date.now();
    if (now - st.mtimeMs < SETTLED_MS) return;
    this.next.set(absPath, { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, ...entry });
    this.changed = true;
  }

  /** True when every kept post was looked up again and nothing new was remembered. */
  unchanged(): boolean {
    return this.file !== undefined && !this.changed && this.next.size === this.known.size;
  }

  /** Writes the posts seen in this build (entries of deleted or now-invalid files drop out). */
  save(): void {
    if (this.file === undefined || this.unchanged()) return;
    const payload = JSON.stringify([...this.next]);
    if (!writeFileAtomic(this.file, `${MAGIC} ${hash('sha256', payload, 'hex')}\n${payload}`)) return;
    // Other keys belong to older code or other folders; keeping them would only grow the cache.
    const dir = dirname(this.file);
    const own = basename(this.file);
    try {
      for (const name of readdirSync(dir)) if (name !== own && name.endsWith('.hmc')) rmSync(join(dir, name), { force: true });
    } catch {
      // Stale entries only take space.
    }
  }
}

function sameFile(entry: CachedPost, st: Stats): boolean {
  return entry.size === st.size && entry.mtimeMs === st.mtimeMs && entry.ctimeMs === st.ctimeMs && entry.ino === st.ino;
}

function read(file: string): Map<string, CachedPost> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return new Map();
  }
  const newline = text.indexOf('\n');
  if (newline === -1) return new Map();
  const [magic, digest] = text.slice(0, newline).split(' ');
  const payload = text.slice(newline + 1);
  if (magic !== MAGIC || digest !== hash('sha256', payload, 'hex')) return new Map();
  try {
    const pairs = JSON.parse(payload) as unknown;
    return Array.isArray(pairs) ? new Map(pairs as Array<[string, CachedPost]>) : new Map();
  } catch {
    return new Map();
  }
}
