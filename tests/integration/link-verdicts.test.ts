import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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

  it('checks again from scratch when the link stores are damaged, and stores them anew', async () => {
    const root = copyFixtureSite('basic');
    const cache = path.join(root, '.cache');
    const first = path.join(root, 'content', '2024-01-10-first.md');
    const second = path.join(root, 'content', '2024-02-20-second.md');
    appendFileSync(second, '\nSee [the missing page](/posts/nowhere/).\n');
    await build(options(root));
    const entries = ['links.v2', 'links-state.v4', 'link-verdicts.v4'].map((folder) => {
      const names = readdirSync(path.join(cache, folder));
      expect(names).toHaveLength(1);
      return path.join(cache, folder, names[0]!);
    });
    // Each entry's last byte flipped: it fails its checksum, so the store removes it and reads a miss.
    const damaged = entries.map((file) => {
      const data = readFileSync(file);
      data[data.length - 1]! ^= 1;
      writeFileSync(file, data);
      return data;
    });
    // A post edited, so the nothing-changed shortcut does not skip the link check.
    appendFileSync(first, '\nA harmless sentence.\n');
    const rebuilt = await build(options(root));
    expect(brokenLinks(rebuilt)).toEqual(await wholeCheck(root));
    expect(brokenLinks(rebuilt).join('\n')).toContain('/posts/nowhere/');
    for (const [i, folder] of ['links.v2', 'links-state.v4', 'link-verdicts.v4'].entries()) {
      const names = readdirSync(path.join(cache, folder));
      expect(names).toHaveLength(1);
      const data = readFileSync(path.join(cache, folder, names[0]!));
      expect(data.subarray(0, 4).toString()).toBe('hm1 ');
      expect(data.equals(damaged[i]!)).toBe(false);
    }
  });
});
