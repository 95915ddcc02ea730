import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OUTPUT_MARKER } from '../../../src/output/guard.js';
import { buildSite, contentsOf, openWriter, site, snapshot, tempRoot } from './helpers.js';

function setup(cache = true) {
  const root = tempRoot();
  return { root, options: { outDir: path.join(root, 'dist'), cacheDir: cache ? path.join(root, '.cache') : null } };
}

describe('disk writer', () => {
  it('writes every file on the first build', async () => {
    const { options } = setup();
    const summary = await buildSite(options, site(1));
    expect(summary).toEqual({ written: 22, unchanged: 0, removed: 0 });
    expect(contentsOf(options.outDir)).toEqual(site(1));
  });

  it('rewrites nothing on an identical second build: same inodes, same mtimes', async () => {
    const { options } = setup();
    await buildSite(options, site(1));
    const before = snapshot(options.outDir);
    await new Promise((r) => setTimeout(r, 20));
    const summary = await buildSite(options, site(1));
    expect(summary).toEqual({ written: 0, unchanged: 22, removed: 0 });
    expect(snapshot(options.outDir)).toEqual(before);
  });

  it('rewrites only a changed file and keeps the inodes and mtimes of the others', async () => {
    const { options } = setup();
    await buildSite(options, site(1));
    const before = snapshot(options.outDir);
    await new Promise((r) => setTimeout(r, 20));
    const next = { ...site(1), 'index.html': '<h1>changed</h1>' };
    expect(await buildSite(options, next)).toEqual({ written: 1, unchanged: 21, removed: 0 });
    const after = snapshot(options.outDir);
    expect(contentsOf(options.outDir)).toEqual(next);
    expect(after.get('index.html')?.ino).not.toBe(before.get('index.html')?.ino);
    for (const [p, e] of before) {
      // The ownership marker is written fresh by every build that swaps (never a link into the cache).
      if (p === 'index.html' || p === OUTPUT_MARKER || e.kind !== 'file') continue;
      expect({ p, ino: after.get(p)?.ino, mtime: after.get(p)?.mtimeMs }).toEqual({ p, ino: e.ino, mtime: e.mtimeMs });
    }
  });

  it('deletes files of the previous build that were not written again, and their empty folders', async () => {
    const { options } = setup();
    await buildSite(options, site(1, 5));
    const fewer = site(1, 3);
    expect(await buildSite(options, fewer)).toEqual({ written: 0, unchanged: 5, removed: 2 });
    expect(contentsOf(options.outDir)).toEqual(fewer);
    expect(fs.existsSync(path.join(options.outDir, 'posts/p4'))).toBe(false);
  });

  it('drops files put into the output folder by hand', async () => {
    const { options } = setup();
    await buildSite(options, site(1, 2));
    fs.writeFileSync(path.join(options.outDir, 'CNAME'), 'example.org');
    fs.mkdirSync(path.join(options.outDir, 'empty-by-hand'));
    expect(await buildSite(options, site(1, 2))).toEqual({ written: 0, unchanged: 4, removed: 1 });
    expect(contentsOf(options.outDir)).toEqual(site(1, 2));
    expect(fs.existsSync(path.join(options.outDir, 'empty-by-hand'))).toBe(false);
  });

  it('rewrites a file that was edited by hand since the last build even when the new contents did not change', async () => {
    const { options } = setup();
    await buildSite(options, site(1, 2));
    fs.writeFileSync(path.join(options.outDir, 'feed.xml'), 'tampered');
    expect(await buildSite(options, site(1, 2))).toEqual({ written: 1, unchanged: 3, removed: 0 });
    expect(contentsOf(options.outDir)).toEqual(site(1, 2));
  });

  it('without a cache folder still keeps unchanged files by comparing against them', async () => {
    const { options } = setup(false);
    await buildSite(options, site(1, 3));
    const before = snapshot(options.outDir);
    const next = { ...site(1, 3), 'feed.xml': '<rss>2</rss>' };
    expect(await buildSite(options, next)).toEqual({ written: 1, unchanged: 4, removed: 0 });
    expect(snapshot(options.outDir).get('index.html')).toEqual(before.get('index.html'));
  });

  it('ignores a corrupt manifest and still produces the right site', async () => {
    const { options, root } = setup();
    await buildSite(options, site(1, 3));
    for (const name of fs.readdirSync(path.join(root, '.cache'))) {
      if (name.startsWith('output-manifest-')) fs.writeFileSync(path.join(root, '.cache', name), '{"version":1,"files":[');
    }
    const next = { ...site(1, 3), 'index.html': 'x' };
    expect(await buildSite(options, next)).toEqual({ written: 1, unchanged: 4, removed: 0 });
    expect(contentsOf(options.outDir)).toEqual(next);
  });

  it('stays correct over many builds that reuse the previous site folder', async () => {
    const { options } = setup();
    const generations = [site(1, 4), { ...site(2, 6), 'posts/p1/index.html': 'new' }, site(2, 2), { 'posts/p0': 'now a file' }, site(3, 5), site(3, 5)];
    for (const files of generations) {
      await buildSite(options, files);
      expect(contentsOf(options.outDir)).toEqual(files);
    }
  });

  it('abort leaves the previous output byte-identical', async () => {
    const { options } = setup();
    await buildSite(options, site(1));
    const before = snapshot(options.outDir);
    const writer = await openWriter(options);
    for (const [file, contents] of Object.entries(site(2, 30))) await writer.write({ file, contents });
    await writer.abort();
    expect(snapshot(options.outDir)).toEqual(before);
  });

  it('copies files from disk and keeps an untouched copy without rewriting it', async () => {
    const { options, root } = setup();
    const source = path.join(root, 'public', 'favicon.ico');
    fs.mkdirSync(path.dirname(source));
    fs.writeFileSync(source, Buffer.from([0, 1, 2, 255]));
    const once = async () => {
      const writer = await openWriter(options);
      await writer.write({ file: 'index.html', contents: 'home' });
      await writer.copy('favicon.ico', source);
      return writer.commit();
    };
    expect(await once()).toEqual({ written: 2, unchanged: 0, removed: 0 });
    const before = snapshot(options.outDir);
    expect(await once()).toEqual({ written: 0, unchanged: 2, removed: 0 });
    expect(snapshot(options.outDir)).toEqual(before);
    fs.writeFileSync(source, Buffer.from([9, 9]));
    expect(await once()).toEqual({ written: 1, unchanged: 1, removed: 0 });
    expect([...fs.readFileSync(path.join(options.outDir, 'favicon.ico'))]).toEqual([9, 9]);
    // Editing the source afterwards must not reach into the output (it is a copy, not a link).
    fs.writeFileSync(source, Buffer.from([7]));
    expect([...fs.readFileSync(path.join(options.outDir, 'favicon.ico'))]).toEqual([9, 9]);
  });

  it('leaves nothing beside the output folder but the cache after a build', async () => {
    const { options, root } = setup();
    await buildSite(options, site(1));
    await buildSite(options, site(2));
    const w = await openWriter(options);
    await w.write({ file: 'a.html', contents: 'a' });
    await w.abort();
    expect(fs.readdirSync(root).sort()).toEqual(['.cache', 'dist']);
  });

  it('writes Uint8Array contents byte for byte', async () => {
    const { options } = setup();
    const writer = await openWriter(options);
    await writer.write({ file: 'bin/data.bin', contents: new Uint8Array([0, 200, 13, 10]) });
    await writer.commit();
    expect([...fs.readFileSync(path.join(options.outDir, 'bin/data.bin'))]).toEqual([0, 200, 13, 10]);
  });

  it('refuses an output folder that is a symbolic link', async () => {
    const { root } = setup();
    fs.mkdirSync(path.join(root, 'real'));
    fs.symlinkSync(path.join(root, 'real'), path.join(root, 'dist'));
    const { createDiskWriter } = await import('../../../src/output/index.js');
    const result = await createDiskWriter({ outDir: path.join(root, 'dist'), cacheDir: null });
    expect(result.value).toBeUndefined();
    expect(result.diagnostics.map((d) => d.code)).toEqual(['write-failed']);
  });

  it('refuses an output folder that holds the cache folder, and touches nothing', async () => {
    const { root } = setup();
    fs.mkdirSync(path.join(root, 'dist'));
    fs.writeFileSync(path.join(root, 'dist', 'keep.txt'), 'mine');
    const { createDiskWriter } = await import('../../../src/output/index.js');
    const result = await createDiskWriter({ outDir: path.join(root, 'dist'), cacheDir: path.join(root, 'dist', '.cache') });
    expect(result.value).toBeUndefined();
    expect(result.diagnostics[0]).toMatchObject({ code: 'unsafe-output', message: expect.stringContaining('holds the cache folder') });
    expect(fs.readdirSync(root).sort()).toEqual(['dist']);
    expect(contentsOf(path.join(root, 'dist'))).toEqual({ 'keep.txt': 'mine' });
  });

  it('refuses to replace a folder that looks like the project itself (--out .)', async () => {
    const { root } = setup();
    fs.writeFileSync(path.join(root, 'package.json'), '{}');
    fs.mkdirSync(path.join(root, 'content'));
    const before = snapshot(root);
    const { createDiskWriter } = await import('../../../src/output/index.js');
    const result = await createDiskWriter({ outDir: root, cacheDir: null });
    expect(result.value).toBeUndefined();
    expect(result.diagnostics[0]).toMatchObject({ code: 'unsafe-output', message: expect.stringContaining('package.json') });
    expect(snapshot(root)).toEqual(before);
  });
});
