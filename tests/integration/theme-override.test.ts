import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { copyFixtureSite, hashTree, repoRoot } from '../support/tree.js';

const now = new Date('2026-06-01T12:00:00Z');
const builtInHeader = readFileSync(path.join(repoRoot, 'templates/partials/header.liquid'), 'utf8');
const OPEN = '<header class="site-header">';
const OVERRIDDEN = '<header class="site-header" data-theme="site">';

async function buildSite(root: string): Promise<Awaited<ReturnType<typeof build>>> {
  return build({ root, outDir: path.join(root, 'dist'), cacheDir: path.join(root, '.cache'), now, jobs: 1 });
}

function override(root: string, file: string, text: string): void {
  const target = path.join(root, 'templates', file);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, text);
}

describe('a site overrides the built-in theme file by file', () => {
  it('builds with only templates/partials/header.liquid, and only the header differs', async () => {
    const plain = copyFixtureSite('basic');
    const plainResult = await buildSite(plain);
    expect(plainResult.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);

    const site = copyFixtureSite('basic');
    expect(builtInHeader).toContain(OPEN);
    override(site, 'partials/header.liquid', builtInHeader.replace(OPEN, OVERRIDDEN));
    const result = await buildSite(site);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);

    const before = hashTree(path.join(plain, 'dist'));
    const after = hashTree(path.join(site, 'dist'));
    expect(Object.keys(after)).toEqual(Object.keys(before));
    let pages = 0;
    for (const file of Object.keys(before)) {
      if (!file.endsWith('.html')) {
        expect(after[file], file).toBe(before[file]);
        continue;
      }
      const old = readFileSync(path.join(plain, 'dist', file), 'utf8');
      const changed = readFileSync(path.join(site, 'dist', file), 'utf8');
      expect(changed, file).toContain(OVERRIDDEN);
      // The override is the only difference: putting the built-in markup back gives the same page.
      expect(changed.replace(OVERRIDDEN, OPEN), file).toBe(old);
      pages++;
    }
    expect(pages).toBeGreaterThan(5);
  });

  it('rebuilds when the overriding partial changes', async () => {
    const site = copyFixtureSite('basic');
    override(site, 'partials/header.liquid', builtInHeader.replace(OPEN, OVERRIDDEN));
    await buildSite(site);
    override(site, 'partials/header.liquid', builtInHeader.replace(OPEN, '<header class="site-header" data-theme="edited">'));
    const again = await buildSite(site);
    expect(again.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(readFileSync(path.join(site, 'dist/index.html'), 'utf8')).toContain('data-theme="edited"');
  });

  it('builds theme assets from the site\'s own files where it has them, the built-in ones elsewhere', async () => {
    const site = copyFixtureSite('basic');
    const css = async (): Promise<string> => {
      const result = await buildSite(site);
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const assets = readdirSync(path.join(site, 'dist/assets'));
      expect(assets.some((f) => /^theme-script-.+\.js$/.test(f))).toBe(true);
      // The merged copy Vite built from is gone.
      expect(readdirSync(path.join(site, '.cache')).filter((f) => f.startsWith('theme-assets-'))).toEqual([]);
      return assets.filter((f) => /^theme-.+\.css$/.test(f)).map((f) => readFileSync(path.join(site, 'dist/assets', f), 'utf8')).join('\n');
    };
    // The built-in theme.css imports search.css: the import reaches the site's copy.
    override(site, 'assets/search.css', '.site-search-override { color: red; }\n');
    const imported = await css();
    expect(imported).toContain('.site-search-override');
    expect(imported).toContain('.markdown-alert-important');

    override(site, 'assets/theme.css', '.site-theme-override { color: blue; }\n');
    const replaced = await css();
    expect(replaced).toContain('.site-theme-override');
    expect(replaced).not.toContain('.markdown-alert-important');
  });

  it('names the site\'s own file for a syntax error in an overriding partial', async () => {
    const site = copyFixtureSite('basic');
    override(site, 'partials/header.liquid', '<header>{% if site.title %}unclosed</header>\n');
    const result = await buildSite(site);
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((d) => d.code === 'template-error')).toBe(true);
    expect(errors.map((d) => d.file)).toContain('templates/partials/header.liquid');
  });
});
