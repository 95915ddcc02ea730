import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assertSafeOutputPath, createMemoryWriter } from '../../../src/output/index.js';
import { openWriter, site, buildSite, snapshot, tempRoot } from './helpers.js';

const hostile = ['../x', '/etc/x', 'a/../../x', 'a\\..\\x', '..', '.', 'a//b', 'a/./b', '', 'a/\0b', 'C:/x', 'a/b/..', './a'];

describe('output paths', () => {
  it.each(hostile)('throws on %j and writes nothing anywhere', async (bad) => {
    const root = tempRoot();
    const options = { outDir: path.join(root, 'site', 'dist'), cacheDir: path.join(root, 'site', '.cache') };
    await buildSite(options, site(1, 2));
    const before = snapshot(root);
    const writer = await openWriter(options);
    await expect(writer.write({ file: bad, contents: 'pwned' })).rejects.toThrow(/Refusing to write output path/);
    await expect(writer.copy(bad, path.join(root, 'site', 'dist', 'index.html'))).rejects.toThrow(/Refusing/);
    await writer.abort();
    expect(snapshot(root)).toEqual(before);
    expect(fs.existsSync(path.join(root, 'x'))).toBe(false);
  });

  it('throws when one build writes the same path twice', async () => {
    const root = tempRoot();
    const writer = await openWriter({ outDir: path.join(root, 'dist'), cacheDir: null });
    await writer.write({ file: 'a/index.html', contents: '1' });
    await expect(writer.write({ file: 'a/index.html', contents: '2' })).rejects.toThrow(/twice/);
    await writer.abort();
  });

  it('throws when a file would sit where another file needs a folder', async () => {
    const root = tempRoot();
    const writer = await openWriter({ outDir: path.join(root, 'dist'), cacheDir: null });
    await writer.write({ file: 'a/b.html', contents: '1' });
    await expect(writer.write({ file: 'a', contents: '2' })).rejects.toThrow(/folder/);
    await expect(writer.write({ file: 'a/b.html/c', contents: '2' })).rejects.toThrow(/folder/);
    await writer.abort();
  });

  it('does not write through a symbolic link planted inside the output folder', async () => {
    const root = tempRoot();
    const options = { outDir: path.join(root, 'dist'), cacheDir: path.join(root, '.cache') };
    await buildSite(options, site(1, 1));
    const outside = path.join(root, 'outside');
    fs.mkdirSync(outside);
    fs.rmSync(path.join(options.outDir, 'posts'), { recursive: true });
    fs.symlinkSync(outside, path.join(options.outDir, 'posts'));
    await buildSite(options, { ...site(1, 1), 'posts/p0/index.html': 'changed' });
    expect(fs.readdirSync(outside)).toEqual([]);
    expect(fs.lstatSync(path.join(options.outDir, 'posts')).isDirectory()).toBe(true);
  });

  it('the memory writer refuses the same paths', async () => {
    const writer = createMemoryWriter();
    for (const bad of hostile) await expect(writer.write({ file: bad, contents: 'x' })).rejects.toThrow(/Refusing/);
    await writer.commit();
    expect(writer.files.size).toBe(0);
  });
});

describe('assertSafeOutputPath', () => {
  // The check has a fast path for plain paths; whatever it accepts, by either path, must be a
  // relative path of real segments that stays inside the folder.
  const piece = fc.constantFrom('a', 'B', '0', '_', '-', '.', '..', '/', '\\', ':', '\0', ' ', 'é', '東');
  it('accepts only relative paths of real segments that resolve inside the folder', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }).map((parts) => parts.join('')), (file) => {
        let accepted = true;
        try {
          assertSafeOutputPath(file);
        } catch {
          accepted = false;
        }
        const root = path.resolve('/out');
        const inside = path.resolve(root, file).startsWith(root + path.sep);
        const segmentsOk = file.split('/').every((s) => s !== '' && s !== '.' && s !== '..');
        const clean = !file.includes('\\') && !file.includes('\0') && !/^[a-zA-Z]:/.test(file);
        if (accepted) expect(inside && segmentsOk && clean, JSON.stringify(file)).toBe(true);
        // Plain ASCII names and dotfiles below a folder are what the planner produces: always accepted.
        if (/^[\w-]+(\/[\w-]+)*(\/\.?[\w-]+(\.[\w]+)?)?$/.test(file)) expect(accepted, JSON.stringify(file)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
