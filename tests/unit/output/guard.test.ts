import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CACHE_TAG, CACHE_TAG_TEXT, forbiddenOutput, foreignCache, foreignOutput, guardProject, OUTPUT_MARKER, OUTPUT_MARKER_TEXT, provablyOurs,
} from '../../../src/output/guard.js';
import { tempRoot } from './helpers.js';

function project() {
  const root = tempRoot();
  const home = path.join(path.dirname(root), `users-${path.basename(root)}`, 'me'); // need not exist
  for (const dir of ['content', 'templates', 'public']) fs.mkdirSync(path.join(root, dir));
  const folders = {
    root, contentDir: path.join(root, 'content'), templatesDir: path.join(root, 'templates'), publicDir: path.join(root, 'public'),
  };
  return { root, home, folders };
}

describe('the folder guard', () => {
  it('lets the output folder lie inside the project, but never be it, hold it, or touch a folder the build reads', () => {
    const { root, home } = project();
    const protect = [{ dir: path.join(root, 'content'), what: 'the posts folder' }];
    expect(forbiddenOutput(path.join(root, 'dist'), { root, protect, home })).toBeUndefined();
    expect(forbiddenOutput(path.join(root, 'build', 'site'), { root, protect, home })).toBeUndefined();
    expect(forbiddenOutput(root, { root, protect, home })?.message).toContain('is the project folder');
    expect(forbiddenOutput(path.dirname(root), { root, protect, home: '/nonexistent-home' })?.message).toContain('holds the project folder');
    expect(forbiddenOutput(path.join(root, 'content'), { root, protect, home })?.message).toContain('is the posts folder');
    expect(forbiddenOutput(path.join(root, 'content', 'x'), { root, protect, home })?.message).toContain('lies inside the posts folder');
    expect(forbiddenOutput('/', { root, protect, home })?.message).toContain('root of the file system');
    expect(forbiddenOutput(home, { root, protect, home })?.message).toContain('home folder');
    expect(forbiddenOutput(path.dirname(home), { root, protect, home })?.message).toContain('holds your home folder');
    // `..content` is a sibling name, not a parent reference.
    expect(forbiddenOutput(path.join(root, '..content'), { root, protect, home })).toBeUndefined();
  });

  it('sees through a symbolic link to a protected folder', () => {
    const { root, home } = project();
    fs.symlinkSync(path.join(root, 'content'), path.join(root, 'alias'));
    const protect = [{ dir: path.join(root, 'content'), what: 'the posts folder' }];
    expect(forbiddenOutput(path.join(root, 'alias'), { root, protect, home })?.message).toContain('the posts folder');
  });

  it('knows an output folder as its own only by the marker with the right text, or the caller\'s proof', () => {
    const { root } = project();
    const out = path.join(root, 'dist');
    expect(foreignOutput(out, () => false, 'dist')).toBeUndefined(); // absent
    fs.mkdirSync(out);
    expect(foreignOutput(out, () => false, 'dist')).toBeUndefined(); // empty
    fs.writeFileSync(path.join(out, 'index.html'), 'x');
    expect(foreignOutput(out, () => false, 'dist')?.message).toContain('did not write');
    expect(foreignOutput(out, () => true, 'dist')).toBeUndefined();
    fs.writeFileSync(path.join(out, OUTPUT_MARKER), 'something else');
    expect(foreignOutput(out, () => false, 'dist')).toBeDefined();
    fs.writeFileSync(path.join(out, OUTPUT_MARKER), OUTPUT_MARKER_TEXT);
    expect(foreignOutput(out, () => false, 'dist')).toBeUndefined();
  });

  it('removes only folders that are empty or carry the marker', () => {
    const { root } = project();
    const dir = path.join(root, 'leftover');
    expect(provablyOurs(dir)).toBe(false);
    fs.mkdirSync(dir);
    expect(provablyOurs(dir)).toBe(true);
    // Killed while its marker was being written: nothing in it but the marker's beginnings.
    fs.writeFileSync(path.join(dir, `${OUTPUT_MARKER}.123.tmp`), OUTPUT_MARKER_TEXT.slice(0, 10));
    expect(provablyOurs(dir)).toBe(true);
    fs.writeFileSync(path.join(dir, 'a.txt'), 'a');
    expect(provablyOurs(dir)).toBe(false);
    fs.writeFileSync(path.join(dir, OUTPUT_MARKER), OUTPUT_MARKER_TEXT);
    expect(provablyOurs(dir)).toBe(true);
  });

  it('accepts a cache folder that is tagged, or holds only what Hashmark keeps there', () => {
    const { root } = project();
    const cache = path.join(root, '.cache');
    fs.mkdirSync(path.join(cache, 'render'), { recursive: true });
    fs.writeFileSync(path.join(cache, 'links.json'), '{}');
    for (const store of ['build-state.v2', 'links.v2', 'links-state.v4', 'link-verdicts.v4', 'search.v2']) fs.mkdirSync(path.join(cache, store));
    expect(foreignCache(cache, '.cache')).toBeUndefined();
    fs.writeFileSync(path.join(cache, 'thesis.docx'), 'precious');
    expect(foreignCache(cache, '.cache')?.message).toContain('thesis.docx');
    fs.writeFileSync(path.join(cache, CACHE_TAG), CACHE_TAG_TEXT);
    expect(foreignCache(cache, '.cache')).toBeUndefined();
  });

  it('protects the built-in theme a site falls back on, even when the site has its own templates/', async () => {
    const { root, folders } = project();
    const { BUILT_IN_TEMPLATES_DIR, BUILT_IN_PUBLIC_DIR } = await import('../../../src/project.js');
    for (const outDir of [BUILT_IN_TEMPLATES_DIR, path.join(BUILT_IN_PUBLIC_DIR, 'x')]) {
      const found = guardProject({ ...folders, outDir, cacheDir: path.join(root, '.cache') });
      expect(found[0]).toMatchObject({ code: 'unsafe-output', message: expect.stringContaining('built-in') });
    }
  });

  it('names the cache folder, not the output, when the cache is the project', () => {
    const { root, folders } = project();
    const found = guardProject({ ...folders, outDir: path.join(root, 'dist'), cacheDir: root });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ code: 'unsafe-output', message: expect.stringContaining('cache folder') });
    expect(guardProject({ ...folders, outDir: path.join(root, 'dist'), cacheDir: path.join(root, '.cache') })).toEqual([]);
  });
});
