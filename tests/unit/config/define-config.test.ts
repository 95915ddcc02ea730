import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCache } from '../../../src/cache/store.js';
import { importConfig, mayImportNatively } from '../../../src/config/import-config.js';
import { loadConfig } from '../../../src/config/index.js';
import { defineConfig } from '../../../src/index.js';
import { repoRoot } from '../../support/tree.js';

const CONFIG = "import { defineConfig } from 'hashmark';\n\nexport default defineConfig({ title: 'Defined', postsPerPage: 4 });\n";

/** A blog folder whose site.config.ts imports the package; `installed` links node_modules/hashmark to this repository. */
function blog(installed: boolean): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'hashmark-define-'));
  writeFileSync(path.join(root, 'site.config.ts'), CONFIG);
  if (installed) {
    mkdirSync(path.join(root, 'node_modules'));
    symlinkSync(repoRoot, path.join(root, 'node_modules', 'hashmark'), 'dir');
  }
  return root;
}

describe("import { defineConfig } from 'hashmark'", () => {
  it('returns the settings unchanged', () => {
    const settings = { title: 'T', author: { name: 'A' } };
    expect(defineConfig(settings)).toBe(settings);
  });

  it("loads this repository's own site.config.ts, which imports the package by its name", async () => {
    const { value, diagnostics } = await loadConfig({ root: repoRoot });
    expect(diagnostics).toEqual([]);
    expect(value?.title).toBe('Hashmark Notes');
  });

  it("is resolved from the blog's node_modules, and the settings are kept in the cache like a config without imports", async () => {
    const root = blog(true);
    const cacheDir = path.join(root, '.cache');
    const first = await loadConfig({ root, cacheDir });
    expect(first.diagnostics).toEqual([]);
    expect(first.value).toMatchObject({ title: 'Defined', postsPerPage: 4 });
    const kept = readdirSync(path.join(cacheDir, 'config.v2')).filter((f) => f.startsWith('settings-'));
    expect(kept).toHaveLength(1);
    // What the cache holds is what the next load serves: the config is not evaluated again.
    openCache(cacheDir).namespace('config', 2).put(kept[0]!, JSON.stringify({ settings: { title: 'From the cache' } }));
    expect((await loadConfig({ root, cacheDir })).value?.title).toBe('From the cache');
  });

  it('is imported natively from the installed package, without jiti, as `hashmark init` writes it', async () => {
    expect(mayImportNatively(CONFIG)).toBe(true);
    const file = path.join(blog(true), 'site.config.ts');
    expect(await importConfig(file, CONFIG, false)).toEqual({ settings: { title: 'Defined', postsPerPage: 4 }, loader: 'native' });
    // A second import, or a type import, is left to jiti.
    expect(mayImportNatively(`${CONFIG}import { x } from './x.js';\n`)).toBe(false);
    expect(mayImportNatively(`import type { SiteConfigInput } from 'hashmark';\n${CONFIG}`)).toBe(false);
    // Not installed: jiti reports it, as before.
    await expect(importConfig(path.join(blog(false), 'site.config.ts'), CONFIG, false)).rejects.toThrow(/hashmark/);
  });

  it('says to run npm install when the package is not installed', async () => {
    const { value, diagnostics } = await loadConfig({ root: blog(false) });
    expect(value).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'config-load-failed', file: 'site.config.ts' });
    expect(diagnostics[0]?.hint).toContain('npm install');
  });
});
