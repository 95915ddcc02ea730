import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { build, type BuildOptions } from '../../src/build.js';
import { hashContents } from '../../src/file-hash.js';
import { manifestPath } from '../../src/output/manifest.js';
import { templateRenderCounts } from '../../src/render/page-renderer.js';
import { copyFixtureSite, hashTree, readText, repoRoot } from '../support/tree.js';

const now = new Date('2026-06-01T12:00:00Z');
const roots: string[] = [];

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/**
 * The basic site with the default theme copied in and 120 more posts: well over the pages one thread
 * renders before page workers start. Their bodies hold two-, three- and four-byte UTF-8 characters.
 */
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
      `#title\nMany ${i}\n#date\n2023-${String(1 + (i % 12)).padStart(2, '0')}-${day}\n#tags\n["t${i % 7}"]\n#body\n\nBody of post ${i}, with *emphasis* — naïve, 日本語, 😀.\n\n## Part ${i}\n\nMore.\n`,
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
  it('hash and scan on a worker what the main thread would: same manifest hashes, same broken links', async () => {
    const root = largeSite();
    // Warnings, so both builds commit and keep a manifest.
    const config = path.join(root, 'site.config.ts');
    writeFileSync(config, readFileSync(config, 'utf8').replace("postsPerPage: 2,", "postsPerPage: 2,\n  brokenLinks: 'warning',"));
    // Broken links late in the site (on a worker): one in a post body, one written by the template.
    const post = path.join(root, 'content', 'many', 'post-3.md');
    writeFileSync(post, readFileSync(post, 'utf8') + '\nSee [gone](/no-such-page/) and [anchor](#no-such-id).\n');
    const template = path.join(root, 'templates', 'post.liquid');
    writeFileSync(template, readFileSync(template, 'utf8').replace('{{ post.title }}', '{{ post.title }}{% if post.slug == "post-7" %}<a href="/missing-too/">x</a>{% endif %}'));
    const pooled = await build(options(root, 'pooled', { jobs: 2, cacheDir: path.join(root, '.cache-pooled') }));
    const single = await build(options(root, 'single', { jobs: 1, cacheDir: path.join(root, '.cache-single') }));
    const broken = (r: typeof pooled): string[] => r.diagnostics.map((d) => `${d.code} ${d.file}:${d.line} ${d.message}`).sort();
    expect(broken(pooled).filter((d) => d.startsWith('broken-link')).length).toBeGreaterThanOrEqual(3);
    expect(broken(pooled)).toEqual(broken(single));
    const hashes = (out: string, cache: string): Record<string, string> => {
      const file = manifestPath(path.join(root, cache), path.join(root, out));
      const rows = (JSON.parse(readFileSync(file, 'utf8')) as { files: Record<string, [string]> }).files;
      return Object.fromEntries(Object.entries(rows).map(([name, row]) => [name, row[0]]));
    };
    const pooledHashes = hashes('pooled', '.cache-pooled');
    expect(pooledHashes['posts/post-119/index.html']).toBe(hashContents(readFileSync(path.join(root, 'pooled', 'posts/post-119/index.html'))));
    expect(pooledHashes).toEqual(hashes('single', '.cache-single'));
  });

  it('start early after a template edit, so this thread renders no page, and not after a post edit', async () => {
    const root = largeSite();
    const cacheDir = path.join(root, '.cache');
    const here = (): number => templateRenderCounts.compiled + templateRenderCounts.handedOver + templateRenderCounts.liquid;
    let before = here();
    expect((await build(options(root, 'dist', { jobs: 2, cacheDir }))).ok).toBe(true);
    // A first build has no last key: this thread renders the first pages while the workers start.
    expect(here() - before).toBeGreaterThan(60);
    const template = path.join(root, 'templates', 'post.liquid');
    writeFileSync(template, readFileSync(template, 'utf8').replace('{{ post.title }}', '{{ post.title }}<!-- edited -->'));
    before = here();
    const edited = await build(options(root, 'dist', { jobs: 2, cacheDir }));
    expect(edited.ok).toBe(true);
    expect(edited.written).toBeGreaterThan(120);
    expect(here() - before).toBe(0);
    // A post edit renders its few pages here, with no page worker.
    const post = path.join(root, 'content', 'many', 'post-5.md');
    writeFileSync(post, readFileSync(post, 'utf8') + '\nOne more line.\n');
    before = here();
    const posted = await build(options(root, 'dist', { jobs: 2, cacheDir }));
    expect(posted.ok).toBe(true);
    expect(here() - before).toBeGreaterThan(0);
    expect(here() - before).toBeLessThan(64);
    expect(readText(path.join(root, 'dist'), 'posts/post-5/index.html')).toContain('One more line.');
    expect(readText(path.join(root, 'dist'), 'posts/post-119/index.html')).toContain('<!-- edited -->');
  });

  it('report a page a worker could not write as the build\'s write failure, the previous output untouched', async () => {
    const root = largeSite();
    const cacheDir = path.join(root, '.cache');
    const out = path.join(root, 'dist');
    expect((await build(options(root, 'dist', { jobs: 2, cacheDir }))).ok).toBe(true);
    const before = hashTree(out);
    // The oldest post's page, rendered late (on a worker, which writes it), grows past the file size
    // the build may write (ulimit -f, in KB): its write fails with EFBIG on that worker.
    const template = path.join(root, 'templates', 'post.liquid');
    const big = `{% if post.slug == "post-0" %}<!-- ${'x'.repeat(3_000_000)} -->{% endif %}`;
    writeFileSync(template, readFileSync(template, 'utf8').replace('{{ post.title }}', `{{ post.title }}${big}`));
    const bin = path.join(repoRoot, 'bin/hashmark.js');
    const args = [process.execPath, bin, 'build', '--root', root, '--cache-dir', cacheDir, '--jobs', '2'];
    const limited = spawnSync('bash', ['-c', 'ulimit -f 2048 && exec "$@"', 'bash', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const said = limited.stdout + limited.stderr;
    expect(limited.status).toBe(1);
    expect(said).toContain('write-failed');
    expect(said).toContain(`${path.join(out, 'posts/post-0/index.html')}: the file is larger than this process may write (EFBIG)`);
    expect(said).toContain('The previous output is unchanged');
    expect(hashTree(out)).toEqual(before);
    // Without the limit the same edit builds, and the page is whole.
    const free = spawnSync(process.execPath, args.slice(1), { encoding: 'utf8' });
    expect(free.status).toBe(0);
    expect(readText(out, 'posts/post-0/index.html').length).toBeGreaterThan(3_000_000);
  });

  it('read cached bodies on the worker after a template edit, and repair damaged ones, to the same bytes as one thread', async () => {
    const root = largeSite();
    const cacheDir = path.join(root, '.cache');
    expect((await build(options(root, 'pooled', { jobs: 2, cacheDir }))).ok).toBe(true);
    const template = path.join(root, 'templates', 'post.liquid');
    writeFileSync(template, readFileSync(template, 'utf8').replace('{{ post.title }}', '{{ post.title }}<!-- edited -->'));
    // Every cached body's HTML fails its checksum now (its last byte flipped): each page's worker finds it damaged.
    const renderDir = readdirSync(cacheDir).find((name) => name.startsWith('render.'));
    expect(renderDir).toBeDefined();
    let damaged = 0;
    for (const folder of readdirSync(path.join(cacheDir, renderDir!))) {
      if (folder.length !== 2 || folder === 'in') continue;
      for (const name of readdirSync(path.join(cacheDir, renderDir!, folder))) {
        const file = path.join(cacheDir, renderDir!, folder, name);
        const data = readFileSync(file);
        data[data.length - 1]! ^= 1;
        writeFileSync(file, data);
        damaged++;
      }
    }
    expect(damaged).toBeGreaterThan(100);
    const edited = await build(options(root, 'pooled', { jobs: 2, cacheDir }));
    expect(edited.ok).toBe(true);
    expect(readText(path.join(root, 'pooled'), 'posts/post-119/index.html')).toContain('<!-- edited -->');
    expect((await build(options(root, 'single', { jobs: 1 }))).ok).toBe(true);
    expect(hashTree(path.join(root, 'pooled'))).toEqual(hashTree(path.join(root, 'single')));
    // Repaired: the next edit reads sound entries, on the workers, to the same bytes again.
    writeFileSync(template, readFileSync(template, 'utf8').replace('<!-- edited -->', '<!-- edited twice -->'));
    expect((await build(options(root, 'pooled', { jobs: 2, cacheDir }))).ok).toBe(true);
    expect((await build(options(root, 'single', { jobs: 1 }))).ok).toBe(true);
    expect(hashTree(path.join(root, 'pooled'))).toEqual(hashTree(path.join(root, 'single')));
  });
  it('read a cached post\'s table of contents on the worker with its body, and repair a damaged one, to the same bytes as one thread', async () => {
    const root = largeSite();
    // Enough headings for the theme to show the table of contents on every post page.
    for (const name of readdirSync(path.join(root, 'content', 'many'))) {
      const file = path.join(root, 'content', 'many', name);
      writeFileSync(file, `${readFileSync(file, 'utf8')}\n## Second\n\nText.\n\n### Third, with \`code\`\n\nText.\n`);
    }
    const cacheDir = path.join(root, '.cache');
    expect((await build(options(root, 'pooled', { jobs: 2, cacheDir }))).ok).toBe(true);
    const template = path.join(root, 'templates', 'post.liquid');
    writeFileSync(template, readFileSync(template, 'utf8').replace('{{ post.title }}', '{{ post.title }}<!-- edited -->'));
    // One entry's metadata (its first section, right after the header line) fails its checksum.
    const renderDir = readdirSync(cacheDir).find((name) => name.startsWith('render.'))!;
    const entries = readdirSync(path.join(cacheDir, renderDir))
      .filter((folder) => folder.length === 2 && folder !== 'in')
      .flatMap((folder) => readdirSync(path.join(cacheDir, renderDir, folder)).map((name) => path.join(cacheDir, renderDir, folder, name)));
    expect(entries.length).toBeGreaterThan(100);
    const data = readFileSync(entries[7]!);
    data[data.indexOf(0x0a) + 2]! ^= 1;
    writeFileSync(entries[7]!, data);
    const edited = await build(options(root, 'pooled', { jobs: 2, cacheDir }));
    expect(edited.ok).toBe(true);
    const page = readText(path.join(root, 'pooled'), 'posts/post-119/index.html');
    expect(page).toContain('<!-- edited -->');
    expect(page).toMatch(/href="#third-with-code"/);
    expect((await build(options(root, 'single', { jobs: 1 }))).ok).toBe(true);
    expect(hashTree(path.join(root, 'pooled'))).toEqual(hashTree(path.join(root, 'single')));
  });
});
