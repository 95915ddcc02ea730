import { availableParallelism } from 'node:os';
import type { Post } from '../content/types.js';
import { canonicalDiagnostic, type Diagnostic, type Result } from '../diagnostics.js';
import { DamagedEntryError, RenderedBodies } from './body-store.js';
import { emptyBody } from './empty-body.js';
import { resolveMarkdownOptions } from './options.js';
import { hasPrewarmed, importRenderer, prewarmWorker, releasePrewarmed, runPool } from './pool.js';
import { readMetaIndex, writeMetaIndex } from './meta-index.js';
import { entryKey, indexed, pipelineKey, readEntry, readEntryToc, renderNamespace } from './render-cache.js';
import type { Namespace } from '../cache/store.js';
import type { CacheEntry, IndexedEntry } from './render-cache.js';
import { defineLazyToc } from './lazy-toc.js';
import { fromStored, renderJob, toStored } from './render-job.js';
import type { RenderJob, RenderOutcome } from './render-job.js';
import type { MarkdownOptions, PostMeta, RenderedSet, RenderPostsOptions, TocEntry } from './types.js';

const BASE_TIMEOUT_MS = 10_000;
/**
 * At most this many posts to render, each at most IN_THREAD_BODY_MAX characters, render in this
 * thread when no worker was prewarmed: starting a worker costs more CPU than rendering them. With a
 * prewarmed worker they render on it alone, while this thread reads the templates: a second worker
 * would still be starting when it is done, and this thread would pay the renderer's load and its
 * first-use compiling again. Larger bodies keep the workers' time limit.
 */
const IN_THREAD_MAX = 24;
const IN_THREAD_BODY_MAX = 32_000;
const TIMEOUT_MS_PER_MB = 15_000;

/**
 * Starts one render worker for a coming renderPosts with these options (see prewarmWorker), e.g.
 * as soon as the content stage meets a changed file.
 */
export function prewarmRenderer(options: Pick<RenderPostsOptions, 'markdown' | 'cacheDir' | 'jobs'>): void {
  if (Math.floor(options.jobs) <= 1) return;
  const markdown = resolveMarkdownOptions(options.markdown);
  prewarmWorker({ options: markdown, entryRoot: renderNamespace(options.cacheDir, pipelineKey(markdown)).dir });
}

/**
 * Renders every post's body: cache hits are replayed (warnings included) without Markdown work,
 * the rest render on `jobs` worker threads (or in this thread for `jobs <= 1`). The output is the
 * same whichever path a post took.
 */
