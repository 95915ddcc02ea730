import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics.js';
import { repoRoot } from '../support/tree.js';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** The markdown-features site, under the repository so its config's imports resolve from its node_modules. */
function site(): string {
  mkdirSync(path.join(repoRoot, 'tests/.tmp'), { recursive: true });
  const root = mkdtempSync(path.join(repoRoot, 'tests/.tmp/plugin-functions-site-'));
  roots.push(root);
  cpSync(path.join(repoRoot, 'tests/fixtures/sites/markdown-features'), root, { recursive: true });
  writeFileSync(path.join(root, 'content/2024-05-03-emoji.md'), '#title\nEmoji\n#date\n2024-05-03\n#body\nShipped :tada:\n');
  return root;
}

function writeConfig(root: string, target: string): void {
  writeFileSync(
    path.join(root, 'site.config.ts'),
    `import remarkEmoji from 'remark-emoji';
import rehypeExternalLinks from 'rehype-external-links';
import rehypeRel from './plugins/rehype-rel.mjs';

export default {
  title: 'Markdown features',
  url: 'https://example.com',
  markdown: {
    remarkPlugins: [remarkEmoji],
    rehypePlugins: [[rehypeRel, { rel: ['nofollow'] }], [rehypeExternalLinks, { target: '${target}' }]],
    sanitize: { attributes: { a: ['rel', 'target'] } },
  },
};
`,
  );
}

function build(root: string): Diagnostic[] {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin/hashmark.js'), 'build', '--root', root, '--format', 'json', '--jobs', '2'], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', HASHMARK_DEBUG: '' },
  });
  expect(r.stderr).not.toContain('Error');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as Diagnostic[];
}

describe('a site.config.ts that imports its Markdown plugins', () => {
  it('builds with them in workers, and a changed option changes the pages', () => {
    const root = site();
    writeConfig(root, '_blank');
    expect(build(root).map((d) => d.code)).toEqual(['math-error', 'removed-html']);
    const page = () => readFileSync(path.join(root, 'dist/posts/everything/index.html'), 'utf8');
    expect(page()).toContain('<a href="https://example.org/" rel="nofollow" target="_blank">outside link</a>');
    expect(readFileSync(path.join(root, 'dist/posts/emoji/index.html'), 'utf8')).toContain('<p>Shipped 🎉</p>');

    writeConfig(root, '_top');
    build(root);
    expect(page()).toContain('<a href="https://example.org/" rel="nofollow" target="_top">outside link</a>');
  });

  it('a plugin written in site.config.ts stops the build with config-invalid, naming the entry', () => {
    const root = site();
    writeConfig(root, '_blank');
    const file = path.join(root, 'site.config.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace('remarkPlugins: [remarkEmoji]', 'remarkPlugins: [remarkEmoji, () => () => undefined]'));
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin/hashmark.js'), 'build', '--root', root, '--format', 'json', '--jobs', '2'], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', HASHMARK_DEBUG: '' },
    });
    expect(r.status).not.toBe(0);
    expect(JSON.parse(r.stdout) as Diagnostic[]).toEqual([
      expect.objectContaining({ code: 'config-invalid', file: 'site.config.ts', line: 9, message: expect.stringContaining('"markdown.remarkPlugins[1]"') }),
    ]);
  });
});
