import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Post } from '../../../src/content/types.js';
import { DamagedEntryError } from '../../../src/markdown/body-store.js';
import { hasPrewarmed, releasePrewarmed, startSpareWorker } from '../../../src/markdown/pool.js';
import { prewarmRenderer, renderPosts } from '../../../src/markdown/render-posts.js';
import type { RenderPostsOptions } from '../../../src/markdown/types.js';
import { fixture, OPTIONS, post } from './helpers.js';
import { TextBody } from '../../../src/content/body-ref.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function cacheDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hashmark-render-'));
  dirs.push(dir);
  return dir;
}

function corpus(count: number): Post[] {
  const bodies = [fixture('article'), fixture('safe-markup'), fixture('xss-vectors'), '```nosuchlang\nx\n```\n\n![](a.png)\n'];
  return Array.from({ length: count }, (_, i) =>
    post(`${bodies[i % bodies.length]!}\n\nPost number ${i}.\n`, {
      slug: `post-${i}`,
      title: i % 4 === 0 ? 'Sample Article' : `Post ${i}`,
      source: `content/post-${String(i).padStart(3, '0')}.md`,
      bodyLine: 5 + (i % 3),
    }),
  );
}

function options(extra: Partial<RenderPostsOptions> = {}): RenderPostsOptions {
  return { markdown: OPTIONS, jobs: 1, cacheDir: null, ...extra };
}

/** Everything a build sees: metadata, HTML per post, diagnostics. */
async function snapshot(posts: Post[], opts: RenderPostsOptions) {
  const { value, diagnostics } = await renderPosts(posts, opts);
  return {
    posts: value.posts,
    html: posts.map((p) => value.bodies.html(p.slug)),
    diagnostics,
    stats: value.stats,
    keys: posts.map((p) => value.bodies.key!(p.slug)),
  };
}

/** The render namespace folders (render.v<format>-<pipeline>) in a cache folder. */
function renderDirs(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.startsWith('render.'));
}

/** Every entry file of the one render namespace, the index left out. */
function entries(dir: string): string[] {
  const [root] = renderDirs(dir);
  return readdirSync(join(dir, root!), { recursive: true, encoding: 'utf8' })
    .filter((f) => /^[0-9a-f]{32}$/.test(basename(f)))
    .map((f) => join(dir, root!, f));
}

function entryFile(dir: string, key: string): string {
  return entries(dir).find((f) => basename(f) === key)!;
}

