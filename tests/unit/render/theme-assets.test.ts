import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildThemeAssets } from '../../../src/render/index.js';

const repoTemplates = fileURLToPath(new URL('../../../templates', import.meta.url));
let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'hashmark-assets-'));
  cpSync(join(repoTemplates, 'assets'), join(root, 'templates', 'assets'), { recursive: true });
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

const options = (basePath = '/blog/') => ({
  root,
  templatesDir: join(root, 'templates'),
  cacheDir: join(root, '.cache'),
  basePath,
});

describe('buildThemeAssets', () => {
  it('builds the theme stylesheet into a content-hashed file linked under the base path', async () => {
    const { value, diagnostics } = await buildThemeAssets(options());
    expect(diagnostics).toEqual([]);
    expect(value.fromCache).toBeFalsy();
    // The theme's stylesheet, then KaTeX's (math.css), which pages link only where they have math.
    expect(value.css).toHaveLength(2);
    expect(value.css[0]).toMatch(/^\/blog\/assets\/theme-[A-Za-z0-9_-]{6,}\.css$/);
    expect(value.css[1]).toMatch(/^\/blog\/assets\/math-[A-Za-z0-9_-]{6,}\.css$/);
    // The theme's script (search) is built beside it, hashed the same way.
    expect(value.js).toHaveLength(1);
    expect(value.js[0]).toMatch(/^\/blog\/assets\/theme-[A-Za-z0-9_-]+\.js$/);
    const file = value.files.find((f) => '/blog/' + f.file === value.css[0]);
    expect(file).toBeDefined();
    expect(new TextDecoder().decode(file!.contents)).toContain('prefers-color-scheme:dark');
  });

  it('returns an unchanged theme from the cache without running Vite, byte for byte', async () => {
    const first = await buildThemeAssets(options());
    const started = performance.now();
    const second = await buildThemeAssets(options());
    const elapsed = performance.now() - started;
    expect(second.value.fromCache).toBe(true);
    expect(elapsed).toBeLessThan(250);
    expect(second.value.css).toEqual(first.value.css);
    expect(second.value.files.map((f) => [f.file, Buffer.from(f.contents).toString('base64')])).toEqual(
      first.value.files.map((f) => [f.file, Buffer.from(f.contents).toString('base64')]),
    );
  });

  it('rebuilds a damaged cache entry with Vite, to the same files, and removes it', async () => {
    const first = await buildThemeAssets(options());
    const folder = join(root, '.cache', 'assets.v2');
    const [entry] = readdirSync(folder);
    const file = join(folder, entry!);
    const data = readFileSync(file);
    data[data.length - 1] = data[data.length - 1]! ^ 0x20;
    writeFileSync(file, data);
    const second = await buildThemeAssets(options());
    expect(second.value.fromCache).toBeFalsy();
    expect(second.value.files.map((f) => [f.file, Buffer.from(f.contents).toString('base64')])).toEqual(
      first.value.files.map((f) => [f.file, Buffer.from(f.contents).toString('base64')]),
    );
    expect((await buildThemeAssets(options())).value.fromCache).toBe(true);
  });

  it('rebuilds with a new hash when the stylesheet changes', async () => {
    const first = await buildThemeAssets(options());
    const css = join(root, 'templates', 'assets', 'theme.css');
    writeFileSync(css, readFileSync(css, 'utf8') + '\n.changed { color: red; }\n');
    const second = await buildThemeAssets(options());
    expect(second.value.fromCache).toBeFalsy();
    expect(second.value.css[0]).not.toBe(first.value.css[0]);
  });

  it('does not reuse a cached build made for another base path', async () => {
    await buildThemeAssets(options('/blog/'));
    const other = await buildThemeAssets(options('/'));
    expect(other.value.fromCache).toBeFalsy();
    expect(other.value.css[0]).toMatch(/^\/assets\/theme-/);
  });

  it('builds a theme script when templates/assets/theme.js exists', async () => {
    writeFileSync(join(root, 'templates', 'assets', 'theme.js'), 'document.documentElement.dataset.js = "yes";\n');
    const { value, diagnostics } = await buildThemeAssets({ ...options(), cacheDir: null });
    expect(diagnostics).toEqual([]);
    expect(value.js).toHaveLength(1);
    expect(value.js[0]).toMatch(/^\/blog\/assets\/theme-script-[A-Za-z0-9_-]{6,}\.js$/);
  });

  it('reports a stylesheet Vite cannot build as asset-build-failed naming the file', async () => {
    writeFileSync(join(root, 'templates', 'assets', 'theme.css'), 'body { color: red;\n@import "missing.css";\n');
    const { diagnostics } = await buildThemeAssets({ ...options(), cacheDir: null });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ severity: 'error', code: 'asset-build-failed' });
    expect(diagnostics[0]).toMatchObject({ file: 'templates/assets/theme.css', line: 1, column: 1 });
    expect(diagnostics[0]!.message).toContain('Unclosed block');
  });
});

describe('prebuilt theme assets', () => {
  it('serve a site that overrides no asset at base path / without Vite, byte for byte what Vite builds', async () => {
    const prebuilt = await buildThemeAssets({ ...options('/'), cacheDir: null });
    expect(prebuilt.diagnostics).toEqual([]);
    expect(prebuilt.value.prebuilt).toBe(true);
    const vite = await buildThemeAssets({ ...options('/'), cacheDir: null, prebuiltDir: null });
    expect(vite.value.prebuilt).toBeFalsy();
    expect(prebuilt.value.css).toEqual(vite.value.css);
    expect(prebuilt.value.js).toEqual(vite.value.js);
    expect(prebuilt.value.files.map((f) => [f.file, Buffer.from(f.contents).toString('base64')])).toEqual(
      vite.value.files.map((f) => [f.file, Buffer.from(f.contents).toString('base64')]),
    );
  });

  it('are not used for another base path or an overridden stylesheet', async () => {
    expect((await buildThemeAssets({ ...options('/blog/'), cacheDir: null })).value.prebuilt).toBeFalsy();
    const css = join(root, 'templates', 'assets', 'theme.css');
    writeFileSync(css, readFileSync(css, 'utf8') + '\n.mine { color: teal; }\n');
    const own = await buildThemeAssets({ ...options('/'), cacheDir: null });
    expect(own.value.prebuilt).toBeFalsy();
    const sheet = own.value.files.find((f) => '/' + f.file === own.value.css[0]);
    expect(new TextDecoder().decode(sheet!.contents)).toContain('teal');
  });
});
