import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { buildSearchIndex, recordUrl, searchDocument, searchFileReader, shardKeyer } from '../../../src/search/index.js';
import type { SearchIndexOptions } from '../../../src/search/index.js';
import type { Page, PostSummary, SitePlan } from '../../../src/site/types.js';
import { TextBody } from '../../../src/content/body-ref.js';
import { searchSummary } from './helpers.js';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDir = (): string => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hashmark-search-'));
  temps.push(dir);
  return dir;
};

function summary(slug: string, title: string, extra: Partial<PostSummary> = {}): PostSummary {
  return searchSummary(slug, { title, description: `About ${title}`, tags: [{ name: 'Kafka', slug: 'kafka' }], url: `/blog/posts/${slug}/`, ...extra });
}

function postPage(post: PostSummary): Page {
  return {
    url: post.url,
    file: `posts/${post.slug}/index.html`,
    template: 'post',
    title: post.title,
    description: post.description,
    data: { kind: 'post', post, toc: [], related: [] },
    origin: post.source,
  };
}

/**
 * A plan as planSite leaves it: the draft is in `excluded`, not in `pages`. Its body is still in
 * the sources and the body store, as in a real build, so leaking it would be visible.
 */
function fixture(cacheDir: string | null, bodies: Record<string, string> = {}): SearchIndexOptions & { plan: SitePlan } {
  const posts = [summary('quokkas', 'Counting quokkas'), summary('ledgers', 'Balanced ledgers')];
  const html: Record<string, string> = {
    quokkas: '<p>The <em>marmalade</em> heuristic applies here.</p><h2 id="x">More<a class="heading-anchor" href="#x">#</a></h2>',
    ledgers: '<p>Double entry keeps every account honest.</p>',
    secret: '<p>The zanzibarian plan is a draft.</p>',
    ...bodies,
  };
  const plan: SitePlan = {
    pages: [
      ...posts.map(postPage),
      { url: '/blog/archive/', file: 'archive/index.html', template: 'archive', title: 'Archive', description: '', data: { kind: 'archive', years: [] }, origin: 'the archive' },
    ],
    files: [],
    assets: [],
    excluded: { drafts: ['content/secret.md'], scheduled: [] },
  };
  return {
    plan,
    sources: Object.entries(html).map(([slug, body]) => ({ slug, title: slug, body: new TextBody(body) })),
    bodies: { html: (slug) => html[slug]! } as SearchIndexOptions['bodies'],
    basePath: '/blog/',
    language: 'en-GB',
    cacheDir,
  };
}

/** Pagefind fragments are gzipped JSON, one per indexed page: what a result shows. */
function fragments(files: Array<{ file: string; contents?: string | Uint8Array }>): Array<{ url: string; content: string; meta: Record<string, string> }> {
  return files
    .filter((f) => f.file.startsWith('pagefind/fragment/'))
    .map((f) => JSON.parse(gunzipSync(f.contents as Uint8Array).toString('utf8').replace(/^pagefind_dcd/, '')) as { url: string; content: string; meta: Record<string, string> })
    .sort((a, b) => (a.url < b.url ? -1 : 1));
}

