import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OUTPUT_MARKER } from '../../../src/output/guard.js';
import type { OutputFs } from '../../../src/output/index.js';
import { outputKey } from '../../../src/output/manifest.js';
import type { Writer } from '../../../src/output/types.js';
import { buildSite, contentsOf, generationSite, openWriter, snapshot, trashSetup } from './helpers.js';

/** Lets the writer's slices run, as a build waiting for its search index does. */
const turns = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 50));

function spareOf(cacheDir: string, outDir: string): string {
  return path.join(cacheDir, `output-spare-${outputKey(outDir)}`);
}

async function writeAll(writer: Writer, files: Record<string, string>): Promise<void> {
  for (const [file, contents] of Object.entries(files)) await writer.write({ file, contents });
}

/** Every file of `dir` but the marker, path → inode. */
function inodes(dir: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const [p, entry] of snapshot(dir)) if (entry.kind === 'file' && p !== OUTPUT_MARKER) out.set(p, entry.ino);
  return out;
}

describe('a first build mirrors its site into the spare folder', () => {
  it('from staging while it waits, then only the rest at the commit: the same inodes as the live site', async () => {
    const { outDir, cacheDir, options } = trashSetup();
    const spare = spareOf(cacheDir, outDir);
    const pages = generationSite(1, 300);
    const writer = await openWriter(options);
    await writeAll(writer, pages);
    writer.prepareCommit!();
    // Mirrored before the swap, a slice per turn: the spare comes to hold the pages, as links to staging's files.
    for (let i = 0; i < 100 && (!fs.existsSync(spare) || inodes(spare).size < Object.keys(pages).length); i++) await turns();
    const early = inodes(spare);
    expect(early.size).toBe(Object.keys(pages).length);
    // Written after the mirror began (as the search files are), mirrored at the commit.
    await writer.write({ file: 'pagefind/pagefind.js', contents: 'index' });
    await writer.commit();
    expect(contentsOf(outDir)).toEqual({ ...pages, 'pagefind/pagefind.js': 'index' });
    expect(inodes(spare)).toEqual(inodes(outDir));
    expect(fs.existsSync(path.join(spare, OUTPUT_MARKER))).toBe(true);
  });

  it('and an aborted build leaves staging as the spare, not the partial mirror', async () => {
    const { outDir, cacheDir, options } = trashSetup();
    const spare = spareOf(cacheDir, outDir);
    const writer = await openWriter(options);
    await writeAll(writer, generationSite(1, 20));
    writer.prepareCommit!();
    await turns();
    await writer.write({ file: 'late.html', contents: 'late' });
    await writer.abort();
    expect(fs.existsSync(outDir)).toBe(false);
    // The spare is what staging held, the file written after the mirror began included.
    expect(contentsOf(spare)).toEqual({ ...generationSite(1, 20), 'late.html': 'late' });
  });

  it('but not when the output folder exists: the old site becomes the spare', async () => {
    const { outDir, cacheDir, options } = trashSetup();
    await buildSite(options, generationSite(1, 10));
    const writer = await openWriter(options);
    await writeAll(writer, generationSite(2, 10));
    writer.prepareCommit!();
    await turns();
    await writer.commit();
    expect(contentsOf(outDir)).toEqual(generationSite(2, 10));
    expect(contentsOf(spareOf(cacheDir, outDir))).toEqual(generationSite(1, 10));
  });

  it('and a failed link while mirroring ahead leaves no spare, and the build whole', async () => {
    const { outDir, cacheDir, options } = trashSetup();
    let links = 0;
    const failing = { ...fs, linkSync: (...args: Parameters<typeof fs.linkSync>) => {
      if (++links === 5) throw Object.assign(new Error('EIO: injected'), { code: 'EIO' });
      return fs.linkSync(...args);
    } } as unknown as OutputFs;
    const writer = await openWriter({ ...options, fs: failing });
    await writeAll(writer, generationSite(1, 20));
    writer.prepareCommit!();
    await turns();
    expect(fs.existsSync(spareOf(cacheDir, outDir))).toBe(false);
    await writer.write({ file: 'late.html', contents: 'late' });
    await writer.commit();
    expect(contentsOf(outDir)).toEqual({ ...generationSite(1, 20), 'late.html': 'late' });
    // Nothing more is tried at the commit once the mirror failed.
    expect(fs.existsSync(spareOf(cacheDir, outDir))).toBe(false);
  });
});
