import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { build, type BuildOptions } from '../../src/build.js';
import { copyFixtureSite, hashTree, readText, repoRoot } from '../support/tree.js';

const now = new Date('2026-06-01T12:00:00Z');
const roots: string[] = [];

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** The basic site with the default theme copied in and 120 more posts: well over the pages one thread renders before page workers start. */
function largeSite(): string {
  const root = copyFixtureSite('basic');
  roots.push(root);
  cpSync(path.join(repoRoot, 'templates'), path.join(root, 'templates'), { recursive: true });
  const dir = path.join(root, 'content', 'many');
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < 120; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    writeFileSync(
      path.join(dir, `post-${i}.md`),
      `#title\nMany ${i}\n#date\n2023-${String(1 + (i % 12)).padStart(2, '0')}-${day}\n#tags\n["t${i % 7}"]\n#body\n\nBody of post ${i}, with *emphasis*.\n\n## Part ${i}\n\nMore.\n`,
    );
  }
  return root;
}

function options(root: string, out: string, extra: Partial<BuildOptions> = {}): BuildOptions {
  return { root, outDir: path.join(root, out), cacheDir: null, now, ...extra };
}

describe('page workers', () => {
  it('render a large site to the same bytes as one thread', async () => {
    const root = largeSite();
    const pooled = await build(options(root, 'pooled', { jobs: 2 }));
    expect(pooled.ok).toBe(true);
    expect(pooled.pages).toBeGreaterThan(150);
    const single = await build(options(root, 'single', { jobs: 1 }));
    expect(single.ok).toBe(true);
    expect(hashTree(path.join(root, 'pooled'))).toEqual(hashTree(path.join(root, 'single')));
    expect(readText(path.join(root, 'pooled'), 'posts/post-119/index.html')).toContain('Body of post 119');
  });

  it('report template errors met on a worker, once per page, as in one thread', async () => {
    const root = largeSite();
    const template = path.join(root, 'templates', 'post.liquid');
    // A missing variable fails at render time (strict variables), on every post page.
    writeFileSync(template, readFileSync(template, 'utf8').replace('{{ post.title }}', '{{ post.title }}{{ no_such_variable }}'));
    const pooled = await build(options(root, 'pooled', { jobs: 2 }));
    const single = await build(options(root, 'single', { jobs: 1 }));
    expect(pooled.ok).toBe(false);
    const codes = (r: typeof pooled): string[] => r.diagnostics.map((d) => `${d.code} ${d.file} ${d.message}`);
    expect(codes(pooled)).toEqual(codes(single));
    expect(pooled.diagnostics.filter((d) => d.code === 'template-error').length).toBeGreaterThan(100);
  });

  it('notice a template reading listed posts unnamed, from a worker too', async () => {
    const root = largeSite();
    const cacheDir = path.join(root, '.cache');
    // The oldest post's page, rendered late (on a worker), dumps its related posts whole: their word
    // counts are read without being named.
    const template = path.join(root, 'templates', 'post.liquid');
    const dump = '{% if post.slug == "post-0" %}<code>{{ related | json }}</code>{% endif %}';
    writeFileSync(template, readFileSync(template, 'utf8').replace('{{ post.title }}', `{{ post.title }}${dump}`));
    expect((await build(options(root, 'dist', { jobs: 2, cacheDir }))).ok).toBe(true);
    expect(readText(path.join(root, 'dist'), 'posts/post-0/index.html')).toContain('&#34;words&#34;');
    const marks = path.join(cacheDir, 'wide-templates.v2');
    expect(readdirSync(marks).filter((f) => !f.endsWith('.tmp')).length).toBe(1);
  });
});
