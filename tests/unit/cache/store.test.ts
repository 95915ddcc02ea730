import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { contentHash, digest } from '../../../src/cache/hash.js';
import { openCache } from '../../../src/cache/store.js';
import { foreignCache } from '../../../src/output/guard.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function cacheDir(): string {
  dir = mkdtempSync(path.join(os.tmpdir(), 'hashmark-store-'));
  return dir;
}

describe('cache store', () => {
  it('gives back what was put, section by section, in a versioned folder', () => {
    const root = cacheDir();
    const ns = openCache(root).namespace('things', 1);
    expect(ns.get('a')).toBeUndefined();
    expect(ns.put('a', 'meta', Buffer.from([0, 1, 2, 255]))).toBe(true);
    expect(ns.get('a')!.toString('utf8')).toBe('meta');
    expect([...ns.get('a', 1)!]).toEqual([0, 1, 2, 255]);
    expect(ns.path('a')).toBe(path.join(root, 'things.v1', 'a'));
    expect(ns.put('a', 'replaced')).toBe(true);
    expect(ns.get('a')!.toString('utf8')).toBe('replaced');
    expect(readdirSync(path.join(root, 'things.v1'))).toEqual(['a']);
  });

  it('reads a first section larger than one read, and an empty one', () => {
    const ns = openCache(cacheDir()).namespace('things', 1);
    const big = 'x'.repeat(100_000);
    ns.put('big', big, '');
    expect(ns.get('big')!.toString('utf8')).toBe(big);
    expect(ns.get('big', 1)!.length).toBe(0);
  });

  it('spreads entries over two-character folders when asked', () => {
    const root = cacheDir();
    const ns = openCache(root).namespace('many', 2, { fanOut: true });
    ns.put('abcdef', 'one');
    expect(ns.path('abcdef')).toBe(path.join(root, 'many.v2', 'ab', 'abcdef'));
    expect(ns.get('abcdef')!.toString()).toBe('one');
  });

  it.each([
    ['cut short', (file: string) => truncateSync(file, readFileSync(file).length - 1)],
    ['one byte flipped', (file: string) => {
      const data = readFileSync(file);
      data[data.length - 2] = data[data.length - 2]! ^ 0x01;
      writeFileSync(file, data);
    }],
    ['with a byte added', (file: string) => writeFileSync(file, Buffer.concat([readFileSync(file), Buffer.from('!')]))],
    ['emptied', (file: string) => writeFileSync(file, '')],
    ['without its header', (file: string) => writeFileSync(file, 'hello world')],
  ])('treats an entry %s as missing and removes it', (_how, damage) => {
    const ns = openCache(cacheDir()).namespace('things', 1);
    ns.put('a', 'first section', 'second section');
    const file = ns.path('a')!;
    damage(file);
    // Whichever section is asked for: the length test covers the whole file.
    expect(ns.get('a', 0) === undefined || ns.get('a', 1) === undefined).toBe(true);
    expect(existsSync(file)).toBe(false);
    expect(ns.get('a')).toBeUndefined();
  });

  it('a damaged second section fails only its own read, then the entry is gone', () => {
    const ns = openCache(cacheDir()).namespace('things', 1);
    ns.put('a', 'meta', 'html');
    const file = ns.path('a')!;
    const data = readFileSync(file);
    data[data.length - 1] = 'X'.charCodeAt(0);
    writeFileSync(file, data);
    expect(ns.get('a', 0)!.toString()).toBe('meta');
    expect(ns.get('a', 1)).toBeUndefined();
    expect(existsSync(file)).toBe(false);
  });

  it('hides entries of another version and removes their folder and the legacy entry', () => {
    const root = cacheDir();
    mkdirSync(path.join(root, 'things'));
    writeFileSync(path.join(root, 'things', 'a'), 'legacy');
    writeFileSync(path.join(root, 'things.json'), '{}');
    writeFileSync(path.join(root, 'thingsmore'), 'not ours');
    const v1 = openCache(root).namespace('things', 1);
    v1.put('a', 'old');
    expect(existsSync(path.join(root, 'things'))).toBe(false);
    expect(existsSync(path.join(root, 'things.json'))).toBe(false);
    const v2 = openCache(root).namespace('things', 2);
    expect(v2.get('a')).toBeUndefined();
    expect(existsSync(path.join(root, 'things.v1'))).toBe(false);
    v2.put('a', 'new');
    expect(v2.get('a')!.toString()).toBe('new');
    // Back to 1 (another checkout of older code): version 2's entries are gone in turn.
    const again = openCache(root).namespace('things', 1);
    expect(again.get('a')).toBeUndefined();
    expect(existsSync(path.join(root, 'things.v2'))).toBe(false);
    expect(readFileSync(path.join(root, 'thingsmore'), 'utf8')).toBe('not ours');
  });

  it('prune keeps only the keys kept, inside its own folder', () => {
    const root = cacheDir();
    const cache = openCache(root);
    const ns = cache.namespace('things', 1);
    const other = cache.namespace('others', 1);
    for (const key of ['a', 'b', 'c']) ns.put(key, key);
    other.put('a', 'a');
    writeFileSync(path.join(root, 'beside'), 'x');
    ns.prune(['b', 'gone']);
    expect(readdirSync(ns.dir!)).toEqual(['b']);
    expect(ns.get('b')!.toString()).toBe('b');
    expect(other.get('a')!.toString()).toBe('a');
    expect(existsSync(path.join(root, 'beside'))).toBe(true);
  });

  it('prune walks the two-character folders of a spread namespace, and a fresh temporary file stays', () => {
    const ns = openCache(cacheDir()).namespace('many', 1, { fanOut: true });
    for (const key of ['aa1', 'aa2', 'bb1']) ns.put(key, key);
    const temp = `${ns.path('bb2')}.123-0-abcd.tmp`;
    writeFileSync(temp, 'being written');
    ns.prune(['aa2']);
    expect(ns.get('aa1')).toBeUndefined();
    expect(ns.get('aa2')!.toString()).toBe('aa2');
    expect(ns.get('bb1')).toBeUndefined();
    expect(existsSync(temp)).toBe(true);
  });

  it('clear removes every entry and the namespace works again after', () => {
    const ns = openCache(cacheDir()).namespace('things', 1);
    ns.put('a', 'a');
    ns.clear();
    expect(existsSync(ns.dir!)).toBe(false);
    expect(ns.get('a')).toBeUndefined();
    expect(ns.put('a', 'again')).toBe(true);
    expect(ns.get('a')!.toString()).toBe('again');
  });

  it('writes again after its folder was removed behind its back', () => {
    const root = cacheDir();
    const ns = openCache(root).namespace('things', 1);
    ns.put('a', 'a');
    rmSync(root, { recursive: true });
    expect(ns.put('b', 'b')).toBe(true);
    expect(ns.get('b')!.toString()).toBe('b');
  });

  it('without a cache folder stores nothing and misses everything', () => {
    const ns = openCache(null).namespace('things', 1);
    expect(ns.dir).toBeNull();
    expect(ns.path('a')).toBeNull();
    expect(ns.put('a', 'data')).toBe(false);
    expect(ns.get('a')).toBeUndefined();
    ns.prune([]);
    ns.clear();
  });

  it.each(['', '../up', 'a/b', 'a\\b', '.hidden', 'Upper', 'x.tmp', 'sp ace', 'k'.repeat(129)])('refuses the key %j', (key) => {
    const ns = openCache(cacheDir()).namespace('things', 1);
    expect(() => ns.put(key, 'x')).toThrow(/not a safe file name/);
    expect(() => ns.get(key)).toThrow(/not a safe file name/);
    expect(() => openCache(null).namespace('things', 1).get(key)).toThrow(/not a safe file name/);
  });

  it('refuses namespace names and versions that are not plain folder names', () => {
    const cache = openCache(cacheDir());
    expect(() => cache.namespace('../up', 1)).toThrow();
    expect(() => cache.namespace('things', '1/2')).toThrow();
  });

  it('writes a README naming each namespace folder into an existing cache folder', () => {
    const root = cacheDir();
    openCache(root).namespace('render', 3).put('a', 'x');
    const readme = readFileSync(path.join(root, 'README.txt'), 'utf8');
    for (const name of ['render', 'content', 'related', 'assets', 'wide-templates', 'config']) {
      expect(readme).toMatch(new RegExp(`^${name}\\.v\\*/ .*Safe to delete\\.$`, 'm'));
    }
  });

  it("leaves a folder the output guard still recognises as Hashmark's cache", () => {
    const root = cacheDir();
    const cache = openCache(root);
    for (const name of ['render', 'content', 'related', 'assets', 'wide-templates', 'config']) cache.namespace(name, '3-0a1b').put('k', 'v');
    expect(readdirSync(root)).toContain('README.txt');
    expect(foreignCache(root, '.cache')).toBeUndefined();
    writeFileSync(path.join(root, 'notes.v1'), 'not a namespace of ours');
    expect(foreignCache(root, '.cache')?.message).toContain('notes.v1');
  });

  it('does not make a cache folder only to read from it', () => {
    const root = path.join(cacheDir(), 'not-yet');
    expect(openCache(root).namespace('things', 1).get('a')).toBeUndefined();
    expect(existsSync(root)).toBe(false);
  });
});

describe('hashing', () => {
  it('digest is a 32-character lower-case hex key that frames its parts', () => {
    expect(digest('a', 'bc')).toMatch(/^[0-9a-f]{32}$/);
    expect(digest('a', 'bc')).not.toBe(digest('ab', 'c'));
    expect(digest('a', 'bc')).toBe(digest('a', 'bc'));
    expect(digest('ab')).not.toBe(digest('a', 'b'));
    expect(digest(Buffer.from('x'))).not.toBe(digest('x'));
  });

  it('contentHash is sha1 in base64url, and tells different bytes apart', () => {
    expect(contentHash('')).toBe('2jmj7l5rSw0yVb_vlWAYkK_YBwk');
    expect(contentHash(Buffer.from('abc'))).toBe(contentHash('abc'));
    expect(contentHash('abc')).not.toBe(contentHash('abd'));
  });
});
