import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { assignShards, buildSearchIndex, searchFileReader, shardCountFor, shardOf } from '../../../src/search/index.js';
import type { SearchIndex, SearchIndexOptions } from '../../../src/search/index.js';
import type { Page } from '../../../src/site/types.js';
import { searchOptions, searchPostPage } from './helpers.js';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDir = (): string => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hashmark-search-shards-'));
  temps.push(dir);
  return dir;
};

const SLUGS = Array.from({ length: 12 }, (_, i) => `post-${i}`);
const SHARDS = 4;

const postPage = (slug: string): Page => searchPostPage(slug);

/** Twelve posts, each with a word of its own (`uniqueword<i>`), split into four shards. */
function fixture(cacheDir: string | null, edits: Record<string, string> = {}): SearchIndexOptions {
  const html = Object.fromEntries(SLUGS.map((slug, i) => [slug, edits[slug] ?? `<p>Body of ${slug} with uniqueword${i} inside.</p>`]));
  return searchOptions(SLUGS, html, postPage, { cacheDir, shardCount: SHARDS });
}

const bytes = (index: SearchIndex): Map<string, string> =>
  new Map(index.files.map((f) => [f.file, Buffer.from(f.contents ?? '').toString('base64')]));

/** The shards holding posts, by the rule the build uses, recomputed here from sha1 directly. */
function expectedShards(): number[][] {
  const shards: number[][] = Array.from({ length: SHARDS }, () => []);
  SLUGS.forEach((slug, i) => shards[createHash('sha1').update(slug).digest().readUInt32BE(0) % SHARDS]!.push(i));
  return shards;
}

/** URLs of the pages in the index under `dir` (`pagefind/` or `pagefind/<n>/`), from its fragments. */
function urlsIn(index: SearchIndex, dir: string): string[] {
  return index.files
    .filter((f) => f.file.startsWith(`${dir}fragment/`))
    .map((f) => (JSON.parse(gunzipSync(f.contents as Uint8Array).toString('utf8').replace(/^pagefind_dcd/, '')) as { url: string }).url)
    .sort();
}

describe('shard count and assignment', () => {
  it('keeps one shard below 256 posts and aims at about 128 posts per shard above, at most 64', () => {
    expect(shardCountFor(0)).toBe(1);
    expect(shardCountFor(127)).toBe(1);
    expect(shardCountFor(128)).toBe(2);
    expect(shardCountFor(1000)).toBe(16);
    expect(shardCountFor(4000)).toBe(64);
    expect(shardCountFor(16000)).toBe(64);
    expect(shardCountFor(100_000)).toBe(64);
  });

  it('assigns a post by the first four bytes of the sha1 of its slug, the same on every call', () => {
    const expected = expectedShards();
    SLUGS.forEach((slug, i) => expect(expected[shardOf(slug, SHARDS)]).toContain(i));
    expect(SLUGS.map((s) => shardOf(s, SHARDS))).toEqual(SLUGS.map((s) => shardOf(s, SHARDS)));
    expect(shardOf('anything', 1)).toBe(0);
    const grouped = assignShards(SLUGS, (s) => s, SHARDS);
    expect(grouped.map((g) => g.map((s) => SLUGS.indexOf(s)))).toEqual(expected);
  });
});

