import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCache } from '../../../src/cache/store.js';
import { loadConfig, validateConfig } from '../../../src/config/index.js';
import { importConfig, mayImportNatively } from '../../../src/config/import-config.js';

function project(configText?: string): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'hashmark-config-'));
  if (configText !== undefined) writeFileSync(path.join(root, 'site.config.ts'), configText);
  return root;
}

describe('site config', () => {
  it('gives every setting a default when there is no site.config.ts', async () => {
    const { value, diagnostics } = await loadConfig({ root: project() });
    expect(diagnostics).toEqual([]);
    expect(value).toMatchObject({ basePath: '/', postsPerPage: 10, timeZone: 'UTC', rawHtml: 'sanitize', language: 'en' });
  });

  it('loads a typed TypeScript config file', async () => {
    const root = project(
      "import type { SiteConfigInput } from './nowhere.js';\n" +
        "const config: SiteConfigInput = { title: 'Typed', postsPerPage: 3, url: 'https://example.com/' };\n" +
        'export default config;\n',
    );
    const { value, diagnostics } = await loadConfig({ root });
    expect(diagnostics).toEqual([]);
    expect(value?.title).toBe('Typed');
    expect(value?.postsPerPage).toBe(3);
    // A trailing slash on the origin would double up in every absolute URL.
    expect(value?.url).toBe('https://example.com');
  });

  it('names the key and its line for a bad value', async () => {
    const root = project("export default {\n  title: 'x',\n  postsPerPage: 0,\n};\n");
    const { value, diagnostics } = await loadConfig({ root });
    expect(value).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'config-invalid', file: 'site.config.ts', line: 3 });
    expect(diagnostics[0]?.message).toContain('postsPerPage');
  });

  it('rejects an unknown setting and lists the known ones', () => {
    const { value, diagnostics } = validateConfig({ titel: 'x' }, { text: 'export default {\n  titel: "x"\n}' });
    expect(value).toBeUndefined();
    expect(diagnostics[0]).toMatchObject({ code: 'config-invalid', line: 2 });
    expect(diagnostics[0]?.message).toContain('titel');
    expect(diagnostics[0]?.hint).toContain('title');
  });

  it('reports every bad setting at once', () => {
    const { diagnostics } = validateConfig({ basePath: '/blog?page=2', timeZone: 'Mars/Olympus', rawHtml: 'yes' });
    expect(diagnostics.map((d) => d.message.match(/"(\w+)"/)?.[1]).sort()).toEqual(['basePath', 'rawHtml', 'timeZone']);
  });

  it('lets command-line overrides win and says where a bad one came from', () => {
    const ok = validateConfig({ basePath: '/' }, { overrides: { basePath: '/blog/' } });
    expect(ok.value?.basePath).toBe('/blog/');
    const bad = validateConfig({}, { overrides: { url: 'not a url' } });
    expect(bad.diagnostics[0]?.message).toContain('command line');
  });

  it('reports a url with a path as one error on its line, saying to move the path to basePath', async () => {
    const root = project(
      "export default {\n  title: 'x',\n  author: { name: 'A', url: 'https://a.example/me/' },\n  url: 'https://example.com/blog/',\n};\n",
    );
    const { value, diagnostics } = await loadConfig({ root });
    expect(value).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    // Line 4, not the author's url on line 3.
    expect(diagnostics[0]).toMatchObject({ severity: 'error', code: 'config-invalid', file: 'site.config.ts', line: 4 });
    expect(diagnostics[0]?.message).toContain('"url"');
    expect(diagnostics[0]?.message).toContain('has a path, "/blog/"');
    expect(diagnostics[0]?.hint).toBe("Write url: 'https://example.com' and move the path to basePath: '/blog/'.");
  });

  it('blames the command line, in its flags, for a url with a path given as an override', () => {
    const { diagnostics } = validateConfig({ url: 'https://example.com' }, { text: "export default { url: 'https://example.com' };", overrides: { url: 'https://example.com/blog/' } });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]?.message).toContain('(from the command line)');
    expect(diagnostics[0]?.line).toBeUndefined();
    expect(diagnostics[0]?.hint).toBe('Pass --site-url https://example.com --base /blog/.');
  });

  it('reads basePath without its slashes as the same path, and points at a bad one', async () => {
    expect(validateConfig({ basePath: 'blog' }).value?.basePath).toBe('/blog/');
    expect(validateConfig({}, { overrides: { basePath: '/blog' } }).value?.basePath).toBe('/blog/');
    const root = project("export default {\n  basePath: '/blog/../x/',\n};\n");
    const { diagnostics } = await loadConfig({ root });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'config-invalid', line: 2 });
    expect(diagnostics[0]?.hint).toContain("basePath as a path such as '/blog/x/'");
  });

  it('warns once, when asked, that no url is set', async () => {
    const missing = await loadConfig({ root: project(), warnDefaultUrl: true });
    expect(missing.diagnostics).toHaveLength(1);
    expect(missing.diagnostics[0]).toMatchObject({ severity: 'warning', code: 'default-site-url', file: 'site.config.ts' });
    expect(missing.diagnostics[0]?.message).toContain('There is no site.config.ts');
    expect(missing.diagnostics[0]?.message).toContain('http://localhost:4321');
    expect(missing.diagnostics[0]?.hint).toContain('--site-url');

    const unset = await loadConfig({ root: project("export default { title: 'x' };\n"), warnDefaultUrl: true });
    expect(unset.diagnostics.map((d) => d.code)).toEqual(['default-site-url']);
    expect(unset.diagnostics[0]?.message).toContain('"url" is not set in site.config.ts');

    expect((await loadConfig({ root: project("export default { url: 'https://example.com' };\n"), warnDefaultUrl: true })).diagnostics).toEqual([]);
    expect((await loadConfig({ root: project(), warnDefaultUrl: true, overrides: { url: 'https://example.com' } })).diagnostics).toEqual([]);
    // check and dev load the same settings without the warning.
    expect((await loadConfig({ root: project() })).diagnostics).toEqual([]);
  });

  it('turns a config that throws into a diagnostic, not a crash', async () => {
    const root = project("throw new Error('boom');\nexport default {};\n");
    const { value, diagnostics } = await loadConfig({ root });
    expect(value).toBeUndefined();
    expect(diagnostics[0]).toMatchObject({ code: 'config-load-failed', file: 'site.config.ts' });
    expect(diagnostics[0]?.message).toContain('boom');
  });
});

