import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCache } from '../../../src/cache/store.js';
import { relatedPosts } from '../../../src/site/related.js';
import { cachedRelatedPosts } from '../../../src/site/related-cache.js';

const tags = [['kafka', 'go'], ['kafka'], ['go', 'rust'], ['rust'], ['kafka', 'rust']];
let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function cacheDir(): string {
  dir = mkdtempSync(path.join(os.tmpdir(), 'hashmark-related-'));
  return dir;
}

function entries(root: string): string[] {
  return readdirSync(path.join(root, 'related.v2'));
}

/** Rewrites the one entry with a new payload and a matching checksum. */
function forge(root: string, payload: unknown): void {
  const [name] = entries(root);
  openCache(root).namespace('related', 2).put(name!, JSON.stringify(payload));
}

describe('cached related posts', () => {
  it('gives what relatedPosts gives, first computed and then from the cache', () => {
    const root = cacheDir();
    const related = cachedRelatedPosts(root, 'v1');
    const expected = relatedPosts({ tags }, 2);
    expect(related({ tags }, 2)).toEqual(expected);
    expect(entries(root)).toHaveLength(1);
    expect(related({ tags }, 2)).toEqual(expected);
  });

  it('serves a stored answer without working it out again', () => {
    const root = cacheDir();
    cachedRelatedPosts(root, 'v1')({ tags }, 2);
    forge(root, [[4], [0], [3], [2], [1]]);
    expect(cachedRelatedPosts(root, 'v1')({ tags }, 2)).toEqual([[4], [0], [3], [2], [1]]);
  });

  it('works the answer out again when the entry is damaged or does not fit the site', () => {
    const root = cacheDir();
    const expected = relatedPosts({ tags }, 2);
    cachedRelatedPosts(root, 'v1')({ tags }, 2);
    const file = path.join(root, 'related.v2', entries(root)[0]!);
    writeFileSync(file, readFileSync(file, 'utf8').replace('[[', '[[3,'));
    expect(cachedRelatedPosts(root, 'v1')({ tags }, 2)).toEqual(expected);
    forge(root, [[9], [], [], [], []]);
    expect(cachedRelatedPosts(root, 'v1')({ tags }, 2)).toEqual(expected);
    forge(root, [[1], [0]]);
    expect(cachedRelatedPosts(root, 'v1')({ tags }, 2)).toEqual(expected);
  });

  it('keys by tags, limit and version, keeping only the latest entry', () => {
    const root = cacheDir();
    cachedRelatedPosts(root, 'v1')({ tags }, 2);
    forge(root, [[4], [0], [3], [2], [1]]);
    const changed = tags.map((t, i) => (i === 3 ? ['kafka'] : t));
    expect(cachedRelatedPosts(root, 'v1')({ tags: changed }, 2)).toEqual(relatedPosts({ tags: changed }, 2));
    expect(entries(root)).toHaveLength(1);
    forge(root, [[4], [0], [3], [2], [1]]);
    expect(cachedRelatedPosts(root, 'v2')({ tags: changed }, 2)).toEqual(relatedPosts({ tags: changed }, 2));
    forge(root, [[4], [0], [3], [2], [1]]);
    expect(cachedRelatedPosts(root, 'v2')({ tags: changed }, 1)).toEqual(relatedPosts({ tags: changed }, 1));
  });

  it('is relatedPosts itself without a cache folder', () => {
    expect(cachedRelatedPosts(null, 'v1')).toBe(relatedPosts);
  });
});