describe('renderPosts', () => {
  it('carries every field of a post into its metadata, except the body and what locates it', async () => {
    // Required<Post>: a field added to Post fails to compile here until the test gives it a value.
    const full: Required<Post> = {
      slug: 'full',
      title: 'Full',
      description: 'Every field',
      date: '2024-02-05' as Post['date'],
      dateTime: '2024-02-05T10:00:00Z',
      updated: '2024-03-01' as Post['date'],
      authors: ['Ada Lovelace'],
      tags: [{ name: 'Kafka', slug: 'kafka' }],
      featured: true,
      draft: true,
      body: new TextBody('# Full\n\nText.\n'),
      bodyLine: 12,
      source: 'content/full.md',
      assets: [{ relPath: 'a.png', absPath: '/site/content/full/a.png' }],
      page: { path: 'full', menu: 2, lastmod: '2024-03-01' as Post['date'] },
      section: 'blog',
      url: '/2024/full/',
      aliases: ['/old/full.html'],
      categories: ['jekyll', 'update'],
      image: { src: 'a.png', alt: 'A chart', line: 7 },
    };
    const [meta] = (await renderPosts([full], options())).value.posts;
    const { body: _body, ...kept } = full;
    expect(meta).toMatchObject(kept);
    expect(Object.keys(meta!).sort()).toEqual([...Object.keys(kept), 'excerpt', 'readingMinutes', 'toc', 'words'].sort());
  });

  it('keeps input order and leaves bodies out of the metadata', async () => {
    const posts = corpus(6);
    const { posts: metas } = await snapshot(posts, options());
    expect(metas.map((m) => m.slug)).toEqual(posts.map((p) => p.slug));
    expect(metas.every((m) => !('body' in m) && !('html' in m))).toBe(true);
  });

  it('sorts diagnostics by file and line', async () => {
    const { diagnostics } = await snapshot(corpus(8).reverse(), options());
    const keys = diagnostics.map((d) => `${d.file}:${String(d.line).padStart(5, '0')}`);
    expect(keys).toEqual([...keys].sort());
    expect(diagnostics.filter((d) => d.code === 'unknown-language')).toHaveLength(2);
  });

  it('serves a warm build from the cache with identical results, warnings included', async () => {
    const dir = cacheDir();
    const posts = corpus(8);
    const cold = await snapshot(posts, options({ cacheDir: dir }));
    const warm = await snapshot(posts, options({ cacheDir: dir }));
    expect(cold.stats).toEqual({ rendered: 8, cached: 0 });
    expect(warm.stats).toEqual({ rendered: 0, cached: 8 });
    expect(warm.posts).toEqual(cold.posts);
    expect(warm.html).toEqual(cold.html);
    expect(warm.diagnostics).toEqual(cold.diagnostics);
    expect(warm.diagnostics.some((d) => d.code === 'missing-alt')).toBe(true);
  });

  it('replays cached warnings at the new line when the body moves in its file', async () => {
    const dir = cacheDir();
    const one = [post('Text.\n\n![](a.png)\n', { bodyLine: 5 })];
    await renderPosts(one, options({ cacheDir: dir }));
    const moved = await renderPosts([{ ...one[0]!, bodyLine: 9, source: 'content/renamed.md' }], options({ cacheDir: dir }));
    expect(moved.value.stats.cached).toBe(1);
    expect(moved.diagnostics).toEqual([expect.objectContaining({ code: 'missing-alt', file: 'content/renamed.md', line: 11 })]);
  });

  it('never serves a corrupt or truncated entry: its HTML fails its checksum and the post renders again', async () => {
    const dir = cacheDir();
    const posts = corpus(2);
    const cold = await snapshot(posts, options({ cacheDir: dir }));
    const [first, second] = cold.keys.map((key) => entryFile(dir, key));
    writeFileSync(first!, readFileSync(first!, 'utf8').replace('Post number', 'Evil number'));
    writeFileSync(second!, readFileSync(second!).subarray(0, 100));
    // As a build reads the cache: the metadata comes from the index; each entry's HTML and table of
    // contents are checked when a page reads them.
    const warm = await renderPosts(posts, options({ cacheDir: dir, lazyToc: true }));
    // The first entry's edit hit its metadata, not its HTML: that HTML is whole and still served,
    // but its table of contents, read from the metadata, is not.
    expect(warm.value.bodies.html(posts[0]!.slug)).toBe(cold.html[0]);
    expect(() => warm.value.posts[0]!.toc).toThrow(DamagedEntryError);
    expect(() => warm.value.bodies.html(posts[1]!.slug)).toThrow(DamagedEntryError);
    expect(() => warm.value.posts[1]!.toc).toThrow(DamagedEntryError);
    await warm.value.bodies.repair!(posts.map((p) => p.slug));
    expect(posts.map((p) => warm.value.bodies.html(p.slug))).toEqual(cold.html);
    expect(warm.value.posts.map((p) => p.toc)).toEqual(cold.posts.map((p) => p.toc));
    expect(cold.posts[0]!.toc.length).toBeGreaterThan(0);
    const again = await snapshot(posts, options({ cacheDir: dir }));
    expect(again.stats).toEqual({ rendered: 0, cached: 2 });
    expect(again.html).toEqual(cold.html);
  });

  it('renders a damaged entry again at once when tables of contents are read with the hits (the default)', async () => {
    const dir = cacheDir();
    const posts = corpus(3);
    const cold = await snapshot(posts, options({ cacheDir: dir }));
    const first = entryFile(dir, cold.keys[0]!);
    writeFileSync(first, readFileSync(first, 'utf8').replace('Post number', 'Evil number'));
    const warm = await snapshot(posts, options({ cacheDir: dir }));
    expect(warm.stats).toEqual({ rendered: 1, cached: 2 });
    expect(warm.posts).toEqual(cold.posts);
    expect(warm.html).toEqual(cold.html);
  });

  it('reads a table of contents from its entry only when asked, as a plain property to every reader', async () => {
    const dir = cacheDir();
    const posts = corpus(3);
    const cold = await snapshot(posts, options({ cacheDir: dir }));
    const warm = await renderPosts(posts, options({ cacheDir: dir, lazyToc: true }));
    expect(warm.value.stats).toEqual({ rendered: 0, cached: 3 });
    const [meta] = warm.value.posts;
    expect(Object.getOwnPropertyDescriptor(meta, 'toc')?.get).toBeTypeOf('function');
    // Structured clone (page workers) and spread read it like any property, and it is then a value.
    expect(structuredClone(meta)).toEqual(cold.posts[0]);
    expect({ ...warm.value.posts[1]! }).toEqual(cold.posts[1]);
    expect(Object.getOwnPropertyDescriptor(meta, 'toc')?.value).toEqual(cold.posts[0]!.toc);
    // An assignment (dev writes facts it rendered itself) replaces what would have been read.
    warm.value.posts[2]!.toc = [];
    expect(warm.value.posts[2]!.toc).toEqual([]);
  });

  it('reads each entry when the metadata index is damaged, and renders the damaged ones again', async () => {
    const dir = cacheDir();
    const posts = corpus(3);
    const cold = await snapshot(posts, options({ cacheDir: dir }));
    const indexPath = join(dir, renderDirs(dir)[0]!, 'me', 'meta');
    writeFileSync(indexPath, readFileSync(indexPath, 'utf8').replace('"words":', '"words":1'));
    const [first] = entries(dir);
    writeFileSync(first!, readFileSync(first!).subarray(0, 100));
    const warm = await snapshot(posts, options({ cacheDir: dir }));
    expect(warm.stats).toEqual({ rendered: 1, cached: 2 });
    expect(warm.posts).toEqual(cold.posts);
    expect(warm.html).toEqual(cold.html);
  });

  it('misses the cache when the options change, and drops the old entries', async () => {
    const dir = cacheDir();
    const posts = corpus(3);
    await renderPosts(posts, options({ cacheDir: dir }));
    const changed = await renderPosts(posts, options({ cacheDir: dir, markdown: { ...OPTIONS, excerptLength: 50 } }));
    expect(changed.value.stats).toEqual({ rendered: 3, cached: 0 });
    expect(renderDirs(dir)).toHaveLength(1);
    expect(entries(dir)).toHaveLength(3);
  });

  it('misses the cache when the title changes (the title decides the first heading)', async () => {
    const dir = cacheDir();
    const posts = corpus(1);
    await renderPosts(posts, options({ cacheDir: dir }));
    const retitled = await snapshot([{ ...posts[0]!, title: 'Other' }], options({ cacheDir: dir }));
    expect(retitled.stats.rendered).toBe(1);
    expect(retitled.html[0]).toContain('Sample   ARTICLE');
  });

  it('reports progress for every post', async () => {
    const seen: number[] = [];
    await renderPosts(corpus(3), options({ onProgress: (done, total) => seen.push(done * 10 + total) }));
    expect(seen).toEqual([13, 23, 33]);
  });
});