describe('site config kept in the build cache', () => {
  const settingsFiles = (root: string): string[] =>
    readdirSync(path.join(root, '.cache', 'config.v2')).filter((f) => f.startsWith('settings-'));

  it('gives the same settings from the cache, and follows an edit of the file', async () => {
    const root = project("const config = { title: 'Cached', postsPerPage: 4 };\nexport default config;\n");
    const cacheDir = path.join(root, '.cache');
    const first = await loadConfig({ root, cacheDir });
    expect(settingsFiles(root)).toHaveLength(1);
    const second = await loadConfig({ root, cacheDir });
    expect(second).toEqual(first);
    expect(second.value?.title).toBe('Cached');
    writeFileSync(path.join(root, 'site.config.ts'), "export default { title: 'Edited', postsPerPage: 4 };\n");
    expect((await loadConfig({ root, cacheDir })).value?.title).toBe('Edited');
  });

  it('serves what the cache holds for this exact source', async () => {
    const text = "export default { title: 'Original' };\n";
    const root = project(text);
    const cacheDir = path.join(root, '.cache');
    await loadConfig({ root, cacheDir });
    const [file] = settingsFiles(root);
    openCache(cacheDir).namespace('config', 2).put(file!, JSON.stringify({ settings: { title: 'From the cache' } }));
    expect((await loadConfig({ root, cacheDir })).value?.title).toBe('From the cache');
  });

  it('loads the file again when the kept settings are damaged, and keeps them anew', async () => {
    const root = project("export default { title: 'Original' };\n");
    const cacheDir = path.join(root, '.cache');
    await loadConfig({ root, cacheDir });
    const [file] = settingsFiles(root);
    const entry = path.join(cacheDir, 'config.v2', file!);
    writeFileSync(entry, readFileSync(entry, 'utf8').replace('Original', 'Forged!!'));
    expect((await loadConfig({ root, cacheDir })).value?.title).toBe('Original');
    expect(readFileSync(entry, 'utf8')).toContain('Original');
  });

  it('does not keep a config that imports modules or reads the environment', async () => {
    for (const text of [
      "import { readFileSync } from 'node:fs';\nexport default { title: String(readFileSync.name) };\n",
      "export default { title: process.env.SITE_TITLE ?? 'Env' };\n",
    ]) {
      const root = project(text);
      await loadConfig({ root, cacheDir: path.join(root, '.cache') });
      expect(existsSync(path.join(root, '.cache', 'config.v2')) ? settingsFiles(root) : []).toEqual([]);
    }
  });
});

