import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { build, type BuildOptions, type BuildResult } from '../../src/build.js';
import { templateRenderCounts } from '../../src/render/page-renderer.js';
import { svg } from '../support/images.js';
import { copyFixtureSite, hashTree, readText, repoRoot } from '../support/tree.js';

/**
 * Differential tests: whole sites built with the compiled templates (in `verify` mode, where every
 * page is also rendered by LiquidJS and a difference is an error) and with LiquidJS alone, whose
 * outputs must be the same bytes; the compiled path must have rendered every page.
 */

const now = new Date('2026-06-01T12:00:00Z');
const roots: string[] = [];
const engineBefore = process.env['HASHMARK_TEMPLATE_ENGINE'];

afterEach(() => {
  if (engineBefore === undefined) delete process.env['HASHMARK_TEMPLATE_ENGINE'];
  else process.env['HASHMARK_TEMPLATE_ENGINE'] = engineBefore;
});

afterAll(() => {
  for (const root of roots.splice(0)) rmSync(path.dirname(root), { recursive: true, force: true });
});

function write(root: string, file: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
}

const AUTHORS = ['Ada Lovelace', 'Grace Hopper', 'Linus <T>'];
const TAGS = ['Kafka', 'Rust & C', 'Testing', 'Event "Sourcing"', 'Notes'];

/** A site with every feature the default theme shows: authors, updates, images, featured, drafts, scheduled posts, tags, pagination, pages in the menu. */
function richSite(posts: number): string {
  const root = copyFixtureSite('dev-small');
  roots.push(root);
  rmSync(path.join(root, 'content'), { recursive: true, force: true });
  write(root, 'site.config.ts', `export default {
  title: 'Rich & <Strange> "Site"',
  description: 'Posts with everything.',
  url: 'https://rich.example',
  basePath: '/blog/',
  language: 'en-GB',
  author: { name: 'Site Author', url: 'https://rich.example/me' },
  postsPerPage: 3,
  tocMinHeadings: 2,
  brokenLinks: 'warning',
};
`);
  for (let i = 0; i < posts; i++) {
    const day = String(1 + (i % 27)).padStart(2, '0');
    const month = String(1 + (i % 12)).padStart(2, '0');
    const year = i === posts - 1 ? 2027 : 2020 + (i % 5);
    const bundle = i % 4 === 0;
    const file = bundle ? `content/post-${i}/index.md` : `content/post-${i}.md`;
    const lines = [`#title`, `Post ${i}: ${i % 3 === 0 ? 'Ampersands & <angles>' : 'plain'}`];
    if (i % 2 === 0) lines.push('#description', `About post ${i}, "quoted" & more.`);
    lines.push('#date', `${year}-${month}-${day}`);
    lines.push('#tags', JSON.stringify(TAGS.filter((_, t) => (i + t) % 3 === 0)));
    if (i % 5 === 0) lines.push('#featured', 'true');
    if (i % 7 === 3) lines.push('#draft', 'true');
    if (i % 3 === 1) lines.push('#authors', ...AUTHORS.slice(0, 1 + ((i >> 1) % 3)));
    if (i % 4 === 2) lines.push('#updated', `${year}-12-28`);
    if (bundle) lines.push('#image', 'cover.svg', `Cover of post ${i}`);
    lines.push('#body', '', `Intro of post ${i} with *emphasis* and \`code\`.`, '');
    const headings = i % 3 === 0 ? 3 : 1;
    for (let h = 0; h < headings; h++) lines.push(`## Part ${h} of ${i}`, '', `Text ${h}, a [link](/blog/posts/post-${(i + 1) % posts}/).`, '');
    if (bundle) lines.push('![A chart](chart.svg)', '');
    write(root, file, lines.join('\n') + '\n');
    if (bundle) {
      write(root, `content/post-${i}/cover.svg`, svg(1200, 630));
      write(root, `content/post-${i}/chart.svg`, svg(300, 200));
    }
  }
  write(root, 'content/pages/about.md', '#title\nAbout <us>\n#description\nWho writes here.\n#menu\ntrue\n#body\n\n## One\n\nx\n\n## Two\n\ny\n');
  write(root, 'content/pages/colophon.md', '#title\nColophon\n#menu\n1\n#body\n\nMade with care.\n');
  write(root, 'content/pages/hidden.md', '#title\nNot in the menu\n#body\n\nQuiet.\n');
  return root;
}

interface Built {
  result: BuildResult;
  counts: typeof templateRenderCounts;
}

