import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, sep } from 'node:path';
import { threadId } from 'node:worker_threads';
import { contentHash, type HashPart } from './hash.js';

/**
 * One cache entry file: a header line `hm1 <length> <checksum> [<length> <checksum>…]\n`, then the
 * sections back to back. Each section has its own checksum so one can be read and verified alone
 * (the render cache reads a post's metadata without its HTML); every read checks that the lengths
 * add up to the file's size, so a cut-off file fails whichever section is asked for.
 *
 * One damage policy for every store: an entry that fails a test is removed and reads as missing.
 */

const MAGIC = 'hm1';
/** Entries up to this size are read whole, in one read; of larger ones, the head first. */
const WHOLE_READ = 65536;
/** Most entries' header and first section fit in one read of this size. */
const HEAD_READ = 8192;

const madeDirs = new Set<string>();

/**
 * Writes an entry through a temporary file renamed into place, creating its folder, so a reader
 * sees a whole entry or none. False when the disk refused: a cache only costs the next build time.
 */
export function writeEntryFile(path: string, sections: readonly HashPart[]): boolean {
  const buffers = sections.map((s) => (typeof s === 'string' ? Buffer.from(s, 'utf8') : s));
  let header = MAGIC;
  for (const b of buffers) header += ` ${b.byteLength} ${contentHash(b)}`;
  const data = Buffer.concat([Buffer.from(`${header}\n`, 'latin1'), ...buffers]);
  const dir = dirname(path);
  // The folder is made once per process; if it was removed since (the cache deleted while the dev
  // server runs), the write fails and is tried once more after making it again.
  if (madeDirs.has(dir) && writeAtomic(path, data)) return true;
  try {
    mkdirSync(dir, { recursive: true });
  } catch {
    return false;
  }
  madeDirs.add(dir);
  return writeAtomic(path, data);
}

function writeAtomic(path: string, data: Buffer): boolean {
  const temp = `${path}.${process.pid}-${threadId}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, data);
    renameSync(temp, path);
    return true;
  } catch {
    try {
      unlinkSync(temp);
    } catch {
      // Nothing was written.
    }
    return false;
  }
}

/** Forgets which folders exist, for a namespace whose folder was just removed. */
export function forgetMadeDirs(under: string): void {
  for (const dir of madeDirs) if (dir === under || dir.startsWith(`${under}${sep}`)) madeDirs.delete(dir);
}

/**
 * Section `index` of the entry at `path`, verified; undefined when there is no such entry or it is
 * damaged, in which case the file is removed. Only as much of the file as the section needs is read.
 */
export function readEntryFile(path: string, index = 0): Buffer | undefined {
  return readEntryFiles(path, [index])?.[0];
}

/** Sections `indexes` of the entry at `path`, in that order, read with one open; as readEntryFile. */
export function readEntryFiles(path: string, indexes: readonly number[]): Buffer[] | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  const sections: Buffer[] = [];
  try {
    for (const index of indexes) {
      const section = readSection(fd, index);
      if (section === undefined) break;
      sections.push(section);
    }
  } catch {
    // A read that failed midway: damaged like a bad checksum.
  } finally {
    closeSync(fd);
  }
  if (sections.length === indexes.length) return sections;
  removeDamaged(path);
  return undefined;
}

function readSection(fd: number, index: number): Buffer | undefined {
  const size = fstatSync(fd).size;
  const head = Buffer.allocUnsafe(size <= WHOLE_READ ? size : HEAD_READ);
  const got = readSync(fd, head, 0, head.length, 0);
  const headerEnd = head.subarray(0, got).indexOf(0x0a);
  if (headerEnd === -1) return undefined;
  const fields = head.toString('latin1', 0, headerEnd).split(' ');
  const count = (fields.length - 1) / 2;
  if (fields[0] !== MAGIC || !Number.isInteger(count) || index >= count) return undefined;
  let total = headerEnd + 1;
  let start = 0;
  let length = 0;
  for (let i = 1; i < fields.length; i += 2) {
    const n = Number(fields[i]);
    if (!Number.isSafeInteger(n) || n < 0) return undefined;
    if ((i - 1) / 2 === index) {
      start = total;
      length = n;
    }
    total += n;
  }
  if (total !== size) return undefined;
  const sum = fields[2 * index + 2]!;
  let data: Buffer;
  if (start + length <= got) data = head.subarray(start, start + length);
  else {
    data = Buffer.allocUnsafe(length);
    if (readSync(fd, data, 0, length, start) !== length) return undefined;
  }
  return contentHash(data) === sum ? data : undefined;
}

function removeDamaged(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone, or a read-only cache: it stays a miss either way.
  }
}