describe('sharded search index', () => {
  const shards = expectedShards();
  const present = shards.flatMap((g, n) => (g.length > 0 ? [n] : []));
  const primary = present[0]!;

  it('puts the first non-empty shard under pagefind/ and each other one under pagefind/<n>/, listed in shards.json', async () => {
    // The fixture only proves something if its posts land in more than two shards.
    expect(present.length).toBeGreaterThan(2);
    const index = (await buildSearchIndex(fixture(null))).value;
    expect(index.shards).toBe(SHARDS);
    expect(index.shardsBuilt).toBe(present.length);
    expect(index.documents).toBe(SLUGS.length);
    const manifest = index.files.find((f) => f.file === 'pagefind/shards.json');
    expect(JSON.parse(String(manifest?.contents))).toEqual(present.slice(1).map((n) => `${n}/`));
    expect(urlsIn(index, 'pagefind/')).toEqual(shards[primary]!.map((i) => `/posts/${SLUGS[i]}/`).sort());
    for (const n of present.slice(1)) {
      expect(urlsIn(index, `pagefind/${n}/`)).toEqual(shards[n]!.map((i) => `/posts/${SLUGS[i]}/`).sort());
      const names = index.files.filter((f) => f.file.startsWith(`pagefind/${n}/`)).map((f) => f.file.slice(`pagefind/${n}/`.length));
      expect(names).toContain('pagefind-entry.json');
      expect(names.some((name) => name.endsWith('.pf_meta'))).toBe(true);
      // A merged index uses the primary's script and WASM.
      expect(names.every((name) => /^(pagefind-entry\.json|[^/]+\.pf_meta|(index|fragment|filter)\/[^/]+)$/.test(name))).toBe(true);
    }
    const top = index.files.map((f) => f.file).filter((f) => !f.slice('pagefind/'.length).includes('/'));
    expect(top).toEqual(expect.arrayContaining(['pagefind/pagefind.js', 'pagefind/pagefind-worker.js', 'pagefind/wasm.en.pagefind', 'pagefind/pagefind-entry.json']));
    expect(new Set(index.files.map((f) => f.file.split('/')[1]).filter((d) => /^\d+$/.test(d!)))).toEqual(new Set(present.slice(1).map(String)));
  }, 60_000);

  it('lists no merged shards for a single shard', async () => {
    const options = fixture(null);
    options.shardCount = undefined;
    const index = (await buildSearchIndex(options)).value;
    expect(index.shards).toBe(1);
    expect(String(index.files.find((f) => f.file === 'pagefind/shards.json')?.contents).trim()).toBe('[]');
  }, 60_000);

  it('replays every shard from the cache without starting Pagefind or reading a body when nothing changed', async () => {
    const cacheDir = tempDir();
    const first = (await buildSearchIndex(fixture(cacheDir))).value;
    const options = fixture(cacheDir);
    options.bodies = { html: () => { throw new Error('read a body'); } } as unknown as SearchIndexOptions['bodies'];
    const again = await buildSearchIndex(options);
    expect(again.diagnostics).toEqual([]);
    expect(again.value.shardsBuilt).toBe(0);
    expect(again.value.fromCache).toBe(true);
    expect(bytes(again.value)).toEqual(bytes(first));
  }, 60_000);

  it('re-indexes only the shard of an edited post; every other shard\'s files stay byte-identical', async () => {
    const cacheDir = tempDir();
    const first = (await buildSearchIndex(fixture(cacheDir))).value;
    const shard = present[1]!;
    const slug = SLUGS[shards[shard]![0]!]!;
    const edited = await buildSearchIndex(fixture(cacheDir, { [slug]: '<p>Rewritten with zebrafish.</p>' }));
    expect(edited.value.shardsBuilt).toBe(1);
    expect(edited.value.fromCache).toBe(false);
    const before = bytes(first);
    const after = bytes(edited.value);
    const inShard = (file: string): boolean => file.startsWith(`pagefind/${shard}/`);
    const unchanged = [...before].filter(([file]) => !inShard(file));
    expect([...after].filter(([file]) => !inShard(file))).toEqual(unchanged);
    expect([...after].filter(([file]) => inShard(file))).not.toEqual([...before].filter(([file]) => inShard(file)));
    expect(urlsIn(edited.value, `pagefind/${shard}/`)).toContain(`/posts/${slug}/`);
    // The edited shard's old entry is gone: one entry per shard plus the runtime.
    expect(readdirSync(path.join(cacheDir, 'search.v2'))).toHaveLength(present.length + 1);
  }, 60_000);

  it('lists cached shards lazily, by name and key, and reads them back byte for byte on demand', async () => {
    const cacheDir = tempDir();
    const first = (await buildSearchIndex(fixture(cacheDir))).value;
    const lazy = (await buildSearchIndex({ ...fixture(cacheDir), lazy: true })).value;
    expect(lazy.shardsBuilt).toBe(0);
    expect(lazy.files.map((f) => f.file)).toEqual(first.files.map((f) => f.file));
    const listed = lazy.files.filter((f) => f.pack !== undefined);
    expect(listed.length).toBeGreaterThan(lazy.files.length / 2);
    expect(listed.every((f) => f.contents === undefined && f.key !== undefined)).toBe(true);
    // Keys are per file and change with the shard's posts.
    const keyed = lazy.files.filter((f) => f.key !== undefined);
    expect(new Set(keyed.map((f) => f.key)).size).toBe(keyed.length);
    const read = searchFileReader();
    expect(new Map(lazy.files.map((f) => [f.file, Buffer.from(read(f) ?? '').toString('base64')]))).toEqual(bytes(first));
  }, 60_000);

  it('lists the shards it builds lazily too, once they are in their cache entries', async () => {
    const cacheDir = tempDir();
    const eager = (await buildSearchIndex(fixture(tempDir()))).value;
    const built = (await buildSearchIndex({ ...fixture(cacheDir), lazy: true })).value;
    expect(built.shardsBuilt).toBeGreaterThan(1);
    const shardFiles = built.files.filter((f) => /^pagefind\/\d+\//.test(f.file));
    expect(shardFiles.length).toBeGreaterThan(0);
    expect(shardFiles.every((f) => f.contents === undefined && f.pack !== undefined)).toBe(true);
    const read = searchFileReader();
    expect(new Map(built.files.map((f) => [f.file, Buffer.from(read(f) ?? '').toString('base64')]))).toEqual(bytes(eager));
  }, 60_000);

  it('reads nothing from a damaged entry listed lazily', async () => {
    const cacheDir = tempDir();
    await buildSearchIndex(fixture(cacheDir));
    const lazy = (await buildSearchIndex({ ...fixture(cacheDir), lazy: true })).value;
    const victim = lazy.files.find((f) => f.pack !== undefined && !f.file.includes('wasm'))!;
    const data = readFileSync(victim.pack!.path);
    data[data.length - 1] = data[data.length - 1]! ^ 0xff;
    writeFileSync(victim.pack!.path, data);
    expect(searchFileReader()(victim)).toBeUndefined();
  }, 60_000);

  it('rebuilds a shard whose cache entry is damaged instead of serving it', async () => {
    const cacheDir = tempDir();
    const first = (await buildSearchIndex(fixture(cacheDir))).value;
    const dir = path.join(cacheDir, 'search.v2');
    const entry = readdirSync(dir).find((name) => !name.startsWith('runtime-'))!;
    const file = path.join(dir, entry);
    const data = readFileSync(file);
    data[data.length - 10] = data[data.length - 10]! ^ 0xff;
    writeFileSync(file, data);
    const again = await buildSearchIndex(fixture(cacheDir));
    expect(again.value.shardsBuilt).toBe(1);
    expect(bytes(again.value)).toEqual(bytes(first));
    // The rebuilt entry is whole again: the next build replays everything.
    expect((await buildSearchIndex(fixture(cacheDir))).value.shardsBuilt).toBe(0);
  }, 60_000);

  it('rebuilds the primary shard when pagefind.js and the WASM are missing from the cache', async () => {
    const cacheDir = tempDir();
    const first = (await buildSearchIndex(fixture(cacheDir))).value;
    const dir = path.join(cacheDir, 'search.v2');
    for (const name of readdirSync(dir)) if (name.startsWith('runtime-')) rmSync(path.join(dir, name));
    const again = await buildSearchIndex(fixture(cacheDir));
    expect(again.value.shardsBuilt).toBe(1);
    expect(bytes(again.value)).toEqual(bytes(first));
  }, 60_000);
});