describe('how site.config.ts is evaluated', () => {
  const file = (text: string): string => path.join(project(text), 'site.config.ts');

  it('imports plain JavaScript that imports nothing natively, without jiti', async () => {
    const text = "export default { title: 'Plain', postsPerPage: 10 };\n";
    expect(mayImportNatively(text)).toBe(true);
    const loaded = await importConfig(file(text), text, false);
    expect(loaded).toEqual({ settings: { title: 'Plain', postsPerPage: 10 }, loader: 'native' });
  });

  it('evaluates the file afresh on each load, as jiti does', async () => {
    const text = 'globalThis.hashmarkConfigLoads = (globalThis.hashmarkConfigLoads ?? 0) + 1;\nexport default { n: globalThis.hashmarkConfigLoads };\n';
    const path1 = file(text);
    const first = await importConfig(path1, text, false);
    const second = await importConfig(path1, text, false);
    expect(first.loader).toBe('native');
    expect((second.settings as { n: number }).n).toBe((first.settings as { n: number }).n + 1);
  });

  it('falls back to jiti for TypeScript syntax', async () => {
    const text = "const config: { title: string } = { title: 'Typed' };\nexport default config satisfies object;\n";
    expect(mayImportNatively(text)).toBe(true);
    const loaded = await importConfig(file(text), text, false);
    expect(loaded).toEqual({ settings: { title: 'Typed' }, loader: 'jiti' });
  });

  it('leaves configs with imports or CommonJS names to jiti', async () => {
    for (const text of [
      "import { title } from './title.js';\nexport default { title };\n",
      "import { defineConfig } from 'other-package';\nexport default defineConfig({});\n",
      "export default { title: import.meta.url };\n",
      "module.exports = { title: 'x' };\n",
      "export default { title: __dirname };\n",
    ]) {
      expect(mayImportNatively(text), text).toBe(false);
    }
    const text = "export default { title: typeof __dirname };\n";
    expect(await importConfig(file(text), text, false)).toEqual({ settings: { title: 'string' }, loader: 'jiti' });
  });

  it('reports an error thrown by a plain config as it is, and a syntax error through jiti', async () => {
    const thrown = await loadConfig({ root: project("throw new RangeError('out of range');\nexport default {};\n") });
    expect(thrown.diagnostics).toHaveLength(1);
    expect(thrown.diagnostics[0]).toMatchObject({ code: 'config-load-failed', file: 'site.config.ts' });
    expect(thrown.diagnostics[0]?.message).toContain('out of range');

    const broken = await loadConfig({ root: project("export default { title: 'x',,, };\n") });
    expect(broken.value).toBeUndefined();
    expect(broken.diagnostics[0]).toMatchObject({ code: 'config-load-failed', file: 'site.config.ts' });
  });

  it('gives the module its exports when there is no default export, as jiti does', async () => {
    const text = "export const title = 'Named';\n";
    expect(await importConfig(file(text), text, false)).toEqual({ settings: { title: 'Named' }, loader: 'native' });
    expect((await loadConfig({ root: project(text) })).value?.title).toBe('Named');
  });
});
