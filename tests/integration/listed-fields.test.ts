import { appendFileSync, cpSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, type BuildOptions } from '../../src/build.js';
import { copyFixtureSite, hashTree, readText, repoRoot } from '../support/tree.js';

const now = new Date('2026-06-01T12:00:00Z');

function options(root: string, extra: Partial<BuildOptions> = {}): BuildOptions {
  return { root, outDir: path.join(root, 'dist'), cacheDir: path.join(root, '.cache'), now, jobs: 1, ...extra };
}

/** The same site built from nothing: what an incremental build must equal. */
async function fresh(root: string): Promise<Record<string, string>> {
  const out = path.join(root, 'fresh');
  const result = await build(options(root, { outDir: out, cacheDir: null }));
  expect(result.ok).toBe(true);
  const tree = hashTree(out);
  rmSync(out, { recursive: true, force: true });
  return tree;
}

/**
 * A site with the default theme copied in, so tests can change its templates, and a post whose
 * first paragraph is longer than any excerpt: words added at its end change its word count only.
 */
function themedSite(): string {
  const root = copyFixtureSite('basic');
  cpSync(path.join(repoRoot, 'templates'), path.join(root, 'templates'), { recursive: true });
  const opening = 'An opening paragraph that goes on and on about queues and logs. '.repeat(12);
  writeFileSync(post(root), `#title\nLong post\n#date\n2024-02-25\n#tags\n["kafka"]\n#body\n${opening}\n\nA second paragraph.\n`);
  return root;
}

const post = (root: string): string => path.join(root, 'content', '2024-02-25-long.md');
const inode = (root: string, file: string): number => statSync(path.join(root, 'dist', file)).ino;

describe('pages that list a post', () => {
  it('are kept when the post changes only in fields their templates do not read', async () => {
    const root = themedSite();
    expect((await build(options(root))).ok).toBe(true);
    const archive = inode(root, 'archive/index.html');
    const own = inode(root, 'posts/long/index.html');
    // More words, the same reading time: the archive shows title, date and URL only.
    appendFileSync(post(root), '\nOne more closing sentence.\n');
    const edited = await build(options(root));
    expect(edited.ok).toBe(true);
    expect(inode(root, 'archive/index.html')).toBe(archive);
    expect(inode(root, 'posts/long/index.html')).not.toBe(own);
    expect(readText(path.join(root, 'dist'), 'posts/long/index.html')).toContain('One more closing sentence.');
    expect(hashTree(path.join(root, 'dist'))).toEqual(await fresh(root));
  });

  it('are rendered again when a template reads a post without naming the field, from the next build on', async () => {
    const root = themedSite();
    // The archive dumps each post whole: its word count is in the page without being named.
    const archive = path.join(root, 'templates', 'archive.liquid');
    writeFileSync(archive, readFileSync(archive, 'utf8').replace('{{ post.title }}</a>', '{{ post.title }}</a> <code>{{ post | json }}</code>'));
    expect((await build(options(root))).ok).toBe(true);
    const words = (): string => /&#34;slug&#34;:&#34;long&#34;.*?&#34;words&#34;:(\d+)/.exec(readText(path.join(root, 'dist'), 'archive/index.html'))?.[1] ?? '';
    const before = words();
    appendFileSync(post(root), '\nOne more closing sentence, and then a few more words.\n');
    expect((await build(options(root))).ok).toBe(true);
    expect(words()).not.toBe(before);
    expect(hashTree(path.join(root, 'dist'))).toEqual(await fresh(root));
    appendFileSync(post(root), '\nAnd yet another line.\n');
    expect((await build(options(root))).ok).toBe(true);
    expect(hashTree(path.join(root, 'dist'))).toEqual(await fresh(root));
  });
});