export async function renderPosts(posts: Post[], options: RenderPostsOptions): Promise<Result<RenderedSet>> {
  const markdown = resolveMarkdownOptions(options.markdown);
  const pipeline = pipelineKey(markdown);
  const ns = renderNamespace(options.cacheDir, pipeline);
  const root = ns.dir;

  const bySlug = new Map<string, number>();
  const keys: string[] = new Array(posts.length);
  // Tables of contents of posts rendered again after their entry was found damaged (see lazyToc).
  const repairedTocs = new Map<string, TocEntry[]>();
  const bodies = new RenderedBodies(repairer(posts, bySlug, keys, markdown, ns, repairedTocs));
  const metas: Array<PostMeta | undefined> = new Array(posts.length);
  const perPost: Diagnostic[][] = new Array(posts.length);
  const misses: RenderJob[] = [];
  const total = posts.length;
  let done = 0;
  let cached = 0;
  const index = readMetaIndex(ns);
  const known = index.entries;
  let pluginFailure: Diagnostic | undefined;
  /** This build's entries: the next index, so it never holds posts that are gone. */
  const used = new Map<string, IndexedEntry>();
  const lazyToc = options.lazyToc === true;

  // Misses are found first and go to the workers at once; this thread replays the hits meanwhile.
  // A hit's table of contents: its entry's, the entry read now, or read when a page asks (`null`).
  const hits: Array<[number, IndexedEntry, TocEntry[] | null]> = [];
  for (let index = 0; index < posts.length; index++) {
    const post = posts[index]!;
    const key = entryKey(pipeline, post.title, post.body.digest);
    keys[index] = key;
    bySlug.set(post.slug, index);
    bodies.setKey(post.slug, key);
    const listed = root === null ? undefined : known.get(key);
    const toc = listed === undefined || lazyToc ? null : readEntryToc(ns.path(key)!);
    const entry = listed !== undefined && (lazyToc || toc !== null) ? listed : root === null ? null : readEntry(ns, key);
    if (entry) {
      const stored = indexed(entry);
      used.set(key, stored);
      hits.push([index, stored, stored === entry ? toc : (entry as CacheEntry).meta.toc]);
    } else {
      misses.push(jobFor(post, index, key));
    }
  }

  const accept = (outcome: RenderOutcome): void => {
    const post = posts[outcome.index]!;
    if (outcome.html === null && root !== null) {
      used.set(keys[outcome.index]!, indexed({ meta: outcome.meta, diagnostics: outcome.diagnostics.map((d) => toStored(d, post.bodyLine)) }));
    }
    metas[outcome.index] = metaOf(post, outcome.meta, outcome.meta.toc);
    perPost[outcome.index] = outcome.diagnostics;
    if (outcome.html === null && root !== null) bodies.point(post.slug, ns.path(keys[outcome.index]!)!);
    else bodies.keep(post.slug, outcome.html ?? '');
    options.onProgress?.(++done, total);
  };

  // A user plugin that cannot be loaded or set up would fail every post, in every worker: it is
  // tried once here instead, and reported once, naming it.
  if (misses.length > 0 && markdown.remarkPlugins.length + markdown.rehypePlugins.length > 0) {
    const { loadMarkdownRenderer } = await importRenderer();
    const { setupError } = await loadMarkdownRenderer(markdown);
    if (setupError) {
      for (const job of misses) accept({ index: job.index, meta: emptyMeta(), diagnostics: [], html: '' });
      misses.length = 0;
      pluginFailure = { ...setupError, file: 'site.config.ts' };
    }
  }

  const few = misses.length <= IN_THREAD_MAX && misses.every((job) => (job.bodyLength ?? job.body.length) <= IN_THREAD_BODY_MAX);
  const warm = hasPrewarmed({ options: markdown, entryRoot: root });
  const inThread = few && !warm;
  const jobs = inThread ? 1 : Math.floor(options.jobs);
  const limit = options.timeoutMs;
  const pooled =
    jobs > 1 && misses.length > 0
      ? runPool(
          misses,
          {
            size: few ? 1 : Math.min(jobs, availableParallelism() * 2),
            options: markdown,
            entryRoot: root,
            timeoutFor: (job) => limit ?? BASE_TIMEOUT_MS + ((job.bodyLength ?? job.body.length) / 1_000_000) * TIMEOUT_MS_PER_MB,
            ...(options.signal ? { signal: options.signal } : {}),
            ...(options.lowPriority ? { lowPriority: true } : {}),
          },
          accept,
        )
      : undefined;

  for (const [index, entry, toc] of hits) {
    const post = posts[index]!;
    const path = ns.path(keys[index]!)!;
    metas[index] = metaOf(post, entry.meta, toc ?? lazyTocOf(post.slug, path, repairedTocs));
    perPost[index] = entry.diagnostics.map((d) => fromStored(d, post.source, post.bodyLine));
    bodies.point(post.slug, path);
    cached++;
    options.onProgress?.(++done, total);
  }

  if (pooled) {
    await pooled;
    options.signal?.throwIfAborted();
  } else if (misses.length > 0) {
    // Loaded only here: the unified stack takes a noticeable part of a second to import, which a
    // warm build (all cache hits) or a worker-rendered build never pays in this thread.
    const { loadMarkdownRenderer } = await importRenderer();
    const renderer = await loadMarkdownRenderer(markdown);
    for (const job of misses) accept(renderJob(renderer, job, root));
  }

  releasePrewarmed();
  if (root !== null && (used.size !== known.size || [...used.keys()].some((key) => !known.has(key)))) {
    writeMetaIndex(ns, used, index);
  }
  const rendered = misses.length;
  // The pool's ended workers may hold this scope a while longer through `accept`: not all of this.
  misses.length = 0;
  hits.length = 0;
  used.clear();
  known.clear();

  return {
    value: {
      posts: metas as PostMeta[],
      bodies,
      stats: { rendered, cached },
    },
    diagnostics: [...perPost.flat(), ...(pluginFailure ? [pluginFailure] : [])].map(canonicalDiagnostic).sort(compareDiagnostics),
  };
}

