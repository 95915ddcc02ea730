import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import rehypeExternalLinks from 'rehype-external-links';
import remarkEmoji from 'remark-emoji';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, validateConfig } from '../../../src/config/load.js';
import { resolveMarkdownPlugins } from '../../../src/config/plugins.js';
import type { SiteConfig } from '../../../src/config/schema.js';
import { markdownOptionsFrom } from '../../../src/markdown/options.js';
import { pipelineKey } from '../../../src/markdown/render-cache.js';
import { renderPosts } from '../../../src/markdown/render-posts.js';
import type { MarkdownOptions } from '../../../src/markdown/types.js';
import { post } from './helpers.js';

// Projects live under the repository, so their imports of remark-emoji and friends resolve from its node_modules.
const repo = fileURLToPath(new URL('../../../', import.meta.url));
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  mkdirSync(join(repo, 'tests/.tmp'), { recursive: true });
  const dir = mkdtempSync(join(repo, 'tests/.tmp/plugin-functions-'));
  dirs.push(dir);
  return dir;
}

function versionOf(pkg: string): string {
  return (JSON.parse(readFileSync(join(repo, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
}

// A local remark plugin as a named export; it uses an import, so jiti's copy of it reads differently from the file.
const SHOUT = `import { visit } from 'unist-util-visit';
export function remarkShout(options = {}) {
  const mark = options.mark ?? '!';
  return (tree) => visit(tree, 'text', (node) => { node.value = node.value.replace(/\\bhello\\b/gi, (w) => w.toUpperCase() + mark); });
}
`;

/** A project whose site.config.ts imports its plugins, in Astro's shape; `markdown` is the config's markdown object, as source. */
function project(markdown: string, imports = ''): string {
  const root = tempDir();
  mkdirSync(join(root, 'plugins'));
  writeFileSync(join(root, 'plugins/shout.mjs'), SHOUT);
  writeFileSync(join(root, 'package.json'), JSON.stringify({ private: true, type: 'module' }));
  writeConfig(root, markdown, imports);
  return root;
}

function writeConfig(root: string, markdown: string, imports = ''): void {
  writeFileSync(
    join(root, 'site.config.ts'),
    `import remarkEmoji from 'remark-emoji';
import rehypeExternalLinks from 'rehype-external-links';
import { remarkShout } from './plugins/shout.mjs';
${imports}
const options: { emoticon: boolean } = { emoticon: true };
export default { title: 'Plugins', markdown: ${markdown} };
`,
  );
}

async function markdownOf(root: string): Promise<MarkdownOptions> {
  const { value, diagnostics } = await loadConfig({ root });
  expect(diagnostics).toEqual([]);
  return markdownOptionsFrom(value!);
}

const posts = [
  post('Hello :tada: :-) and [a link](https://example.com/).\n', { slug: 'one', source: 'content/one.md', title: 'One' }),
  post('No emoji, [another](https://example.org/).\n', { slug: 'two', source: 'content/two.md', title: 'Two' }),
  post('Plain text.\n', { slug: 'three', source: 'content/three.md', title: 'Three' }),
];

const ALL = `{
  remarkPlugins: [[remarkEmoji, options], remarkShout],
  rehypePlugins: [[rehypeExternalLinks, { rel: ['nofollow'], target: '_blank' }]],
  sanitize: { attributes: { a: ['rel', 'target'] } },
}`;

describe('plugins given as functions', () => {
  it('are traced to their package or file, and render in one thread and in workers', async () => {
    const root = project(ALL);
    const markdown = await markdownOf(root);
    expect(markdown.remarkPlugins.map(({ name, version, export: named }) => ({ name, version, export: named }))).toEqual([
      { name: 'remark-emoji', version: versionOf('remark-emoji'), export: undefined },
      { name: './plugins/shout.mjs', version: expect.stringMatching(/^file-/), export: 'remarkShout' },
    ]);
    expect(markdown.rehypePlugins).toEqual([
      expect.objectContaining({ name: 'rehype-external-links', version: versionOf('rehype-external-links'), options: { rel: ['nofollow'], target: '_blank' } }),
    ]);
    for (const jobs of [1, 2]) {
      const { value, diagnostics } = await renderPosts(posts, { markdown, jobs, cacheDir: null });
      expect(diagnostics).toEqual([]);
      // The emoticon comes only with the option; HELLO! only from the local plugin.
      expect(value.bodies.html('one')).toBe('<p>HELLO! 🎉 😃 and <a href="https://example.com/" rel="nofollow" target="_blank">a link</a>.</p>');
    }
  });

  it('a changed option, or a removed plugin, re-renders; the same settings hit the cache', async () => {
    const root = project(ALL);
    const cacheDir = tempDir();
    const run = async () => (await renderPosts(posts, { markdown: await markdownOf(root), jobs: 2, cacheDir })).value;

    expect((await run()).stats).toEqual({ rendered: 3, cached: 0 });
    expect((await run()).stats).toEqual({ rendered: 0, cached: 3 });
    writeConfig(root, ALL.replace("rel: ['nofollow']", "rel: ['noopener']"));
    const changed = await run();
    expect(changed.stats).toEqual({ rendered: 3, cached: 0 });
    expect(changed.bodies.html('one')).toContain('rel="noopener"');
    writeConfig(root, ALL.replace('[[remarkEmoji, options], remarkShout]', '[[remarkEmoji, options]]'));
    const removed = await run();
    expect(removed.stats).toEqual({ rendered: 3, cached: 0 });
    expect(removed.bodies.html('one')).toContain('<p>Hello 🎉 😃 and');
  });

  it('keys the render cache as the same plugin given by name would', async () => {
    const byFunction = await markdownOf(project(`{ remarkPlugins: [[remarkEmoji, { emoticon: true }]] }`));
    const byName = validateConfig({ markdown: { remarkPlugins: [['remark-emoji', { emoticon: true }]] } }).value!;
    expect(await resolveMarkdownPlugins(byName, repo, 'site.config.ts')).toEqual([]);
    expect(pipelineKey(byFunction)).toBe(pipelineKey(markdownOptionsFrom(byName)));
  });

  it('finds a function imported in this thread among the project dependencies', async () => {
    const { value } = validateConfig({ markdown: { remarkPlugins: [remarkEmoji], rehypePlugins: [[rehypeExternalLinks, { target: '_blank' }]] } });
    expect(await resolveMarkdownPlugins(value!, repo, 'site.config.ts')).toEqual([]);
    const markdown = markdownOptionsFrom(value as SiteConfig);
    expect(markdown.remarkPlugins.map((p) => p.name)).toEqual(['remark-emoji']);
    expect(markdown.rehypePlugins.map((p) => [p.name, p.options])).toEqual([['rehype-external-links', { target: '_blank' }]]);
  });

  it('a function written in site.config.ts is config-invalid, naming the entry and the fix', async () => {
    const root = project(`{ remarkPlugins: [remarkEmoji, function remarkInline() { return () => undefined; }] }`);
    const { value, diagnostics } = await loadConfig({ root });
    expect(value).toBeUndefined();
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'config-invalid',
        line: 6,
        message: expect.stringContaining('Setting "markdown.remarkPlugins[1]" is invalid: the plugin function "remarkInline"'),
        hint: expect.stringMatching(/^Put the plugin in a file .* and import it from there, or list it by package name/),
      }),
    ]);
  });

  it('options that are not plain data are config-invalid, saying they must be', async () => {
    const root = project(`{ rehypePlugins: [[rehypeExternalLinks, { test: () => true }]] }`);
    const { diagnostics } = await loadConfig({ root });
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'config-invalid', message: expect.stringContaining('the options of "rehypeExternalLinks" must be plain data') }),
    ]);
  });
});
