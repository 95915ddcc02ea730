import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashContents } from '../../../src/file-hash.js';
import { OUTPUT_MARKER } from '../../../src/output/guard.js';
import { WriteError } from '../../../src/output/errors.js';
import type { Writer } from '../../../src/output/types.js';
import { writeStaged } from '../../../src/staged-file.js';
import { buildSite, contentsOf, generationSite, openWriter, snapshot, trashSetup } from './helpers.js';



/** One build in which every post page is staged and written by `writeStaged`, as a page worker does. */
async function stagedBuild(writer: Writer, files: Record<string, string>, key = 'k'): Promise<void> {
  for (const [file, contents] of Object.entries(files)) {
    const target = file.startsWith('posts/') ? await writer.stage!(file, key) : undefined;
    if (target === undefined) {
      await writer.write({ file, contents, key });
      continue;
    }
    const bytes = Buffer.from(contents);
    await writer.staged!(file, writeStaged(target, bytes, hashContents(bytes)));
  }
}

describe('files written into staging by another thread', () => {
  it('are committed with the manifest facts the writer would record, old copies removed by the writing thread', async () => {
    const { outDir, trash, options } = trashSetup();
    await buildSite(options, generationSite(1, 30));
    await buildSite(options, generationSite(2, 30));
    // The spare holds generation 1: each staged page has an old copy to remove first.
    const inTrash = (): number => fs.readdirSync(trash).filter((name) => name !== OUTPUT_MARKER).length;
    const trashed = inTrash();
    const writer = await openWriter(options);
    const target = await writer.stage!('posts/p0/index.html', 'k');
    expect(target?.path.startsWith(path.dirname(outDir))).toBe(true);
    expect(target?.replaces).toBe(true);
    expect(target?.previousHash).toBe(hashContents('<p>post 0 of 2</p>'));
    const bytes = Buffer.from('<p>post 0 of 3</p>');
    const outcome = writeStaged(target!, bytes, hashContents(bytes));
    expect(outcome).toMatchObject({ hash: hashContents(bytes), size: bytes.length });
    await writer.staged!('posts/p0/index.html', outcome);
    await stagedBuild(writer, Object.fromEntries(Object.entries(generationSite(3, 30)).filter(([file]) => file !== 'posts/p0/index.html')));
    expect(await writer.commit()).toEqual({ written: 31, unchanged: 0, removed: 0 });
    expect(contentsOf(outDir)).toEqual(generationSite(3, 30));
    // The old copies the page writers replaced are gone, not in the trash: only the home page's,
    // which this thread wrote, went there; never the live site's files.
    expect(inTrash() - trashed).toBe(1);
    // The next build finds every staged page intact and keeps it.
    const next = await openWriter(options);
    for (const file of Object.keys(generationSite(3, 30))) expect(await next.keep!(file, 'k')).toBe(true);
    expect(await next.commit()).toEqual({ written: 0, unchanged: 31, removed: 0 });
  });

  it('write nothing for a page whose hash did not change, and keep its file and its copy in the spare', async () => {
    const { outDir, trash, options } = trashSetup();
    await buildSite(options, generationSite(2, 5));
    // Only the home page changes: the posts of the site this replaces (the next spare) are the live ones.
    await buildSite(options, { ...generationSite(2, 5), 'index.html': '<h1>home 3</h1>' });
    const before = snapshot(outDir);
    const trashed = fs.existsSync(trash) ? fs.readdirSync(trash).length : 1;
    const writer = await openWriter(options);
    await stagedBuild(writer, { ...generationSite(2, 5), 'index.html': '<h1>home 4</h1>' }, 'new key');
    expect(await writer.commit()).toEqual({ written: 1, unchanged: 5, removed: 0 });
    // The spare held the unchanged pages as they are: they stay, and only the home page's old copy goes.
    expect(fs.readdirSync(trash).length - trashed).toBe(1);
    const after = snapshot(outDir);
    expect(after.get('posts/p3/index.html')?.ino).toBe(before.get('posts/p3/index.html')?.ino);
    // Kept with the new key: the next build keeps it by that key.
    const next = await openWriter(options);
    expect(await next.keep!('posts/p3/index.html', 'new key')).toBe(true);
    await next.abort();
  });

  it('report a failed write as a WriteError naming the file, and leave the previous output as it was', async () => {
    const { outDir, options } = trashSetup();
    await buildSite(options, generationSite(1, 5));
    const before = snapshot(outDir);
    const writer = await openWriter(options);
    const target = await writer.stage!('posts/p2/index.html', 'k');
    // Something is in the way of the file: its open fails as a full disk's write would.
    fs.rmSync(target!.path, { force: true });
    fs.mkdirSync(target!.path);
    fs.writeFileSync(path.join(target!.path, 'x'), 'x');
    const bytes = Buffer.from('<p>new</p>');
    const outcome = writeStaged({ path: target!.path }, bytes, hashContents(bytes));
    expect(outcome).toMatchObject({ error: { code: 'EEXIST' } });
    await writer.staged!('posts/p2/index.html', outcome);
    // Later files are still accepted and skipped; the commit rejects with the first failure.
    await stagedBuild(writer, { 'posts/p3/index.html': 'three', 'index.html': 'home' });
    const failure = await writer.commit().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WriteError);
    expect((failure as WriteError).message).toContain(path.join(outDir, 'posts/p2/index.html'));
    expect((failure as WriteError).code).toBe('EEXIST');
    expect(snapshot(outDir)).toEqual(before);
  });

  it('take a page made on this thread after all, over whatever a failed worker left at its path', async () => {
    const { outDir, options } = trashSetup();
    await buildSite(options, generationSite(1, 5));
    await buildSite(options, generationSite(2, 5));
    const writer = await openWriter(options);
    const target = await writer.stage!('posts/p1/index.html', 'k');
    // A worker ended half-way through: the old copy still there, or a partial file.
    fs.writeFileSync(target!.path, '<p>par');
    await writer.staged!('posts/p1/index.html', { contents: '<p>post 1 of 3</p>' });
    await stagedBuild(writer, Object.fromEntries(Object.entries(generationSite(3, 5)).filter(([file]) => file !== 'posts/p1/index.html')));
    await writer.commit();
    expect(contentsOf(outDir)).toEqual(generationSite(3, 5));
  });

  it('are never committed unsettled', async () => {
    const { outDir, options } = trashSetup();
    await buildSite(options, generationSite(1, 5));
    const before = snapshot(outDir);
    const writer = await openWriter(options);
    await writer.stage!('posts/p1/index.html', 'k');
    await expect(writer.commit()).rejects.toThrow(/never settled/);
    expect(snapshot(outDir)).toEqual(before);
  });

  it('are not offered for a file on disk the manifest does not know, which is compared here', async () => {
    const { outDir, root } = trashSetup();
    // No cache folder: no manifest, the old files are compared by content.
    const options = { outDir, cacheDir: path.join(root, 'elsewhere') };
    await buildSite({ outDir, cacheDir: null }, generationSite(1, 5));
    const writer = await openWriter(options);
    expect(await writer.stage!('posts/p1/index.html', 'k')).toBeUndefined();
    expect(await writer.stage!('posts/new/index.html', 'k')).toBeDefined();
    await writer.abort();
  });
});

