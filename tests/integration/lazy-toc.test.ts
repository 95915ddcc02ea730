import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, type BuildOptions } from '../../src/build.js';
import { copyFixtureSite, hashTree, readText, repoRoot } from '../support/tree.js';

// A warm build takes a cache hit's table of contents from its render cache entry only when the
// post's page is rendered (src/markdown/lazy-toc.ts): these pages must be a clean build's.

const now = new Date('2026-06-01T12:00:00Z');

function options(root: string, extra: Partial<BuildOptions> = {}): BuildOptions {
  return { root, outDir: path.join(root, 'dist'), cacheDir: path.join(root, '.cache'), now, jobs: 1, ...extra };
}

/** The basic fixture with the default theme's templates in the project, and posts with headings. */
function site(): string {
  const root = copyFixtureSite('basic');
  cpSync(path.join(repoRoot, 'templates'), path.join(root, 'templates'), { recursive: true });
  for (const n of [1, 2, 3]) {
    const headings = ['Background', 'The design', `Trade-offs ${n}`, 'What we learned'].map((h) => `## ${h}\n\nText about ${h.toLowerCase()}.\n`).join('\n');
    writeFileSync(path.join(root, `content/2024-04-0${n}-headings-${n}.md`), `#title\nHeadings ${n}\n#date\n2024-04-0${n}\n#tags\n["Design"]\n#body\nIntro ${n}.\n\n${headings}`);
  }
  return root;
}

/** The post pages' templates changed: every post page is rendered again from the cache's bodies. */
function editTemplate(root: string, comment: string): void {
  const file = path.join(root, 'templates/post.liquid');
  writeFileSync(file, readFileSync(file, 'utf8').replace('{% block main -%}', `{% block main -%}<!-- ${comment} -->`));
}

/** The output of a build from nothing (no cache, a fresh output folder) of the project as it is now. */
async function clean(root: string, name: string): Promise<Record<string, string>> {
  const out = path.join(root, name);
  const result = await build(options(root, { outDir: out, cacheDir: null }));
  expect(result.ok).toBe(true);
  return hashTree(out);
}

function renderEntries(root: string): string[] {
  const cache = path.join(root, '.cache');
  const [folder] = readdirSync(cache).filter((name) => name.startsWith('render.'));
  return readdirSync(path.join(cache, folder!), { recursive: true, encoding: 'utf8' })
    .filter((file) => /^[0-9a-f]{32}$/.test(path.basename(file)))
    .map((file) => path.join(cache, folder!, file));
}

describe('tables of contents of cached posts', () => {
  it('are those of a clean build when the pages are rendered again from the cache', async () => {
    const root = site();
    expect((await build(options(root))).ok).toBe(true);
    editTemplate(root, 'one');
    const warm = await build(options(root));
    expect(warm.ok).toBe(true);
    expect(warm.written).toBeGreaterThan(3);
    expect(readText(root, 'dist/posts/headings-2/index.html')).toContain('href="#trade-offs-2"');
    expect(hashTree(path.join(root, 'dist'))).toEqual(await clean(root, 'clean'));
  });

  it('come from a post rendered again when its entry turns out damaged', async () => {
    const root = site();
    expect((await build(options(root))).ok).toBe(true);
    // The metadata section (the first) of every entry with a table of contents is cut short.
    const damaged = renderEntries(root).filter((file) => readFileSync(file, 'utf8').includes('"toc":[{'));
    expect(damaged.length).toBeGreaterThanOrEqual(3);
    for (const file of damaged) writeFileSync(file, readFileSync(file, 'utf8').replace('"toc":[{', '"toc":[ {'));
    editTemplate(root, 'two');
    const warm = await build(options(root));
    expect(warm.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(readText(root, 'dist/posts/headings-3/index.html')).toContain('href="#trade-offs-3"');
    expect(hashTree(path.join(root, 'dist'))).toEqual(await clean(root, 'clean'));
    // Rendered again, the entries are whole: the next build takes the tables of contents from them.
    editTemplate(root, 'three');
    expect((await build(options(root))).ok).toBe(true);
    expect(hashTree(path.join(root, 'dist'))).toEqual(await clean(root, 'clean2'));
  });
});