async function buildWith(engine: 'verify' | 'liquidjs', options: BuildOptions): Promise<Built> {
  process.env['HASHMARK_TEMPLATE_ENGINE'] = engine;
  const before = { ...templateRenderCounts };
  const result = await build(options);
  const counts = {
    compiled: templateRenderCounts.compiled - before.compiled,
    handedOver: templateRenderCounts.handedOver - before.handedOver,
    liquid: templateRenderCounts.liquid - before.liquid,
  };
  return { result, counts };
}

function templateErrors(result: BuildResult): string[] {
  return result.diagnostics.filter((d) => d.code === 'template-error').map((d) => `${d.file}: ${d.message}`);
}

/** Builds the site both ways and checks every page is the same, rendered compiled in this thread. */
async function bothWays(root: string, extra: Partial<BuildOptions> = {}): Promise<Record<string, string>> {
  const base: BuildOptions = { root, cacheDir: null, now, jobs: 1, ...extra };
  const verified = await buildWith('verify', { ...base, outDir: path.join(root, 'out-compiled') });
  expect(templateErrors(verified.result)).toEqual([]);
  expect(verified.result.ok, JSON.stringify(verified.result.diagnostics.filter((d) => d.severity === 'error'))).toBe(true);
  expect(verified.counts.handedOver).toBe(0);
  expect(verified.counts.liquid).toBe(0);
  expect(verified.counts.compiled).toBe(verified.result.pages);
  const reference = await buildWith('liquidjs', { ...base, outDir: path.join(root, 'out-liquidjs') });
  expect(reference.result.ok).toBe(true);
  expect(reference.counts.compiled).toBe(0);
  const compiledTree = hashTree(path.join(root, 'out-compiled'));
  expect(compiledTree).toEqual(hashTree(path.join(root, 'out-liquidjs')));
  return compiledTree;
}

describe('whole sites, compiled and with LiquidJS', () => {
  it('a site with authors, updates, images, featured posts, drafts, scheduled posts, pagination and menu pages', async () => {
    const root = richSite(40);
    const tree = await bothWays(root, { drafts: true, future: true });
    const files = Object.keys(tree);
    // The features were there to compare: author pages, pages, paginated tags, a bundle's cover.
    for (const file of ['authors/ada-lovelace/index.html', 'about/index.html', 'colophon/index.html', 'page/2/index.html', 'featured/index.html', 'posts/post-0/cover.svg']) {
      expect(files, file).toContain(file);
    }
    expect(files.some((f) => /^tags\/[^/]+\/page\/2\/index\.html$/.test(f))).toBe(true);
    const out = path.join(root, 'out-compiled');
    const post = readText(out, 'posts/post-4/index.html');
    expect(post).toContain('og:image');
    expect(readText(out, 'posts/post-6/index.html')).toContain('class="toc"');
    expect(readText(out, 'posts/post-3/index.html')).toContain('badge-draft');
    expect(readText(out, 'posts/post-39/index.html')).toContain('badge-scheduled');
    expect(readText(out, 'posts/post-1/index.html')).toContain('class="post-authors"');
    expect(readText(out, 'index.html')).toContain('featured-block');
    expect(readText(out, 'about/index.html')).toContain('aria-current="page"');
  });

  it('the same site with a menu setting', async () => {
    const root = richSite(12);
    const config = path.join(root, 'site.config.ts');
    write(root, 'site.config.ts', readFileSync(config, 'utf8').replace("brokenLinks: 'warning',", "brokenLinks: 'warning',\n  menu: [{ title: 'Writing', url: '/' }, { title: 'Code & more', url: 'https://code.example/' }],"));
    await bothWays(root);
  });

  it.each(['basic', 'variety', 'search', 'markdown-features', 'dev-small'])('the %s fixture site', async (name) => {
    const root = copyFixtureSite(name);
    roots.push(root);
    await bothWays(root);
  });

  it('the reader fixture, over the repository’s own posts', async () => {
    const root = copyFixtureSite('reader');
    roots.push(root);
    await bothWays(root, { contentDir: path.join(repoRoot, 'content') });
  });

  it('pages rendered on page workers match LiquidJS too', async () => {
    const root = richSite(90);
    process.env['HASHMARK_TEMPLATE_ENGINE'] = 'verify';
    const pooled = await build({ root, outDir: path.join(root, 'out-pooled'), cacheDir: null, now, jobs: 2 });
    expect(templateErrors(pooled)).toEqual([]);
    expect(pooled.ok).toBe(true);
    expect(pooled.pages).toBeGreaterThan(100);
    process.env['HASHMARK_TEMPLATE_ENGINE'] = 'liquidjs';
    const reference = await build({ root, outDir: path.join(root, 'out-reference'), cacheDir: null, now, jobs: 2 });
    expect(reference.ok).toBe(true);
    expect(hashTree(path.join(root, 'out-pooled'))).toEqual(hashTree(path.join(root, 'out-reference')));
  });
});
