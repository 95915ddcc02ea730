import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OUTPUT_MARKER, OUTPUT_MARKER_TEXT } from '../../../src/output/guard.js';
import { Trash } from '../../../src/output/trash.js';
import { nodeOutputFs } from '../../../src/output/fs.js';
import { buildSite, contentsOf, generationSite, tempRoot, trashSetup } from './helpers.js';

const child = fileURLToPath(new URL('./trash-kill-child.mjs', import.meta.url));



/** Waits until the trash holds nothing but its marker (its worker runs on after the commit). */
async function emptied(trash: string): Promise<string[]> {
  const until = Date.now() + 10_000;
  let names = fs.readdirSync(trash);
  while (names.some((n) => n !== OUTPUT_MARKER) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    names = fs.readdirSync(trash);
  }
  return names;
}

describe('old copies go through the trash', () => {
  it('moves the spare folder’s old copies aside and removes them off the main thread', async () => {
    const { outDir, trash, options } = trashSetup();
    await buildSite(options, generationSite(1, 300));
    await buildSite(options, generationSite(2, 300));
    // The spare now holds generation 1, whose pages are no longer linked from the live site.
    const summary = await buildSite(options, generationSite(3, 300));
    expect(summary).toEqual({ written: 301, unchanged: 0, removed: 0 });
    expect(contentsOf(outDir)).toEqual(generationSite(3, 300));
    expect(fs.readFileSync(path.join(trash, OUTPUT_MARKER), 'utf8')).toBe(OUTPUT_MARKER_TEXT);
    expect(await emptied(trash)).toEqual([OUTPUT_MARKER]);
    // The site the commit replaced is the next spare, whole: the trash took copies, never the live files.
    await buildSite(options, generationSite(4, 300));
    expect(contentsOf(outDir)).toEqual(generationSite(4, 300));
  });

  it('leaves the previous site intact when a build is killed after moving old copies aside, and the next build cleans up', async () => {
    const { root, outDir, cacheDir, trash, options } = trashSetup();
    await buildSite(options, generationSite(1, 40));
    await buildSite(options, generationSite(2, 40));
    const killed = spawnSync(process.execPath, [child, outDir, cacheDir, '40', '3'], { encoding: 'utf8' });
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.stderr).toBe('');
    // The kill came after old copies were moved aside: the last of them, not yet handed to the worker, are still there.
    expect(fs.readdirSync(trash).filter((n) => n.includes(`-${killed.pid}-`)).length).toBeGreaterThan(0);
    expect(contentsOf(outDir)).toEqual(generationSite(2, 40));
    expect(fs.readdirSync(root).some((n) => n.startsWith('.dist.hashmark-staging-'))).toBe(true);

    await buildSite(options, generationSite(4, 40));
    expect(contentsOf(outDir)).toEqual(generationSite(4, 40));
    expect(fs.readdirSync(root).sort()).toEqual(['.cache', 'dist']);
    // Too few old copies to start the worker: they wait for a later build with more.
    expect(fs.readdirSync(trash).length).toBeGreaterThan(1);
    // Builds that move enough aside start the worker, which takes the leftovers too.
    for (let generation = 5; generation <= 7; generation++) await buildSite(options, generationSite(generation, 300));
    expect(contentsOf(outDir)).toEqual(generationSite(7, 300));
    expect(await emptied(trash)).toEqual([OUTPUT_MARKER]);
  });

  it('never touches a folder in the trash’s place that does not carry the marker', async () => {
    const { outDir, trash, options } = trashSetup();
    fs.mkdirSync(trash, { recursive: true });
    fs.writeFileSync(path.join(trash, 'notes.txt'), 'mine');
    for (let generation = 1; generation <= 3; generation++) await buildSite(options, generationSite(generation, 300));
    expect(contentsOf(outDir)).toEqual(generationSite(3, 300));
    expect(fs.readdirSync(trash)).toEqual(['notes.txt']);
    expect(fs.readFileSync(path.join(trash, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('removes only the entries moved into it, in batches, and reports when they are gone', async () => {
    const root = tempRoot();
    const trashDir = path.join(root, 'trash');
    const trash = new Trash(nodeOutputFs, trashDir);
    const aside = path.join(root, 'aside');
    fs.mkdirSync(aside);
    fs.writeFileSync(path.join(root, 'keep.txt'), 'kept');
    for (let i = 0; i < 300; i++) {
      const file = path.join(aside, `f${i}`);
      if (i === 3) fs.mkdirSync(path.join(file, 'inner'), { recursive: true });
      else fs.writeFileSync(file, String(i));
      expect(trash.put(file)).toBe(true);
    }
    // A path that is not there cannot be moved: the caller removes it itself.
    expect(trash.put(path.join(aside, 'missing'))).toBe(false);
    trash.flush();
    await trash.drained();
    expect(fs.readdirSync(trashDir)).toEqual([OUTPUT_MARKER]);
    expect(fs.readdirSync(aside)).toEqual([]);
    expect(fs.readFileSync(path.join(root, 'keep.txt'), 'utf8')).toBe('kept');
    await trash.close();
  });
});