describe('buildSearchIndex', () => {
  it('indexes every published post with title, date, tags, description and body text, and nothing else', async () => {
    const result = await buildSearchIndex(fixture(null));
    expect(result.diagnostics).toEqual([]);
    expect(result.value.documents).toBe(2);
    const docs = fragments(result.value.files);
    expect(docs.map((d) => d.url)).toEqual(['/posts/ledgers/', '/posts/quokkas/']);
    const quokkas = docs[1]!;
    expect(quokkas.meta.title).toBe('Counting quokkas');
    expect(quokkas.meta.date).toBe('2024-05-01');
    expect(quokkas.content).toContain('About Counting quokkas');
    expect(quokkas.content).toContain('Kafka');
    expect(quokkas.content).toContain('The marmalade heuristic applies here.');
    // Heading permalinks are navigation, not text.
    expect(quokkas.content).not.toContain('#');
    expect(docs.some((d) => d.content.includes('zanzibarian'))).toBe(false);
  }, 60_000);

  it('ships only the files the search page uses, under pagefind/', async () => {
    const { files } = (await buildSearchIndex(fixture(null))).value;
    const names = files.map((f) => f.file);
    expect(names).toContain('pagefind/pagefind.js');
    expect(names).toContain('pagefind/pagefind-entry.json');
    expect(names).toContain('pagefind/wasm.en.pagefind');
    expect(names.some((n) => n.startsWith('pagefind/index/'))).toBe(true);
    expect(names.some((n) => /ui|playground|highlight/.test(n))).toBe(false);
    expect(names).toEqual([...names].sort());
  }, 60_000);

  it('produces byte-identical files for the same posts', async () => {
    const a = (await buildSearchIndex(fixture(null))).value.files;
    const b = (await buildSearchIndex(fixture(null))).value.files;
    expect(b.map((f) => f.file)).toEqual(a.map((f) => f.file));
    b.forEach((f, i) => expect(Buffer.from(f.contents as Uint8Array).equals(Buffer.from(a[i]!.contents as Uint8Array)), f.file).toBe(true));
  }, 60_000);

  it('replays the index from the cache without reading any post HTML when no published post changed', async () => {
    const cacheDir = tempDir();
    const first = await buildSearchIndex(fixture(cacheDir));
    expect(first.value.fromCache).toBe(false);
    const options = fixture(cacheDir);
    options.bodies = { html: () => { throw new Error('read a body'); } } as unknown as SearchIndexOptions['bodies'];
    const second = await buildSearchIndex(options);
    expect(second.value.fromCache).toBe(true);
    expect(second.value.shardsBuilt).toBe(0);
    expect(second.value.files.map((f) => [f.file, Buffer.from(f.contents as Uint8Array).toString('base64')])).toEqual(
      first.value.files.map((f) => [f.file, Buffer.from(f.contents as Uint8Array).toString('base64')]),
    );
    // One entry for the single shard, one for pagefind.js and the WASM.
    expect(readdirSync(path.join(cacheDir, 'search.v2'))).toHaveLength(2);
  }, 60_000);

  it('rebuilds when a body changes, and drops the stale cache entry', async () => {
    const cacheDir = tempDir();
    await buildSearchIndex(fixture(cacheDir));
    const before = readdirSync(path.join(cacheDir, 'search.v2'));
    const changed = await buildSearchIndex(fixture(cacheDir, { ledgers: '<p>Triple entry now.</p>' }));
    expect(changed.value.fromCache).toBe(false);
    expect(fragments(changed.value.files)[0]!.content).toContain('Triple entry now.');
    const after = readdirSync(path.join(cacheDir, 'search.v2'));
    expect(after).toHaveLength(2);
    // The runtime entry stays; the old shard's entry is replaced by the new one.
    expect(after.filter((name) => before.includes(name))).toHaveLength(1);
  }, 60_000);

  it('rebuilds instead of serving a damaged cache entry', async () => {
    const cacheDir = tempDir();
    await buildSearchIndex(fixture(cacheDir));
    const [entry] = readdirSync(path.join(cacheDir, 'search.v2'));
    const file = path.join(cacheDir, 'search.v2', entry!);
    const bytes = readFileSync(file);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
    writeFileSync(file, bytes);
    const again = await buildSearchIndex(fixture(cacheDir));
    expect(again.value.fromCache).toBe(false);
    expect(again.value.documents).toBe(2);
  }, 60_000);

  it('lists a warm build\'s files from the entries\' headers alone, and checks contents only when they are read', async () => {
    const cacheDir = tempDir();
    await buildSearchIndex(fixture(cacheDir));
    const dir = path.join(cacheDir, 'search.v2');
    // Every entry's contents damaged at their last byte; the header sections stay intact.
    for (const name of readdirSync(dir)) {
      const bytes = readFileSync(path.join(dir, name));
      bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
      writeFileSync(path.join(dir, name), bytes);
    }
    const warm = await buildSearchIndex({ ...fixture(cacheDir), lazy: true });
    expect(warm.value.fromCache).toBe(true);
    const listed = warm.value.files.filter((f) => f.pack !== undefined);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((f) => f.contents === undefined)).toBe(true);
    // Reading one file checks its entry's contents: damaged, so none is served, and the entry is removed.
    expect(searchFileReader()(listed[0]!)).toBeUndefined();
    expect(readdirSync(dir).length).toBeLessThan(2);
  }, 60_000);
});

