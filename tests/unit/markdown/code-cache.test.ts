import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { codeCacheDir } from '../../../src/markdown/code-cache.js';
import { repoRoot } from '../../support/tree.js';
import { OPTIONS } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hashmark-code-cache-test-'));
  dirs.push(dir);
  return dir;
}

/** A CommonJS bundle with enough functions for V8 to cache, answering `render(n)`. */
function bundle(dir: string, name: string, salt: string): string {
  const functions = Array.from({ length: 200 }, (_, i) => `function f${i}(x) { return x * ${i} + ${JSON.stringify(salt)}.length; }`).join('\n');
  const file = path.join(dir, name);
  writeFileSync(file, `${functions}\nexports.render = (n) => f${199}(n) + ':' + ${JSON.stringify(salt)};\nexports.loaded = require('node:path').basename(__filename);\n`);
  return file;
}

function entries(cacheDir: string): string[] {
  return readdirSync(cacheDir).filter((name) => name.endsWith('.v8'));
}

/**
 * Loads a bundle in a fresh process, as a worker does: within one process V8 reuses a script it
 * compiled already and never looks at the cached data.
 */
function load(file: string, cacheDir: string, options: { save?: boolean; v8Flags?: string; n?: number; result?: string } = {}): { cache: string; result: string } {
  const script = `
    const { loadWithCodeCache } = await import(${JSON.stringify(pathToFileURL(path.join(repoRoot, 'lib/markdown/code-cache.js')).href)});
    const loaded = loadWithCodeCache(${JSON.stringify(file)}, { cacheDir: ${JSON.stringify(cacheDir)}, v8Flags: ${JSON.stringify(options.v8Flags ?? '')} });
    const result = ${options.result ?? `loaded.exports.render(${options.n ?? 2})`};
    if (${options.save === true}) loaded.save();
    console.log(JSON.stringify({ cache: loaded.cache, result }));
  `;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as { cache: string; result: string };
}

describe('loadWithCodeCache', () => {
  it('compiles without a cache, writes it once the code ran, and uses it next time', () => {
    const dir = tempDir();
    const cacheDir = path.join(dir, 'cache');
    mkdirSync(cacheDir);
    const file = bundle(dir, 'a.cjs', 'one');
    expect(load(file, cacheDir)).toEqual({ cache: 'miss', result: '401:one' });
    expect(entries(cacheDir)).toEqual([]);
    expect(load(file, cacheDir, { save: true })).toEqual({ cache: 'miss', result: '401:one' });
    expect(entries(cacheDir)).toHaveLength(1);
    expect(load(file, cacheDir, { save: true, n: 3 })).toEqual({ cache: 'hit', result: '600:one' });
  });

  it('falls back and writes the cache again when it is damaged or cut short', () => {
    const dir = tempDir();
    const file = bundle(dir, 'a.cjs', 'one');
    load(file, dir, { save: true });
    const [entry] = entries(dir);
    const full = readFileSync(path.join(dir, entry!));
    const damaged = Buffer.from(full);
    damaged[damaged.length - 10] = damaged[damaged.length - 10]! ^ 0xff;
    for (const bad of [damaged, full.subarray(0, full.length - 100), full.subarray(0, 5)]) {
      writeFileSync(path.join(dir, entry!), bad);
      expect(load(file, dir, { save: true, n: 3 })).toEqual({ cache: 'rejected', result: '600:one' });
      expect(load(file, dir)).toEqual({ cache: 'hit', result: '401:one' });
    }
  });

  it("falls back when V8 refuses the data (another bundle's, under this one's name), and writes its own", () => {
    const dir = tempDir();
    const a = bundle(dir, 'a.cjs', 'one');
    const b = bundle(dir, 'b.cjs', 'a longer salt');
    load(a, dir, { save: true });
    const [entryA] = entries(dir);
    load(b, dir, { save: true });
    const entryB = entries(dir).find((name) => name !== entryA)!;
    // A's data with a valid digest: only V8's own check can tell.
    writeFileSync(path.join(dir, entryB), readFileSync(path.join(dir, entryA!)));
    expect(load(b, dir, { save: true, n: 1 })).toEqual({ cache: 'rejected', result: '212:a longer salt' });
    expect(load(b, dir, { n: 1 })).toEqual({ cache: 'hit', result: '212:a longer salt' });
  });

  it('keys the cache by the bundle: a changed bundle misses and keeps the old entry apart', () => {
    const dir = tempDir();
    const file = bundle(dir, 'a.cjs', 'one');
    load(file, dir, { save: true });
    bundle(dir, 'a.cjs', 'two');
    expect(load(file, dir, { save: true })).toEqual({ cache: 'miss', result: '401:two' });
    expect(entries(dir)).toHaveLength(2);
    expect(load(file, dir)).toEqual({ cache: 'hit', result: '401:two' });
  });

  it('keeps the six newest entries when it writes one', () => {
    const dir = tempDir();
    for (let i = 0; i < 8; i++) load(bundle(dir, `b${i}.cjs`, `salt ${i}`), dir, { save: true });
    expect(entries(dir)).toHaveLength(6);
    expect(load(path.join(dir, 'b7.cjs'), dir).cache).toBe('hit');
  });

  it('keeps one entry per set of run-time V8 flags', () => {
    const dir = tempDir();
    const file = bundle(dir, 'a.cjs', 'one');
    load(file, dir, { save: true });
    expect(load(file, dir, { save: true, v8Flags: '--interrupt-budget=270336' }).cache).toBe('miss');
    expect(entries(dir)).toHaveLength(2);
  });

  it("loads the renderer's CommonJS bundle with its cache to the same HTML", () => {
    const file = path.join(repoRoot, 'lib/markdown/renderer.bundle.cjs');
    const dir = tempDir();
    const input = { body: '# Title\n\nSome *text* and `code`.\n\n```js\nconst x = 1;\n```\n', bodyLine: 1, title: 'Title', source: 'a.md' };
    const result = `loaded.exports.createMarkdownRenderer(${JSON.stringify(OPTIONS)}).render(${JSON.stringify(input)}).value.html`;
    const first = load(file, dir, { save: true, result });
    expect(first.cache).toBe('miss');
    expect(first.result).toContain('<span class="hljs-keyword">const</span>');
    expect(load(file, dir, { result })).toEqual({ cache: 'hit', result: first.result });
  });
});

describe('codeCacheDir', () => {
  const saved = process.env.HASHMARK_CODE_CACHE_DIR;
  afterEach(() => {
    if (saved === undefined) delete process.env.HASHMARK_CODE_CACHE_DIR;
    else process.env.HASHMARK_CODE_CACHE_DIR = saved;
  });

  it('is off when asked, made private when missing, and refused when others can write to it', () => {
    process.env.HASHMARK_CODE_CACHE_DIR = 'off';
    expect(codeCacheDir()).toBeNull();
    const dir = path.join(tempDir(), 'made');
    process.env.HASHMARK_CODE_CACHE_DIR = dir;
    expect(codeCacheDir()).toBe(dir);
    expect(existsSync(dir)).toBe(true);
    if (typeof process.getuid === 'function') {
      chmodSync(dir, 0o777);
      expect(codeCacheDir()).toBeNull();
    }
  });
});