describe('renderPosts with workers', () => {
  it('gives byte-identical results with two workers and with one thread', async () => {
    const posts = corpus(40);
    const single = await snapshot(posts, options({ jobs: 1 }));
    const parallel = await snapshot(posts, options({ jobs: 2 }));
    expect(JSON.stringify(parallel)).toBe(JSON.stringify(single));
  });

  it('gives byte-identical results from worker-written cache entries', async () => {
    const dir = cacheDir();
    const posts = corpus(12);
    const single = await snapshot(posts, options({ jobs: 1 }));
    await renderPosts(posts, options({ jobs: 2, cacheDir: dir }));
    const warm = await snapshot(posts, options({ jobs: 2, cacheDir: dir }));
    expect(warm.stats).toEqual({ rendered: 0, cached: 12 });
    expect(JSON.stringify({ ...warm, stats: null })).toBe(JSON.stringify({ ...single, stats: null }));
  });

  it("renders a small site's posts on the spare worker its first changed post adopted: byte-identical to one thread", async () => {
    const posts = corpus(10);
    const single = await snapshot(posts, options({ jobs: 1 }));
    startSpareWorker();
    prewarmRenderer(options({ jobs: 2 }));
    expect(hasPrewarmed({ options: OPTIONS, entryRoot: null })).toBe(true);
    const early = await snapshot(posts, options({ jobs: 2 }));
    expect(JSON.stringify(early)).toBe(JSON.stringify(single));
    expect(hasPrewarmed({ options: OPTIONS, entryRoot: null })).toBe(false);
  });

  it('renders few posts on a prewarmed worker, with its time limit, and in this thread without one', async () => {
    // Only a worker stops a post at the time limit: a timeout says where the posts rendered.
    const posts = corpus(3);
    const here = await renderPosts(posts, options({ jobs: 2, timeoutMs: 1 }));
    expect(here.diagnostics.filter((d) => d.code === 'markdown-timeout')).toEqual([]);
    startSpareWorker();
    prewarmRenderer(options({ jobs: 2 }));
    const pooled = await renderPosts(posts, options({ jobs: 2, timeoutMs: 1 }));
    releasePrewarmed();
    expect(pooled.diagnostics.some((d) => d.code === 'markdown-timeout')).toBe(true);
  });

  it('stops a post that overruns the time limit and renders the rest', async () => {
    const posts = [post('Quick one.', { slug: 'quick' }), post('word '.repeat(2_000_000), { slug: 'slow', source: 'content/slow.md' }), post('Another.', { slug: 'after' })];
    const { value, diagnostics } = await renderPosts(posts, options({ jobs: 2, timeoutMs: 300 }));
    expect(diagnostics).toEqual([expect.objectContaining({ severity: 'error', code: 'markdown-timeout', file: 'content/slow.md' })]);
    expect(value.bodies.html('quick')).toBe('<p>Quick one.</p>');
    expect(value.bodies.html('after')).toBe('<p>Another.</p>');
    expect(value.bodies.html('slow')).toBe('');
  });
});
