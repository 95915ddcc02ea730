import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hashContents, hashParts } from '../../../src/file-hash.js';
import { writeStaged } from '../../../src/staged-file.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hashmark-staged-'));
  made.push(dir);
  return dir;
}

describe('a page written in parts', () => {
  const parts = [Buffer.from('<html><p>before — '), Buffer.from('body: naïve 日本語 😀'), new Uint8Array(0), Buffer.from(' after</p></html>\n')];
  const whole = Buffer.concat(parts);

  it('hashes as its joined bytes do', () => {
    expect(hashParts(parts)).toBe(hashContents(whole));
    expect(hashParts([whole])).toBe(hashContents(whole));
    expect(hashParts([])).toBe(hashContents(new Uint8Array(0)));
  });

  it('is written as its joined bytes into a new file, after the old copy is removed, whose other links keep the old bytes', () => {
    const dir = tempDir();
    const target = path.join(dir, 'index.html');
    const live = path.join(dir, 'live-copy');
    fs.writeFileSync(target, 'old');
    fs.linkSync(target, live);
    const outcome = writeStaged({ path: target, replaces: true, previousHash: hashContents('old') }, parts, hashParts(parts));
    expect(outcome).toMatchObject({ hash: hashContents(whole), size: whole.length });
    expect(fs.readFileSync(target)).toEqual(whole);
    expect(fs.readFileSync(live, 'utf8')).toBe('old');
    expect(fs.statSync(live).nlink).toBe(1);
    expect('ino' in outcome && outcome.ino).toBe(fs.statSync(target).ino);
  });

  it('is written where the old copy turned out to be gone already, or to be a folder', () => {
    const dir = tempDir();
    const gone = path.join(dir, 'gone.html');
    expect(writeStaged({ path: gone, replaces: true }, parts, hashParts(parts))).toMatchObject({ size: whole.length });
    const folder = path.join(dir, 'folder.html');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'inside'), 'x');
    expect(writeStaged({ path: folder, replaces: true }, parts, hashParts(parts))).toMatchObject({ size: whole.length });
    expect(fs.readFileSync(folder)).toEqual(whole);
  });

  it('is neither written nor moved when its hash is the previous one', () => {
    const dir = tempDir();
    const target = path.join(dir, 'index.html');
    fs.writeFileSync(target, whole);
    const before = fs.statSync(target);
    const outcome = writeStaged({ path: target, replaces: true, previousHash: hashContents(whole) }, parts, hashParts(parts));
    expect(outcome).toEqual({ hash: hashContents(whole), unchanged: true });
    expect(fs.statSync(target).ino).toBe(before.ino);
  });

  it('reports a failure instead of throwing', () => {
    const dir = tempDir();
    const outcome = writeStaged({ path: path.join(dir, 'missing-folder', 'index.html') }, parts, hashParts(parts));
    expect(outcome).toMatchObject({ error: { code: 'ENOENT' } });
  });
});
