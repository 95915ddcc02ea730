import { createHash } from 'node:crypto';
import { statSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { Diagnostic, Result } from '../diagnostics.js';
import { foldIgnored } from './front-matter-fields.js';
import { displayPath } from './read.js';
import { readPost } from './read-post.js';
import { SlugClaims } from './slugs.js';
import { FileBody, locateBody, type BodyLocation } from './body-ref.js';
import { PostCache, SETTLED_MS } from './post-cache.js';
import type { FieldPosition, Post, Tag } from './types.js';
import { ContentWalker } from './walk.js';

/** A post file left out for its errors: its source path, and the slug and own URL it would have had. */
export interface LeftOutFile {
  source: string;
  slug?: string;
  url?: string;
}

export interface LoadPostsOptions {
  /** Project root; diagnostics name files relative to it. */
  root: string;
  /** The content folder, absolute or relative to root. */
  contentDir: string;
  /**
   * Bodies stay on disk (a FileBody): `post.body.read()` reads the file. For builds, whose
   * memory must not grow with the posts' text; the dev server keeps bodies to compare edits.
   */
  lazyBodies?: boolean;
  /** With bodies on disk: characters of bodies just read that are kept anyway (default about 64 MB). */
  bodyBudget?: number;
  /** Build cache folder: parsed posts are kept there (see PostCache), which implies bodies on disk. */
  cacheDir?: string | null;
  /** Takes work that may run later, off the critical path (saving the post cache); default: now. */
  defer?: (task: () => void) => void;
  /** One `ignored-field` warning per key (see foldIgnored); default true. Dev folds its own, across rereads. */
  foldIgnored?: boolean;
  /** With a cache: called with the identity of the content folder as this build saw it. */
  onFingerprint?: (content: ContentIdentity) => void;
  /** Called once, before the first post file that is not kept in the cache (every file without one) is read. */
  onChange?: () => void;
}

/** The posts of a content folder, and the slugs of the post files left out for their errors. */
export interface LoadedPosts extends Result<Post[]> {
  /**
   * The slug each post file with errors would have had (see intendedSlug): a build reports links to
   * it as present, since the fix that brings the post back makes them work.
   */
  leftOut: string[];
  /** The own URLs (`url`, `permalink`, `path`) of the post files left out for their errors, where usable. */
  leftOutUrls: string[];
  /** Those files by source path, with the slug and own URL each would have had (for links to their sources). */
  leftOutFiles: LeftOutFile[];
  /** Slugs of the posts read and parsed afresh, not kept from the post cache: new or changed since it was saved. */
  reread: string[];
  /** Slugs of the posts the post cache held whose files were not found as they were: removed, edited or now left out. */
  gone: string[];
}

/** Characters of Markdown a build keeps in memory after reading them (about 64 MB). */
const BODY_BUDGET = 32 * 1024 * 1024;

export interface ContentIdentity {
  /** Hash of every post file's and bundle asset's path, size, times and inode; undefined if one vanished. */
  fingerprint: string | undefined;
  /** Every post came from the cache and none was removed: no post changed since the last build. */
  unchanged: boolean;
  /** No file was modified in the last moments, so a later edit is sure to change its identity. */
  settled: boolean;
}

/**
 * The post with its body on disk. Its other fields are slices of the file's text, and V8 keeps a
 * slice's whole parent string alive: fresh copies let the text go, or 100,000 posts would keep all
 * their files in memory.
 */
function onDisk(post: Post, at: BodyLocation, keep: boolean): Post {
  const { body, assets, ...fields } = post;
  const own = JSON.parse(JSON.stringify(fields)) as typeof fields;
  return { ...own, body: new FileBody(at, post.source, keep ? body.read() : undefined), assets };
}

function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}

/**
 * Reads, parses and validates every post under contentDir, reporting every problem of every file.
 * Posts come back newest first, then by slug; a file with any error is left out.
 */
