import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildOptions, type BuildResult } from '../../src/build.js';
import { shardOf } from '../../src/search/shards.js';
import { hashTree } from '../support/tree.js';

// An edit's search shard is indexed while the Markdown stage and the plan run (search/early.ts). The
// index it makes must be the one a build from scratch makes, whatever the edit did to the posts.

const now = new Date('2026-06-01T12:00:00Z');
/** Enough posts for two search shards (shardCountFor: 128 and more). */
const POSTS = 130;
const SHARDS = 2;

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function options(root: string, extra: Partial<BuildOptions> = {}): BuildOptions {
  return { root, outDir: path.join(root, 'dist'), cacheDir: path.join(root, '.cache'), now, jobs: 2, ...extra };
}

const slugOf = (i: number): string => `post-${i}`;
const fileOf = (i: number): string => `2024-01-${String((i % 28) + 1).padStart(2, '0')}-${slugOf(i)}.md`;

function postText(i: number, fields: { title?: string; tags?: string[]; draft?: boolean } = {}): string {
  const tags = JSON.stringify(fields.tags ?? ['alpha', i % 3 === 0 ? 'beta' : 'gamma']);
  return [
    '#title', fields.title ?? `Post number ${i}`,
    '#description', `What post ${i} is about.`,
    '#date', `2024-01-${String((i % 28) + 1).padStart(2, '0')}`,
    '#tags', tags,
    ...(fields.draft ? ['#draft', 'true'] : []),
    '#body', `Body of post ${i} with uniqueword${i} inside.\n\n## A heading\n\nMore text about *topic ${i % 7}*.\n`,
  ].join('\n');
}

let aged = 0;
/**
 * Dates a post file a minute or more back, to a time of its own: the post cache keeps only files
 * not modified in the last moments (SETTLED_MS), and the bench edits a project made long before.
 */
function age(file: string): void {
  const when = Date.now() / 1000 - 60 - aged++;
  utimesSync(file, when, when);
}

/** Writes (or appends to) a post file, dated back. */
function put(file: string, text: string, append = false): void {
  if (append) appendFileSync(file, text);
  else writeFileSync(file, text);
  age(file);
}

function makeSite(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hashmark-search-early-'));
  temps.push(dir);
  const root = path.join(dir, 'site');
  mkdirSync(path.join(root, 'content'), { recursive: true });
  writeFileSync(path.join(root, 'site.config.ts'), "export default { title: 'Early', url: 'https://early.example', postsPerPage: 10 };\n");
  for (let i = 0; i < POSTS; i++) put(path.join(root, 'content', fileOf(i)), postText(i));
  return root;
}

/** The search bundle of a build from scratch (no cache) of the site's current content. */
async function cleanIndex(root: string): Promise<Record<string, string>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hashmark-search-clean-'));
  temps.push(dir);
  const copy = path.join(dir, 'site');
  mkdirSync(copy);
  cpSync(path.join(root, 'content'), path.join(copy, 'content'), { recursive: true });
  cpSync(path.join(root, 'site.config.ts'), path.join(copy, 'site.config.ts'));
  const result = await build(options(copy, { cacheDir: null }));
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return hashTree(path.join(copy, 'dist', 'pagefind'));
}

/** Two posts in one shard, or in two different shards. */
function pair(sameShard: boolean, from: number): [number, number] {
  const first = from;
  for (let i = from + 1; i < POSTS; i++) if ((shardOf(slugOf(i), SHARDS) === shardOf(slugOf(first), SHARDS)) === sameShard) return [first, i];
  throw new Error('no such pair');
}

describe('the search index of an edit, started before the plan', () => {
  let root: string;
  const edit = (i: number, text: string): void => put(path.join(root, 'content', fileOf(i)), text);
  const append = (i: number, text: string): void => put(path.join(root, 'content', fileOf(i)), text, true);
  const warm = async (): Promise<BuildResult> => {
    const result = await build(options(root));
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    return result;
  };
  const expectClean = async (): Promise<void> => {
    expect(hashTree(path.join(root, 'dist', 'pagefind'))).toEqual(await cleanIndex(root));
  };

  beforeAll(async () => {
    root = makeSite();
    const cold = await warm();
    expect(cold.search).toEqual({ shards: SHARDS, built: SHARDS, early: 0 });
  }, 120_000);

  it('indexes an edited post\'s shard early, byte-identical to a build from scratch', async () => {
    append(5, '\nOne more sentence about zebrafish.\n');
    expect((await warm()).search).toEqual({ shards: SHARDS, built: 1, early: 1 });
    await expectClean();
  }, 120_000);

  it('indexes a new post\'s shard early', async () => {
    put(path.join(root, 'content', '2024-02-01-newcomer.md'), postText(999, { title: 'A newcomer' }).replace('uniqueword999', 'newcomerword'));
    expect((await warm()).search).toEqual({ shards: SHARDS, built: 1, early: 1 });
    await expectClean();
  }, 120_000);

  it('indexes the shard of a retitled post early', async () => {
    edit(17, postText(17, { title: 'An entirely new title' }));
    expect((await warm()).search).toEqual({ shards: SHARDS, built: 1, early: 1 });
    await expectClean();
  }, 120_000);

  it('indexes the shard of a post whose tags changed early', async () => {
    edit(23, postText(23, { tags: ['delta', 'alpha'] }));
    expect((await warm()).search).toEqual({ shards: SHARDS, built: 1, early: 1 });
    await expectClean();
  }, 120_000);

  it('indexes one shard early for two edited posts in it, and two for posts in two shards', async () => {
    const [a, b] = pair(true, 30);
    append(a, '\nEdited first.\n');
    append(b, '\nEdited second.\n');
    expect((await warm()).search).toEqual({ shards: SHARDS, built: 1, early: 1 });
    await expectClean();
    const [c, d] = pair(false, 40);
    append(c, '\nEdited third.\n');
    append(d, '\nEdited fourth.\n');
    expect((await warm()).search).toEqual({ shards: SHARDS, built: 2, early: 2 });
    await expectClean();
  }, 120_000);

  it('leaves a post made a draft out of the shard it indexes early', async () => {
    edit(50, postText(50, { draft: true }));
    expect((await warm()).search).toEqual({ shards: SHARDS, built: 1, early: 1 });
    await expectClean();
    expect(JSON.stringify(hashTree(path.join(root, 'dist')))).not.toContain('posts/post-50/');
  }, 120_000);

  it('indexes a removed post\'s shard early, without it', async () => {
    rmSync(path.join(root, 'content', fileOf(60)));
    expect((await warm()).search).toEqual({ shards: SHARDS, built: 1, early: 1 });
    await expectClean();
  }, 120_000);
});
