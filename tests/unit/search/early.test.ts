import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PlainDate } from '../../../src/content/types.js';
import { entryKey, readEntryHtml, renderNamespace, writeEntry } from '../../../src/markdown/render-cache.js';
import type { Namespace } from '../../../src/cache/store.js';
import { assignShards, buildSearchIndex, shardKeyer, shardOf } from '../../../src/search/index.js';
import type { SearchIndex, SearchIndexOptions } from '../../../src/search/index.js';
import type { SearchPost } from '../../../src/search/types.js';
import { startEarlyIndexes, type EarlyJob } from '../../../src/search/early.js';
import { predictPostPages, type EarlyPost } from '../../../src/search/predict.js';
import { DEFAULT_PERMALINK } from '../../../src/url-path.js';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const PIPELINE = 'test-pipeline';
const SHARDS = 4;
const site = { permalink: DEFAULT_PERMALINK, url: 'https://early.example', basePath: '/' };
const rules = { drafts: false, future: false, today: '2026-01-01' as PlainDate };

function post(i: number, extra: Partial<EarlyPost> = {}): EarlyPost {
  return {
    slug: `post-${i}`,
    title: `Title ${i}`,
    description: `About post ${i}`,
    date: `2024-0${(i % 9) + 1}-1${i % 10}` as PlainDate,
    tags: [{ name: i % 2 ? 'Odd' : 'Even', slug: i % 2 ? 'odd' : 'even' }],
    draft: false,
    source: `content/post-${i}.md`,
    digest: `body-${i}`,
    ...extra,
  };
}

/** A render cache with a rendered body per post, as the Markdown stage leaves it. */
function renderCache(cacheDir: string): Namespace {
  return renderNamespace(cacheDir, PIPELINE);
}

function render(ns: Namespace, p: EarlyPost): void {
  const html = `<p>Body of ${p.slug}: ${p.digest} with uniqueword${p.digest.replace(/\W/g, '')}.</p>`;
  writeEntry(ns, entryKey(PIPELINE, p.title, p.digest), { meta: { toc: [], words: 5, readingMinutes: 1, excerpt: `Excerpt of ${p.slug}` }, diagnostics: [] }, html);
}

/** The search options a build gives after its plan (made here as the plan makes it), bodies read from the render cache. */
function options(ns: Namespace, posts: EarlyPost[], cacheDir: string | null): SearchIndexOptions {
  const pages = predictPostPages(posts, site).map((page) => {
    const description = page.early.description.trim() === '' ? `Excerpt of ${page.early.slug}` : page.early.description;
    return { ...page, data: { ...page.data, post: { ...page.data.post, description } } };
  });
  const keys = new Map(posts.map((p) => [p.slug, entryKey(PIPELINE, p.title, p.digest)]));
  return {
    plan: { pages },
    sources: [],
    bodies: { html: (slug) => readEntryHtml(ns.path(keys.get(slug)!)!)!, key: (slug) => keys.get(slug)! } as SearchIndexOptions['bodies'],
    basePath: '/',
    language: 'en',
    cacheDir,
    shardCount: SHARDS,
  };
}

function job(ns: Namespace, posts: EarlyPost[], changed: string[], cacheDir: string): EarlyJob {
  return { posts, changed, site, rules, language: 'en', cacheDir, renderRoot: ns.dir!, pipeline: PIPELINE, shardCount: SHARDS };
}

const bytes = (index: SearchIndex): Map<string, string> => new Map(index.files.map((f) => [f.file, Buffer.from(f.contents ?? '').toString('base64')]));

/** A site of twelve posts over four shards, built once so that every shard is in the search cache. */
async function builtSite(): Promise<{ cacheDir: string; ns: Namespace; posts: EarlyPost[] }> {
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'hashmark-search-early-'));
  temps.push(cacheDir);
  const ns = renderCache(cacheDir);
  const posts = Array.from({ length: 12 }, (_, i) => post(i));
  for (const p of posts) render(ns, p);
  const first = await buildSearchIndex(options(ns, posts, cacheDir));
  expect(first.value.shardsBuilt).toBeGreaterThan(2);
  return { cacheDir, ns, posts };
}

/** Resolves to 'pending' if the promise has not settled within a short while. */
async function stillPending(promise: Promise<unknown>): Promise<boolean> {
  return (await Promise.race([promise.then(() => 'settled'), new Promise((resolve) => setTimeout(() => resolve('pending'), 300))])) === 'pending';
}