export function loadPosts(options: LoadPostsOptions): LoadedPosts {
  const root = path.resolve(options.root);
  const contentDir = path.resolve(root, options.contentDir);
  const display = (abs: string): string => displayPath(abs, root);
  const diagnostics: Diagnostic[] = [];

  let isDir: boolean;
  try {
    isDir = statSync(contentDir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) {
    diagnostics.push({
      severity: 'error',
      code: 'content-missing',
      message: 'The content folder does not exist or is not a folder.',
      file: display(contentDir),
      hint: 'Create it and put post files (`*.md`, `*.txt`) in it, or pass the right folder with `--content DIR`.',
    });
    return { value: [], diagnostics, leftOut: [], leftOutUrls: [], leftOutFiles: [], reread: [], gone: [] };
  }

  const walker = new ContentWalker(contentDir, display);
  const entries = walker.posts();
  const valid: Post[] = [];
  const leftOut = new Set<string>();
  const leftOutUrls = new Set<string>();
  const leftOutFiles: LeftOutFile[] = [];
  const leaveOut = (source: string, slug: string | undefined, url: string | undefined): void => {
    if (slug !== undefined) leftOut.add(slug);
    if (url !== undefined) leftOutUrls.add(url);
    leftOutFiles.push({ source, ...(slug !== undefined ? { slug } : {}), ...(url !== undefined ? { url } : {}) });
  };
  const slugs = new SlugClaims();
  const cache = PostCache.open(options.cacheDir ?? null, root, contentDir);
  const lazy = options.lazyBodies === true || cache.enabled;
  let changed = false;
  const fresh = new Set<Post>();
  let bodyBudget = options.bodyBudget ?? BODY_BUDGET;
  const seen = new Map<string, Stats>();
  for (const entry of entries) {
    const st = cache.enabled ? statOrUndefined(entry.absPath) : undefined;
    if (st) seen.set(entry.absPath, st);
    const hit = st && cache.lookup(entry.absPath, st);
    let post: Post | undefined;
    let slugPosition: FieldPosition | undefined;
    let clean = true;
    if (hit) {
      // Parsed from the cache's JSON: its strings are already the post's own. A copy all the same:
      // the entry is saved again as it is, and a later stage may change a post (its slug, its tags).
      const at = { absPath: entry.absPath, start: hit.start, digest: hit.digest, length: hit.length };
      post = { ...hit.post, body: new FileBody(at, hit.post.source), assets: entry.bundle?.assets ?? [] };
      slugPosition = hit.slugPosition;
      diagnostics.push(...hit.diagnostics);
    } else {
      if (!changed) options.onChange?.();
      changed = true;
      const read = readPost(entry.absPath, root, contentDir, entry.bundle);
      diagnostics.push(...read.diagnostics);
      post = read.post;
      if (!post) {
        leaveOut(display(entry.absPath), read.leftOutSlug, read.leftOutUrl);
        continue;
      }
      fresh.add(post);
      slugPosition = read.slugPosition;
      clean = read.clean;
      const at = lazy && read.text !== undefined ? locateBody(post.body.read(), entry.absPath, read.text) : undefined;
      if (at) {
        // A body just read is kept, so its file is read once, while the bodies kept stay within
        // the budget (see releaseKeptBodies); past it (a very large site) bodies are read again
        // when rendered instead.
        const keep = at.length <= bodyBudget;
        if (keep) bodyBudget -= at.length;
        fresh.delete(post);
        post = onDisk(post, at, keep);
        fresh.add(post);
        if (st && clean) {
          const { body: _body, assets: _assets, ...kept } = post;
          const warnings = read.diagnostics;
          cache.remember(entry.absPath, st, { post: kept, start: at.start, digest: at.digest, length: at.length, ...(slugPosition ? { slugPosition } : {}), diagnostics: warnings });
        }
      }
    }
    const duplicate = slugs.claim(post, slugPosition);
    if (duplicate) {
      diagnostics.push(duplicate);
      continue;
    }
    if (clean) valid.push(post);
    else if (post.page) leaveOut(post.source, undefined, `/${post.page.path}/`.replace(/\/{2,}/g, '/'));
    else leaveOut(post.source, post.slug, post.url);
  }
  if (options.defer) options.defer(() => cache.save());
  else cache.save();
  if (options.onFingerprint && cache.enabled) {
    const identity = identityOf(entries, seen);
    options.onFingerprint({
      fingerprint: identity?.fingerprint,
      unchanged: !changed && cache.unchanged() && walker.diagnostics.length === 0,
      settled: identity?.settled ?? false,
    });
  }
  diagnostics.push(...walker.diagnostics);
  foldTags(valid);
  valid.sort((a, b) => (a.date !== b.date ? (a.date < b.date ? 1 : -1) : a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  diagnostics.sort(compareDiagnostics);
  return { value: valid, diagnostics: options.foldIgnored === false ? diagnostics : foldIgnored(diagnostics), leftOut: [...leftOut].sort(), leftOutUrls: [...leftOutUrls].sort(), leftOutFiles, reread: fresh.size === 0 ? [] : valid.filter((p) => fresh.has(p)).map((p) => p.slug), gone: cache.unseen() };
}

/**
 * One display form per tag slug: the form in the post whose source path sorts first, so the choice does
 * not depend on walk order or dates.
 */
export function foldTags(posts: Post[]): void {
  // Per slug, the form in the post whose source sorts first: one pass, no sort. A later form of the
  // same slug in that post has the same source, so the post's first form stays.
  const first = new Map<string, { source: string; name: string }>();
  for (const post of posts) {
    for (const tag of post.tags) {
      const known = first.get(tag.slug);
      if (known === undefined) first.set(tag.slug, { source: post.source, name: tag.name });
      else if (post.source < known.source) {
        known.source = post.source;
        known.name = tag.name;
      }
    }
  }
  // One frozen Tag per slug, shared by every post that has it: 100,000 posts would otherwise hold
  // hundreds of thousands of copies of a few hundred tags, all through the build.
  const shared = new Map<string, Tag>();
  for (const [slug, { name }] of first) shared.set(slug, Object.freeze({ name, slug }));
  for (const post of posts) post.tags = post.tags.map((tag) => shared.get(tag.slug)!);
}

function statOrUndefined(absPath: string): Stats | undefined {
  try {
    return statSync(absPath);
  } catch {
    return undefined;
  }
}

/** Identity of every post file and bundle asset, in walk order; undefined when one cannot be stat'ed. */
function identityOf(
  entries: ReadonlyArray<{ absPath: string; bundle?: { assets: ReadonlyArray<{ absPath: string }> } }>,
  seen: ReadonlyMap<string, Stats>,
): { fingerprint: string; settled: boolean } | undefined {
  const files: string[] = [];
  const stats: Stats[] = [];
  const now = Date.now();
  let settled = true;
  for (const entry of entries) {
    for (const file of [entry.absPath, ...(entry.bundle?.assets ?? []).map((a) => a.absPath)]) {
      const st = seen.get(file) ?? statOrUndefined(file);
      if (!st) return undefined;
      if (now - st.mtimeMs < SETTLED_MS) settled = false;
      files.push(file);
      stats.push(st);
    }
  }
  // The paths as text, each file's size, times and inode as the doubles they are: the same facts
  // as a line of text per file, without formatting 16,000 numbers at 4000 posts.
  const numbers = new Float64Array(stats.length * 4);
  stats.forEach((st, i) => numbers.set([st.size, st.mtimeMs, st.ctimeMs, st.ino], i * 4));
  return { fingerprint: createHash('sha256').update(files.join('\0')).update(numbers).digest('hex'), settled };
}