describe('folders of staged files', () => {
  it('that staging lacks are made by the thread that writes into them, and this thread may write there first', async () => {
    const { outDir, options } = trashSetup();
    const writer = await openWriter(options);
    const first = await writer.stage!('posts/p0/index.html', 'k');
    const second = await writer.stage!('posts/p1/index.html', 'k');
    // Told, not made: the folder appears only when the page is written.
    expect(first?.dir).toBe(path.dirname(first!.path));
    expect(second?.dir).toBe(path.dirname(second!.path));
    expect(fs.existsSync(first!.dir!)).toBe(false);
    // This thread's own files in folders a worker was told to make, before that worker ran.
    await writer.write({ file: 'posts/p0/notes.txt', contents: 'notes' });
    await writer.write({ file: 'posts/p2/index.html', contents: '<p>post 2</p>' });
    for (const [file, target, text] of [['posts/p0/index.html', first, '<p>post 0</p>'], ['posts/p1/index.html', second, '<p>post 1</p>']] as const) {
      const bytes = Buffer.from(text);
      const outcome = writeStaged(target!, bytes, hashContents(bytes));
      expect(outcome).not.toHaveProperty('error');
      await writer.staged!(file, outcome);
    }
    // Once a worker made a folder, this thread knows it: a later page there names no folder to make.
    const third = await writer.stage!('posts/p1/extra.html', 'k');
    expect(third?.dir).toBeUndefined();
    const bytes = Buffer.from('<p>extra</p>');
    await writer.staged!('posts/p1/extra.html', writeStaged(third!, bytes, hashContents(bytes)));
    await writer.commit();
    expect(contentsOf(outDir)).toEqual({
      'posts/p0/index.html': '<p>post 0</p>',
      'posts/p0/notes.txt': 'notes',
      'posts/p1/index.html': '<p>post 1</p>',
      'posts/p1/extra.html': '<p>extra</p>',
      'posts/p2/index.html': '<p>post 2</p>',
    });
  });

  it('where a reused spare holds a file are cleared by this thread before the worker is told', async () => {
    const { outDir, options } = trashSetup();
    await buildSite(options, { 'index.html': 'home 1', 'posts/p1': 'a file where a folder goes' });
    await buildSite(options, { 'index.html': 'home 2', 'posts/p1': 'a file where a folder goes' });
    const live = snapshot(outDir);
    const writer = await openWriter(options);
    const target = await writer.stage!('posts/p1/index.html', 'k');
    // The spare's file at posts/p1 is gone from staging, the live site's copy of it is not.
    expect(target?.dir).toBe(path.dirname(target!.path));
    expect(fs.existsSync(target!.dir!)).toBe(false);
    expect(snapshot(outDir)).toEqual(live);
    const bytes = Buffer.from('<p>now a folder</p>');
    await writer.staged!('posts/p1/index.html', writeStaged(target!, bytes, hashContents(bytes)));
    await writer.write({ file: 'index.html', contents: 'home 3' });
    await writer.commit();
    expect(contentsOf(outDir)).toEqual({ 'index.html': 'home 3', 'posts/p1/index.html': '<p>now a folder</p>' });
  });

  it('a worker never made are made by this thread when it writes the page after all', async () => {
    const { outDir, options } = trashSetup();
    const writer = await openWriter(options);
    const target = await writer.stage!('tags/a/page/2/index.html', 'k');
    expect(fs.existsSync(path.dirname(target!.path))).toBe(false);
    await writer.staged!('tags/a/page/2/index.html', { contents: '<p>tag a, page 2</p>' });
    await writer.write({ file: 'tags/a/index.html', contents: '<p>tag a</p>' });
    await writer.commit();
    expect(contentsOf(outDir)).toEqual({ 'tags/a/page/2/index.html': '<p>tag a, page 2</p>', 'tags/a/index.html': '<p>tag a</p>' });
  });
});
