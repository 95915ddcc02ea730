import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveMarkdownPlugins } from '../../../src/config/plugins.js';
import { validateConfig } from '../../../src/config/load.js';
import type { SiteConfig } from '../../../src/config/schema.js';
import { markdownOptionsFrom } from '../../../src/markdown/options.js';
import { renderPosts } from '../../../src/markdown/render-posts.js';
import type { MarkdownOptions } from '../../../src/markdown/types.js';
import { post } from './helpers.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hashmark-plugins-'));
  dirs.push(dir);
  return dir;
}

/** Settings as site.config.ts would give them, resolved from this repository's node_modules. */
async function markdownFor(input: Record<string, unknown>): Promise<MarkdownOptions> {
  const { value, diagnostics } = validateConfig(input);
  expect(diagnostics).toEqual([]);
  expect(await resolveMarkdownPlugins(value!, repo, 'site.config.ts')).toEqual([]);
  return markdownOptionsFrom(value as SiteConfig);
}

const posts = [
  post('Hello :tada: :-) and [a link](https://example.com/).\n', { slug: 'one', source: 'content/one.md', title: 'One' }),
  post('No emoji, [another](https://example.org/).\n', { slug: 'two', source: 'content/two.md', title: 'Two' }),
  post('Plain text.\n', { slug: 'three', source: 'content/three.md', title: 'Three' }),
];

describe('plugins from the config', () => {
  it('runs a remark and a rehype plugin from npm with their options, in workers and in one thread alike', async () => {
    const markdown = await markdownFor({
      markdown: {
        remarkPlugins: [['remark-emoji', { emoticon: true }]],
        rehypePlugins: [['rehype-external-links', { rel: ['nofollow'], target: '_blank' }]],
        sanitize: { attributes: { a: ['rel', 'target'] } },
      },
    });
    for (const jobs of [1, 2]) {
      const { value, diagnostics } = await renderPosts(posts, { markdown, jobs, cacheDir: null });
      expect(diagnostics).toEqual([]);
      const html = value.bodies.html('one');
      // Shortcodes always; emoticons only with the option.
      expect(html).toContain('Hello 🎉 😃 and');
      expect(html).toContain('<a href="https://example.com/" rel="nofollow" target="_blank">a link</a>');
    }
  });

  it('the sanitiser still removes what a plugin adds unless markdown.sanitize allows it', async () => {
    const markdown = await markdownFor({ markdown: { rehypePlugins: [['rehype-external-links', { target: '_blank' }]] } });
    const { value } = await renderPosts(posts.slice(0, 1), { markdown, jobs: 1, cacheDir: null });
    expect(value.bodies.html('one')).toContain('<a href="https://example.com/">a link</a>');
  });

  it('a changed option, or a removed plugin, re-renders every post; the same settings hit the cache', async () => {
    const cacheDir = tempDir();
    const withRel = (rel: string) => markdownFor({ markdown: { rehypePlugins: [['rehype-external-links', { rel: [rel] }]], sanitize: { attributes: { a: ['rel'] } } } });
    const run = async (markdown: MarkdownOptions) => (await renderPosts(posts, { markdown, jobs: 2, cacheDir })).value;

    expect((await run(await withRel('nofollow'))).stats).toEqual({ rendered: 3, cached: 0 });
    expect((await run(await withRel('nofollow'))).stats).toEqual({ rendered: 0, cached: 3 });
    const changed = await run(await withRel('noopener'));
    expect(changed.stats).toEqual({ rendered: 3, cached: 0 });
    expect(changed.bodies.html('one')).toContain('rel="noopener"');
    const removed = await run(await markdownFor({ markdown: { sanitize: { attributes: { a: ['rel'] } } } }));
    expect(removed.stats).toEqual({ rendered: 3, cached: 0 });
    expect(removed.bodies.html('one')).toContain('<a href="https://example.com/">a link</a>');
  });

  it('a plugin that throws on one post fails that post, naming it and the plugin; the others render', async () => {
    const dir = tempDir();
    const file = join(dir, 'remark-picky.mjs');
    writeFileSync(
      file,
      `export default function picky(options) {\n  return (tree, file) => {\n    if (String(file.value).includes(options.word)) throw new Error('cannot stand ' + options.word);\n  };\n}\n`,
    );
    const markdown = await markdownFor({ markdown: { remarkPlugins: [[file, { word: 'emoji' }]] } });
    for (const jobs of [1, 2]) {
      const { value, diagnostics } = await renderPosts(posts, { markdown, jobs, cacheDir: null });
      expect(diagnostics).toEqual([
        expect.objectContaining({
          severity: 'error',
          code: 'markdown-plugin-failed',
          file: 'content/two.md',
          message: `The Markdown plugin "${file}" failed on this post: cannot stand emoji.`,
        }),
      ]);
      expect(value.bodies.html('one')).toContain('a link');
      expect(value.bodies.html('three')).toBe('<p>Plain text.</p>');
    }
  });

  it('a plugin that cannot be found, or loaded, is one clear error naming it', async () => {
    const { value } = validateConfig({ markdown: { remarkPlugins: ['remark-does-not-exist-here'] } });
    expect(await resolveMarkdownPlugins(value!, repo, 'site.config.ts')).toEqual([
      expect.objectContaining({ code: 'markdown-plugin-failed', message: expect.stringContaining('"remark-does-not-exist-here"') }),
    ]);

    const dir = tempDir();
    const file = join(dir, 'broken.mjs');
    writeFileSync(file, 'export default function broken() { throw new Error("bad options"); }\n');
    const markdown = await markdownFor({ markdown: { rehypePlugins: [file] } });
    const { diagnostics } = await renderPosts(posts, { markdown, jobs: 2, cacheDir: null });
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'markdown-plugin-failed', file: 'site.config.ts', message: `The Markdown plugin "${file}" could not be set up: bad options.` }),
    ]);
  });

  it('an entry that is neither a plugin nor a name, or options that are not plain data, is config-invalid with the reason', () => {
    const wrong = validateConfig({ markdown: { remarkPlugins: [42, ['remark-x', {}, 'extra']] } });
    expect(wrong.diagnostics).toEqual([
      expect.objectContaining({ code: 'config-invalid', message: expect.stringContaining('expected an imported plugin such as remarkFoo or a package name') }),
      expect.objectContaining({ code: 'config-invalid', message: expect.stringContaining('expected an imported plugin') }),
    ]);
    const opts = validateConfig({ markdown: { rehypePlugins: [['rehype-x', { test: () => true }]] } });
    expect(opts.diagnostics).toEqual([expect.objectContaining({ code: 'config-invalid', message: expect.stringContaining('plain data') })]);
  });
});
