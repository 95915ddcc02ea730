import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, type BuildOptions } from '../../src/build.js';
import type { Diagnostic } from '../../src/diagnostics.js';
import { createMemoryWriter } from '../../src/output/index.js';
import { copyFixtureSite, repoRoot } from '../support/tree.js';

const now = new Date('2026-06-01T12:00:00Z');

function options(root: string, extra: Partial<BuildOptions> = {}): BuildOptions {
  return { root, outDir: path.join(root, 'dist'), cacheDir: path.join(root, '.cache'), now, jobs: 1, ...extra };
}

const brokenLinks = (diagnostics: readonly Diagnostic[]): Diagnostic[] => diagnostics.filter((d) => d.code === 'broken-link');

/** The basic fixture with its own copy of the theme, whose header partial links to a page that does not exist. */
function siteWithBrokenPartial(): { root: string; line: number } {
  const root = copyFixtureSite('basic');
  cpSync(path.join(repoRoot, 'templates'), path.join(root, 'templates'), { recursive: true });
  const header = path.join(root, 'templates/partials/header.liquid');
  const lines = readFileSync(header, 'utf8').split('\n');
  const at = lines.findIndex((l) => l.includes('links.archive'));
  lines.splice(at + 1, 0, '<li><a href="/about/">About</a></li>');
  writeFileSync(header, lines.join('\n'));
  return { root, line: at + 2 };
}

describe('a broken link in a template', () => {
  it('is reported once, at the partial and line that writes it, counting the pages it is on', async () => {
    const { root, line } = siteWithBrokenPartial();
    const result = await build(options(root, { writer: createMemoryWriter() }));
    const broken = brokenLinks(result.diagnostics);
    expect(broken).toHaveLength(1);
    expect(broken[0]).toMatchObject({ file: 'templates/partials/header.liquid', line, column: 14 });
    expect(broken[0]?.message).toContain(`on ${result.pages} pages (`);
    expect(broken[0]?.message).not.toContain(`and ${result.pages - 1} more pages:`);
  });

  it('in the one partial a site overrides is reported at the site\'s file', async () => {
    const root = copyFixtureSite('basic');
    const header = path.join(root, 'templates/partials/header.liquid');
    mkdirSync(path.dirname(header), { recursive: true });
    writeFileSync(header, '<header><a href="/about/">About</a></header>\n');
    const result = await build(options(root, { writer: createMemoryWriter() }));
    expect(brokenLinks(result.diagnostics).map((d) => `${d.file}:${d.line}`)).toEqual(['templates/partials/header.liquid:1']);
  });

  it('made by an expression in the post template, is one diagnostic naming that template line', async () => {
    const { root, line } = siteWithBrokenPartial();
    const postTemplate = path.join(root, 'templates/post.liquid');
    const text = readFileSync(postTemplate, 'utf8');
    writeFileSync(postTemplate, text.replace('{{ content | raw }}', '{{ content | raw }}\n<p><a href="{{ post.url }}comments/">Comments</a></p>'));
    const lineOfLink = text.slice(0, text.indexOf('{{ content | raw }}')).split('\n').length + 1;
    const cold = await build(options(root));
    const broken = brokenLinks(cold.diagnostics).map((d) => `${d.file}:${d.line}`);
    expect(broken).toEqual([`templates/partials/header.liquid:${line}`, `templates/post.liquid:${lineOfLink}`]);
    expect(brokenLinks(cold.diagnostics)[1]?.message).toMatch(/^3 broken links \(such as "\/posts\/[^"]+\/comments\/"\) from templates\/post.liquid, on 3 pages/);
    // A warm build replays the stored verdict: the same diagnostics.
    const warm = await build(options(root));
    expect(brokenLinks(warm.diagnostics)).toEqual(brokenLinks(cold.diagnostics));
  });
});
