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

  it('is written as its joined bytes, after the old copy is moved aside', () => {
    const dir = tempDir();
    const target = path.join(dir, 'index.html');
    const aside = path.join(dir, 'old-copy');
    fs.writeFileSync(target, 'old');
    const outcome = writeStaged({ path: target, aside, previousHash: hashContents('old') }, parts, hashParts(parts));
    expect(outcome).toMatchObject({ hash: hashContents(whole), size: whole.length, asideMoved: true });
    expect(fs.readFileSync(target)).toEqual(whole);
    expect(fs.readFileSync(aside, 'utf8')).toBe('old');
    expect('ino' in outcome && outcome.ino).toBe(fs.statSync(target).ino);
  });

  it('is neither written nor moved when its hash is the previous one', () => {
    const dir = tempDir();
    const target = path.join(dir, 'index.html');
    fs.writeFileSync(target, whole);
    const before = fs.statSync(target);
    const outcome = writeStaged({ path: target, aside: path.join(dir, 'old-copy'), previousHash: hashContents(whole) }, parts, hashParts(parts));
    expect(outcome).toEqual({ hash: hashContents(whole), unchanged: true });
    expect(fs.statSync(target).ino).toBe(before.ino);
    expect(fs.existsSync(path.join(dir, 'old-copy'))).toBe(false);
  });

  it('reports a failure instead of throwing', () => {
    const dir = tempDir();
    const outcome = writeStaged({ path: path.join(dir, 'missing-folder', 'index.html') }, parts, hashParts(parts));
    expect(outcome).toMatchObject({ error: { code: 'ENOENT' } });
  });
});
