import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMemoryWriter } from '../../../src/output/index.js';
import { tempRoot } from './helpers.js';

const text = (bytes: Uint8Array | undefined) => (bytes === undefined ? undefined : new TextDecoder().decode(bytes));

describe('memory writer', () => {
  it('shows nothing of a build until it is committed, then all of it', async () => {
    const writer = createMemoryWriter();
    await writer.write({ file: 'index.html', contents: 'héllo' });
    expect(writer.files.size).toBe(0);
    expect(await writer.commit()).toEqual({ written: 1, unchanged: 0, removed: 0 });
    expect(text(writer.files.get('index.html'))).toBe('héllo');
  });

  it('counts unchanged, rewritten and removed files across builds', async () => {
    const writer = createMemoryWriter();
    await writer.write({ file: 'a.html', contents: 'a' });
    await writer.write({ file: 'b.html', contents: 'b' });
    await writer.write({ file: 'c.html', contents: 'c' });
    await writer.commit();
    await writer.write({ file: 'a.html', contents: 'a' });
    await writer.write({ file: 'b.html', contents: 'B' });
    await writer.write({ file: 'd.html', contents: new Uint8Array([100]) });
    expect(await writer.commit()).toEqual({ written: 2, unchanged: 1, removed: 1 });
    expect([...writer.files.keys()].sort()).toEqual(['a.html', 'b.html', 'd.html']);
    expect(text(writer.files.get('b.html'))).toBe('B');
  });

  it('abort keeps the previous site and starts the next build empty', async () => {
    const writer = createMemoryWriter();
    await writer.write({ file: 'a.html', contents: 'a' });
    await writer.commit();
    const before = writer.files;
    await writer.write({ file: 'a.html', contents: 'changed' });
    await writer.write({ file: 'z.html', contents: 'z' });
    await writer.abort();
    expect(writer.files).toBe(before);
    expect(text(writer.files.get('a.html'))).toBe('a');
    // The aborted writes are gone: writing a.html again is not a duplicate, and z.html is not carried over.
    await writer.write({ file: 'a.html', contents: 'a' });
    expect(await writer.commit()).toEqual({ written: 0, unchanged: 1, removed: 0 });
    expect([...writer.files.keys()]).toEqual(['a.html']);
  });

  it('copies a file from disk and is not affected by later changes to the caller’s bytes', async () => {
    const root = tempRoot();
    fs.writeFileSync(path.join(root, 'logo.svg'), '<svg/>');
    const writer = createMemoryWriter();
    const bytes = new Uint8Array([1, 2, 3]);
    await writer.copy('logo.svg', path.join(root, 'logo.svg'));
    await writer.write({ file: 'data.bin', contents: bytes });
    bytes[0] = 9;
    await writer.commit();
    expect(text(writer.files.get('logo.svg'))).toBe('<svg/>');
    expect([...(writer.files.get('data.bin') ?? [])]).toEqual([1, 2, 3]);
  });

  it('throws when one build writes the same path twice', async () => {
    const writer = createMemoryWriter();
    await writer.write({ file: 'a.html', contents: 'a' });
    await expect(writer.write({ file: 'a.html', contents: 'b' })).rejects.toThrow(/twice/);
  });
});