/**
 * Renders posts again, by slug, into the store: a cache hit's HTML is verified only when read, and
 * a damaged one is rendered again on demand. Made out here, it holds what it needs and nothing of
 * renderPosts: a closure there would keep that whole scope (every job, the cache index) alive for
 * as long as the store, which is the rest of the build.
 */
function repairer(
  posts: readonly Post[],
  bySlug: ReadonlyMap<string, number>,
  keys: readonly string[],
  markdown: MarkdownOptions,
  ns: Namespace,
  tocs: Map<string, TocEntry[]>,
): (slugs: string[], store: RenderedBodies) => Promise<void> {
  const root = ns.dir;
  return async (slugs, store) => {
    const { loadMarkdownRenderer } = await importRenderer();
    const renderer = await loadMarkdownRenderer(markdown);
    for (const slug of slugs) {
      const index = bySlug.get(slug);
      if (index === undefined) continue;
      const job = jobFor(posts[index]!, index, keys[index]!);
      const outcome = renderJob(renderer, job, root);
      tocs.set(slug, outcome.meta.toc);
      if (outcome.html === null && root !== null) store.point(slug, ns.path(job.key)!);
      else store.keep(slug, outcome.html ?? '');
    }
  };
}

/**
 * A job whose body is read (`post.body.read()`) when the job is sent to a worker, by structured
 * cloning, which reads the `body` getter; not when it is queued: 100,000 queued jobs hold no Markdown.
 */
function jobFor(post: Post, index: number, key: string): RenderJob {
  const job = { index, key, title: post.title, bodyLine: post.bodyLine, source: post.source, bodyLength: post.body.length } as RenderJob;
  Object.defineProperty(job, 'body', { enumerable: true, get: () => post.body.read() });
  return job;
}

/** Reads the table of contents from the entry at `path` (see lazyToc); a damaged entry throws DamagedEntryError, which a page maker repairs. */
function lazyTocOf(slug: string, path: string, repaired: ReadonlyMap<string, TocEntry[]>): () => TocEntry[] {
  return () => {
    const toc = repaired.get(slug) ?? readEntryToc(path);
    if (toc === null) throw new DamagedEntryError(slug, path);
    return toc;
  };
}

function emptyMeta(): Omit<PostMeta, keyof Post> {
  const { html: _html, ...meta } = emptyBody();
  return meta;
}

/** `toc` is the table of contents, or what reads it when first asked for (see lazy-toc.ts). */
function metaOf(post: Post, meta: Omit<PostMeta, keyof Post | 'toc'>, toc: TocEntry[] | (() => TocEntry[])): PostMeta {
  // Field by field, leaving the body out, and as one literal:
  // copies made by rest and spread each got a hidden class of their own, about 360 bytes per post.
  // A field added to Post must be added here (the optional ones are not caught by the compiler).
  // `toc` is added in its place after the literal: a lazy one then keeps the object fast (lazy-toc.ts).
  const out = {
    slug: post.slug,
    title: post.title,
    description: post.description,
    date: post.date,
    tags: post.tags,
    featured: post.featured,
    draft: post.draft,
    bodyLine: post.bodyLine,
    source: post.source,
    assets: post.assets,
  } as PostMeta;
  if (typeof toc === 'function') defineLazyToc(out, toc);
  else out.toc = toc;
  out.words = meta.words;
  out.readingMinutes = meta.readingMinutes;
  out.excerpt = meta.excerpt;
  if (post.dateTime !== undefined) out.dateTime = post.dateTime;
  if (post.updated !== undefined) out.updated = post.updated;
  if (post.section !== undefined) out.section = post.section;
  if (post.url !== undefined) out.url = post.url;
  if (post.aliases !== undefined) out.aliases = post.aliases;
  if (post.categories !== undefined) out.categories = post.categories;
  if (post.authors !== undefined) out.authors = post.authors;
  if (meta.uses !== undefined) out.uses = meta.uses;
  if (post.page !== undefined) out.page = post.page;
  if (meta.sourceLinks !== undefined) out.sourceLinks = meta.sourceLinks;
  if (post.image !== undefined) out.image = post.image;
  if (meta.images !== undefined) out.images = meta.images;
  return out;
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    compare(a.file, b.file) ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    compare(a.code, b.code) ||
    compare(a.message, b.message)
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
