import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCache } from '../../../src/cache/store.js';
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

  it('says to run npm install when the package is not installed', async () => {
    const { value, diagnostics } = await loadConfig({ root: blog(false) });
    expect(value).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'config-load-failed', file: 'site.config.ts' });
    expect(diagnostics[0]?.hint).toContain('npm install');
  });
});