describe('shardKeyer', () => {
  const keyOf = (options: SearchIndexOptions): string | null => {
    const pages = options.plan.pages.filter((p) => p.data.kind === 'post') as Parameters<ReturnType<typeof shardKeyer>>[2];
    return shardKeyer(options)(1, 0, pages);
  };

  it('changes with a post body, title, tags or the base-relative URL, not with unrelated sources', () => {
    const base = keyOf(fixture(null));
    expect(keyOf(fixture(null))).toBe(base);
    expect(keyOf(fixture(null, { quokkas: 'edited' }))).not.toBe(base);
    const retitled = fixture(null);
    (retitled.plan.pages[0]!.data as { post: PostSummary }).post.title = 'Other';
    expect(keyOf(retitled)).not.toBe(base);
    const retagged = fixture(null);
    (retagged.plan.pages[1]!.data as { post: PostSummary }).post.tags = [];
    expect(keyOf(retagged)).not.toBe(base);
    const rebased = fixture(null);
    rebased.basePath = '/';
    expect(keyOf(rebased)).not.toBe(base);
    // The draft's body is in the sources but not in the index, so editing it changes nothing.
    expect(keyOf(fixture(null, { secret: 'edited draft' }))).toBe(base);
  });

  it('differs between shards and shard counts for the same posts', () => {
    const options = fixture(null);
    const pages = options.plan.pages.filter((p) => p.data.kind === 'post') as Parameters<ReturnType<typeof shardKeyer>>[2];
    const keyer = shardKeyer(options);
    const keys = new Set([keyer(1, 0, pages), keyer(2, 0, pages), keyer(2, 1, pages)]);
    expect(keys.size).toBe(3);
  });

  it('uses the body store\'s render keys instead of the sources when it has them', () => {
    const withKeys = (keys: Record<string, string>): SearchIndexOptions => {
      const options = fixture(null);
      options.sources = [];
      options.bodies = { html: () => '', key: (slug: string) => keys[slug]! };
      return options;
    };
    const base = keyOf(withKeys({ quokkas: 'k1', ledgers: 'k2' }));
    expect(base).not.toBeNull();
    expect(keyOf(withKeys({ quokkas: 'k1', ledgers: 'k2' }))).toBe(base);
    expect(keyOf(withKeys({ quokkas: 'k1', ledgers: 'k3' }))).not.toBe(base);
  });

  it('has no key when a published post has no source to hash', () => {
    const options = fixture(null);
    options.sources = options.sources.filter((s) => s.slug !== 'ledgers');
    expect(keyOf(options)).toBeNull();
  });
});

describe('search documents', () => {
  it('escapes fields and keeps the body HTML as the indexed text', () => {
    const html = searchDocument(summary('x', 'A <b> & "q"', { description: '<script>' }), '<p>body</p>', 'en');
    expect(html).toContain('<h1 data-pagefind-meta="title">A &#60;b&#62; &#38; &#34;q&#34;</h1>');
    expect(html).toContain('&#60;script&#62;');
    expect(html).toContain('<div><p>body</p></div>');
  });

  it('stores URLs relative to the base path, which the client adds back', () => {
    expect(recordUrl('/blog/posts/a/', '/blog/')).toBe('/posts/a/');
    expect(recordUrl('/posts/a/', '/')).toBe('/posts/a/');
  });
});
