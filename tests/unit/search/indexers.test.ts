import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PlainDate } from '../../../src/content/types.js';
import { buildSearchIndex, shardOf } from '../../../src/search/index.js';
import type { SearchIndex, SearchIndexOptions } from '../../../src/search/index.js';
import { closePagefind, indexShard } from '../../../src/search/pagefind-runner.js';
import { serviceCpuSeconds, servicePid, servicePids } from '../../../src/search/pagefind-service.js';
import type { Page } from '../../../src/site/types.js';
import { searchOptions, searchPostPage } from './helpers.js';

// Shards are indexed by several Pagefind processes at once (one per core). The bundle must be the
// one a single process makes, byte for byte, and a build of one shard must start one process only.

const SLUGS = Array.from({ length: 40 }, (_, i) => `post-${i}`);
const SHARDS = 6;

function postPage(slug: string, i: number): Page {
  return searchPostPage(slug, {
    description: `About ${slug} and topic ${i % 5}`,
    date: `2024-05-${String((i % 28) + 1).padStart(2, '0')}` as PlainDate,
    tags: [{ name: `Tag ${i % 4}`, slug: `tag-${i % 4}` }],
  });
}

/** Forty posts sharing words across shards (so each shard's index has common and unique words), in six shards. */
function fixture(extra: Partial<SearchIndexOptions> = {}): SearchIndexOptions {
  const html = Object.fromEntries(
    SLUGS.map((slug, i) => [
      slug,
      `<h2 id="h${i}">Heading ${i % 3}</h2><p>Body of ${slug} with uniqueword${i} and <em>shared</em> words about topic ${i % 5}.</p>` +
        `<pre><code class="language-ts"><span class="hljs-keyword">const</span> x${i} = ${i};</code></pre><p>${'More text here. '.repeat(i % 7 + 1)}</p>`,
    ]),
  );
  return searchOptions(SLUGS, html, postPage, { shardCount: SHARDS, ...extra });
}

const bytes = (index: SearchIndex): Array<[string, string]> => index.files.map((f) => [f.file, Buffer.from(f.contents ?? '').toString('base64')]);

/** Builds the index while counting the Pagefind processes running at once, at their most. */
async function buildCounting(options: SearchIndexOptions): Promise<{ index: SearchIndex; processes: number }> {
  let processes = 0;
  const sample = setInterval(() => (processes = Math.max(processes, servicePids().length)), 2);
  try {
    const result = await buildSearchIndex(options);
    expect(result.diagnostics).toEqual([]);
    return { index: result.value, processes };
  } finally {
    clearInterval(sample);
  }
}

describe('shards indexed by several Pagefind processes', () => {
  it('makes the same bundle, byte for byte, with one, two or three processes', async () => {
    // The fixture proves something only if its posts land in several shards.
    expect(new Set(SLUGS.map((s) => shardOf(s, SHARDS))).size).toBeGreaterThan(3);
    const one = await buildCounting(fixture({ indexers: 1 }));
    const two = await buildCounting(fixture({ indexers: 2 }));
    const three = await buildCounting(fixture({ indexers: 3 }));
    expect(one.processes).toBe(1);
    expect(two.processes).toBe(2);
    expect(three.processes).toBe(3);
    expect(one.index.shardsBuilt).toBeGreaterThan(3);
    expect(one.index.files.length).toBeGreaterThan(20);
    expect(bytes(two.index)).toEqual(bytes(one.index));
    expect(bytes(three.index)).toEqual(bytes(one.index));
    // Every process is closed with the build.
    expect(servicePids()).toEqual([]);
  }, 120_000);

  it('starts one process for a site of one shard, however many are allowed', async () => {
    const single = await buildCounting(fixture({ shardCount: 1, indexers: 4 }));
    expect(single.index.shards).toBe(1);
    expect(single.processes).toBe(1);
  }, 60_000);
});

describe('indexer lanes', () => {
  it('runs each lane in a process of its own, counts the CPU of all, and reaps every one on close', async () => {
    const doc = (n: number) => ({ url: `/posts/${n}/`, html: () => `<html lang="en"><body><p>Lane document ${n} about quokkas.</p></body></html>` });
    const [a, b] = await Promise.all([indexShard([doc(1)], 'en', undefined, 0), indexShard([doc(2)], 'en', undefined, 1)]);
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
    const pids = [servicePid(0), servicePid(1)];
    expect(pids.every((pid) => typeof pid === 'number')).toBe(true);
    expect(pids[0]).not.toBe(pids[1]);
    expect(servicePids()).toEqual(pids);
    expect(serviceCpuSeconds()).toBeGreaterThanOrEqual(0);
    await closePagefind();
    expect(servicePids()).toEqual([]);
    for (const pid of pids) {
      // Reaped: no /proc entry left (a zombie would still have one).
      expect(() => readFileSync(`/proc/${pid}/stat`)).toThrow();
    }
  }, 60_000);
});