describe('early search index', () => {
  it('starts an edited post\'s shard before its body is rendered, finishes it once it is, and matches a clean index', async () => {
    const { cacheDir, ns, posts } = await builtSite();
    const edited = posts.map((p) => (p.slug === 'post-5' ? { ...p, digest: 'body-5-edited' } : p));
    const early = startEarlyIndexes(job(ns, edited, ['post-5'], cacheDir));
    // Started from the content stage's posts alone: the edited body is not rendered yet.
    expect(early.started).toBe(1);
    render(ns, edited.find((p) => p.slug === 'post-5')!);
    early.rendered();
    const result = await buildSearchIndex({ ...options(ns, edited, cacheDir), early });
    expect(result.diagnostics).toEqual([]);
    expect(result.value.shardsBuilt).toBe(1);
    expect(result.value.shardsEarly).toBe(1);
    expect(bytes(result.value)).toEqual(bytes((await buildSearchIndex(options(ns, edited, null))).value));
  }, 60_000);

  it('holds the documents from the edited one on until the Markdown stage is done', async () => {
    const { cacheDir, ns, posts } = await builtSite();
    const edited = posts.map((p) => (p.slug === 'post-7' ? { ...p, digest: 'body-7-edited' } : p));
    const early = startEarlyIndexes(job(ns, edited, ['post-7'], cacheDir));
    expect(early.started).toBe(1);
    // The run under the key the plan will give the edited shard.
    const real = options(ns, edited, cacheDir);
    const n = shardOf('post-7', SHARDS);
    const shard = assignShards(real.plan.pages as Array<{ data: { kind: 'post'; post: SearchPost } }>, (p) => p.data.post.slug, SHARDS)[n]!;
    const run = early.take(shardKeyer(real)(SHARDS, n, shard)!)!;
    expect(run).toBeDefined();
    expect(await stillPending(run)).toBe(true);
    // Rendered, but the stage has not said it is done: the edited document waits for that word.
    render(ns, edited.find((p) => p.slug === 'post-7')!);
    expect(await stillPending(run)).toBe(true);
    early.rendered();
    const indexed = await run;
    expect(indexed.errors).toEqual([]);
    expect(indexed.files.some((f) => f.path === 'pagefind-entry.json')).toBe(true);
  }, 60_000);

  it('uses no early index the plan does not confirm, and still makes the clean index', async () => {
    const { cacheDir, ns, posts } = await builtSite();
    const edited = posts.map((p) => (p.slug === 'post-2' ? { ...p, digest: 'body-2-edited' } : p));
    render(ns, edited.find((p) => p.slug === 'post-2')!);
    const early = startEarlyIndexes(job(ns, edited, ['post-2'], cacheDir));
    expect(early.started).toBe(1);
    // The plan gives post-2 another URL than the content stage's guess (as a route claimed twice would).
    const real = options(ns, edited, cacheDir);
    for (const page of real.plan.pages) if (page.data.kind === 'post' && page.data.post.slug === 'post-2') page.data.post = { ...page.data.post, url: '/elsewhere/' };
    const result = await buildSearchIndex({ ...real, early });
    expect(result.value.shardsBuilt).toBe(1);
    expect(result.value.shardsEarly).toBe(0);
    expect(bytes(result.value)).toEqual(bytes((await buildSearchIndex({ ...real, cacheDir: null })).value));
  }, 60_000);

  it('keys a shard whose new post has no description once its excerpt is rendered', async () => {
    const { cacheDir, ns, posts } = await builtSite();
    const added = post(20, { description: '' });
    const all = [...posts, added];
    const early = startEarlyIndexes(job(ns, all, ['post-20'], cacheDir));
    // Its description is its excerpt, which only the Markdown stage makes: keyed and started then.
    expect(early.started).toBe(0);
    expect(early.active).toBe(true);
    render(ns, added);
    early.rendered();
    expect(early.started).toBe(1);
    const result = await buildSearchIndex({ ...options(ns, all, cacheDir), early });
    expect(result.value.shardsEarly).toBe(1);
    expect(bytes(result.value)).toEqual(bytes((await buildSearchIndex(options(ns, all, null))).value));
  }, 60_000);

  it('starts nothing for a post the plan leaves out, and leaves it out of the shard it starts', async () => {
    const { cacheDir, ns, posts } = await builtSite();
    const drafted = posts.map((p) => (p.slug === 'post-4' ? { ...p, draft: true } : p));
    const early = startEarlyIndexes(job(ns, drafted, ['post-4'], cacheDir));
    expect(early.started).toBe(1);
    const published = drafted.filter((p) => !p.draft);
    const result = await buildSearchIndex({ ...options(ns, published, cacheDir), early });
    expect(result.value.shardsEarly).toBe(1);
    expect(result.value.documents).toBe(11);
    expect(bytes(result.value)).toEqual(bytes((await buildSearchIndex(options(ns, published, null))).value));
  }, 60_000);

  it('starts nothing when the search cache has no runtime (a first build) or too many shards changed', async () => {
    const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'hashmark-search-early-'));
    temps.push(cacheDir);
    const ns = renderCache(cacheDir);
    const posts = Array.from({ length: 12 }, (_, i) => post(i));
    const first = startEarlyIndexes(job(ns, posts, ['post-1'], cacheDir));
    expect(first.started).toBe(0);
    expect(first.active).toBe(false);
    const built = await builtSite();
    const slugs = built.posts.map((p) => p.slug);
    // Every shard has a changed post: more than an edit.
    const many = startEarlyIndexes({ ...job(built.ns, built.posts, slugs, built.cacheDir), shardCount: 8 });
    expect(new Set(slugs.map((s) => shardOf(s, 8))).size).toBeGreaterThan(4);
    expect(many.started).toBe(0);
    expect(many.active).toBe(false);
  }, 60_000);
});
