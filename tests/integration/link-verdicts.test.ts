import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, type BuildOptions } from '../../src/build.js';
import { copyFixtureSite } from '../support/tree.js';

const now = new Date('2026-06-01T12:00:00Z');

function options(root: string): BuildOptions {
  return { root, outDir: path.join(root, 'dist'), cacheDir: path.join(root, '.cache'), now, jobs: 1 };
}

const brokenLinks = (result: Awaited<ReturnType<typeof build>>): string[] =>
  result.diagnostics.filter((d) => d.code === 'broken-link').map((d) => `${d.file}:${d.line ?? ''} ${d.message}`).sort();

/** The verdict a whole check gives: the same site built with no cache at all. */
async function wholeCheck(root: string): Promise<string[]> {
  return brokenLinks(await build({ ...options(root), cacheDir: null, outDir: path.join(root, 'dist-whole') }));
}

describe('link checking after an edit', () => {
  it('finds a broken link added to the edited post, and keeps reporting one in a post left alone', async () => {
    const root = copyFixtureSite('basic');
    const first = path.join(root, 'content', '2024-01-10-first.md');
    const second = path.join(root, 'content', '2024-02-20-second.md');
    appendFileSync(second, '\nSee [the missing page](/posts/nowhere/).\n');
    await build(options(root));
    appendFileSync(first, '\nAnd [another missing page](/posts/elsewhere/).\n');
    const edited = await build(options(root));
    expect(brokenLinks(edited)).toEqual(await wholeCheck(root));
    expect(brokenLinks(edited).join('\n')).toContain('/posts/nowhere/');
    expect(brokenLinks(edited).join('\n')).toContain('/posts/elsewhere/');
    appendFileSync(first, '\nA harmless sentence.\n');
    const again = await build(options(root));
    expect(brokenLinks(again)).toEqual(await wholeCheck(root));
  });

  it('reports a link into another post once the heading it points at is gone', async () => {
    const root = copyFixtureSite('basic');
    const first = path.join(root, 'content', '2024-01-10-first.md');
    const second = path.join(root, 'content', '2024-02-20-second.md');
    appendFileSync(first, '\n## Target heading\n\nText.\n');
    appendFileSync(second, '\nSee [the heading](/posts/first/#target-heading).\n');
    expect(brokenLinks(await build(options(root)))).toEqual([]);
    writeFileSync(first, readFileSync(first, 'utf8').replace('## Target heading', '## Renamed heading'));
    const edited = await build(options(root));
    expect(brokenLinks(edited)).toEqual(await wholeCheck(root));
    expect(brokenLinks(edited).join('\n')).toContain('target-heading');
  });

  it('reports a link to a post that was deleted, from pages that did not change', async () => {
    const root = copyFixtureSite('basic');
    const second = path.join(root, 'content', '2024-02-20-second.md');
    appendFileSync(second, '\nSee [the bundle post](/posts/bundle-post/).\n');
    expect(brokenLinks(await build(options(root)))).toEqual([]);
    const { rmSync } = await import('node:fs');
    rmSync(path.join(root, 'content', 'bundle-post'), { recursive: true });
    const edited = await build(options(root));
    expect(brokenLinks(edited)).toEqual(await wholeCheck(root));
    expect(brokenLinks(edited).join('\n')).toContain('/posts/bundle-post/');
  });
});
