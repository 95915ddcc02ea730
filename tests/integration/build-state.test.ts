import { appendFileSync, cpSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, type BuildOptions } from '../../src/build.js';
import { copyFixtureSite, hashTree, readText, repoRoot } from '../support/tree.js';

const now = new Date('2026-06-01T12:00:00Z');
const LONG_AGO = new Date('2024-01-01T00:00:00Z');

function options(root: string, extra: Partial<BuildOptions> = {}): BuildOptions {
  return { root, outDir: path.join(root, 'dist'), cacheDir: path.join(root, '.cache'), now, jobs: 1, ...extra };
}

/** The fixture, with every post file dated long ago, as files are that nobody is editing. */
function settledSite(): string {
  const root = copyFixtureSite('basic');
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(abs);
      else utimesSync(abs, LONG_AGO, LONG_AGO);
    }
  };
  visit(path.join(root, 'content'));
  return root;
}

/** A build that did no work: no stage after the content stage ran. */
function skipped(result: Awaited<ReturnType<typeof build>>): boolean {
  return result.timings.markdown === undefined && result.timings.render === undefined;
}

describe('a build with nothing changed since the last one', () => {
  it('is done without rendering, reporting what the last build reported', async () => {
    const root = settledSite();
    const first = await build(options(root));
    expect(first.ok).toBe(true);
    expect(skipped(first)).toBe(false);
    const before = hashTree(path.join(root, 'dist'));
    const second = await build(options(root));
    expect(skipped(second)).toBe(true);
    expect(second.ok).toBe(true);
    expect(second.diagnostics).toEqual(first.diagnostics);
    // The images and search stages did not run either: their work counts are the first build's alone.
    expect(second.images).toBeUndefined();
    expect(second.search).toBeUndefined();
    expect({ ...second, timings: {}, seconds: 0 }).toEqual({ ...first, timings: {}, seconds: 0, written: 0, unchanged: first.written + first.unchanged, images: undefined, search: undefined });
    expect(hashTree(path.join(root, 'dist'))).toEqual(before);
  });

  it('is rebuilt when an output file was edited, added or removed, and the output is mended', async () => {
    const root = settledSite();
    await build(options(root));
    const out = path.join(root, 'dist');
    const before = hashTree(out);
    appendFileSync(path.join(out, 'index.html'), '<!-- edited by hand -->');
    writeFileSync(path.join(out, 'stray.html'), 'not ours');
    const mended = await build(options(root));
    expect(skipped(mended)).toBe(false);
    expect(hashTree(out)).toEqual(before);
    expect(skipped(await build(options(root)))).toBe(true);
  });

  it('is rebuilt when a post or a setting changes', async () => {
    const root = settledSite();
    await build(options(root));
    const post = path.join(root, 'content', '2024-01-10-first.md');
    appendFileSync(post, '\nA new closing line.\n');
    utimesSync(post, LONG_AGO, new Date(LONG_AGO.getTime() + 1000));
    const edited = await build(options(root));
    expect(skipped(edited)).toBe(false);
    expect(readText(path.join(root, 'dist'), 'posts/first/index.html')).toContain('A new closing line.');
    expect(skipped(await build(options(root)))).toBe(true);
    expect(skipped(await build(options(root, { siteUrl: 'https://other.example' })))).toBe(false);
    expect(readText(path.join(root, 'dist'), 'sitemap.xml')).toContain('https://other.example/');
  });

  it('is rebuilt when a template or a public file changes', async () => {
    const root = settledSite();
    cpSync(path.join(repoRoot, 'templates'), path.join(root, 'templates'), { recursive: true });
    await build(options(root));
    expect(skipped(await build(options(root)))).toBe(true);
    const footer = path.join(root, 'templates', 'partials', 'footer.liquid');
    writeFileSync(footer, `${readFileSync(footer, 'utf8')}<p>Footer edit</p>\n`);
    expect(skipped(await build(options(root)))).toBe(false);
    expect(readText(path.join(root, 'dist'), 'index.html')).toContain('Footer edit');
    expect(skipped(await build(options(root)))).toBe(true);
    cpSync(path.join(repoRoot, 'public'), path.join(root, 'public'), { recursive: true });
    writeFileSync(path.join(root, 'public', 'humans.txt'), 'Written by people.\n');
    expect(skipped(await build(options(root)))).toBe(false);
    expect(readText(path.join(root, 'dist'), 'humans.txt')).toBe('Written by people.\n');
  });

  it('is rebuilt on the day a scheduled post comes out', async () => {
    const root = settledSite();
    await build(options(root));
    const later = await build(options(root, { now: new Date('2999-06-01T12:00:00Z') }));
    expect(skipped(later)).toBe(false);
    expect(readText(path.join(root, 'dist'), 'index.html')).toContain('From the future');
  });

  it('is not recorded when a post file was modified moments ago', async () => {
    const root = settledSite();
    appendFileSync(path.join(root, 'content', '2024-02-20-second.md'), '\nJust now.\n');
    expect(Date.now() - statSync(path.join(root, 'content', '2024-02-20-second.md')).mtimeMs).toBeLessThan(2000);
    await build(options(root));
    expect(skipped(await build(options(root)))).toBe(false);
  });

  it('is rebuilt when its state entry is damaged, which is then recorded again', async () => {
    const root = settledSite();
    const cache = path.join(root, '.cache');
    await build(options(root));
    const [entry] = readdirSync(path.join(cache, 'build-state.v3'));
    const file = path.join(cache, 'build-state.v3', entry!);
    const data = readFileSync(file);
    // One flipped byte of the JSON: the entry fails its checksum.
    data[data.length - 2]! ^= 1;
    writeFileSync(file, data);
    expect(skipped(await build(options(root)))).toBe(false);
    expect(skipped(await build(options(root)))).toBe(true);
  });
});
