import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, readSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../atomic-file.js';
// eslint-disable-next-line import-x/no-restricted-paths -- OutputFile is output's type; it belongs in a module below search
import type { OutputFile } from '../output/types.js';
import type { SearchFile } from './types.js';

/**
 * One cache entry per index shard, packed into a single file (`<cacheDir>/search/<key>.pack`): a
 * shard of 128 posts has over 100 index files, and one read is far cheaper than a hundred.
 *
 * Layout: a line `hms1 <header bytes> <sha256 of payload>`, a JSON header `[[path, bytes], ...]`,
 * then the file contents back to back. A short or altered entry fails the length or checksum test
 * and is rebuilt, never served.
 */
const MAGIC = 'hms1';

export function cacheFile(cacheDir: string, key: string): string {
  return join(cacheDir, 'search', `${key}.pack`);
}

export function readPack(path: string): Array<{ file: string; contents: Uint8Array }> | undefined {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch {
    return undefined;
  }
  const newline = data.indexOf(10);
  if (newline < 0) return undefined;
  const [magic, headerBytes, digest] = data.subarray(0, newline).toString('latin1').split(' ');
  const headerLength = Number(headerBytes);
  if (magic !== MAGIC || !Number.isInteger(headerLength) || headerLength < 0) return undefined;
  const payload = data.subarray(newline + 1);
  if (payload.length < headerLength || sha256(payload) !== digest) return undefined;
  let header: Array<[string, number]>;
  try {
    header = JSON.parse(payload.subarray(0, headerLength).toString('utf8')) as Array<[string, number]>;
  } catch {
    return undefined;
  }
  const files: Array<{ file: string; contents: Uint8Array }> = [];
  let at = headerLength;
  for (const [file, length] of header) {
    if (at + length > payload.length) return undefined;
    files.push({ file, contents: new Uint8Array(payload.buffer, payload.byteOffset + at, length) });
    at += length;
  }
  return at === payload.length ? files : undefined;
}

/**
 * The names and sizes of an entry's files, read from its header alone, when the entry's length adds
 * up; its contents (and checksum) are read only if a file must be written (see readPack).
 */
export function readPackHeader(path: string): Array<{ file: string; bytes: number }> | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const size = fstatSync(fd).size;
    const head = Buffer.allocUnsafe(Math.min(size, 256));
    const got = readSync(fd, head, 0, head.length, 0);
    const newline = head.subarray(0, got).indexOf(10);
    if (newline < 0) return undefined;
    const [magic, headerBytes] = head.subarray(0, newline).toString('latin1').split(' ');
    const headerLength = Number(headerBytes);
    if (magic !== MAGIC || !Number.isInteger(headerLength) || headerLength < 0 || newline + 1 + headerLength > size) return undefined;
    const header = Buffer.allocUnsafe(headerLength);
    if (readSync(fd, header, 0, headerLength, newline + 1) !== headerLength) return undefined;
    const entries = JSON.parse(header.toString('utf8')) as Array<[string, number]>;
    let total = newline + 1 + headerLength;
    for (const [, bytes] of entries) total += bytes;
    return total === size ? entries.map(([file, bytes]) => ({ file, bytes })) : undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** Writes the entry through a temporary file renamed into place, so a reader never sees half of it. */
export function writePack(path: string, files: readonly OutputFile[]): boolean {
  const bodies = files.map((f) => Buffer.from(f.contents));
  const header = Buffer.from(JSON.stringify(files.map((f, i) => [f.file, bodies[i]!.length])));
  const payload = Buffer.concat([header, ...bodies]);
  // The cache only saves time: failing to fill it means the next build runs Pagefind again.
  return writeFileAtomic(path, Buffer.concat([Buffer.from(`${MAGIC} ${header.length} ${sha256(payload)}\n`, 'latin1'), payload]));
}

/**
 * Removes the entries of keys this build did not use: they describe shards of an older site and
 * would only grow the cache.
 */
export function prunePacks(cacheDir: string, keys: ReadonlySet<string>): void {
  const dir = join(cacheDir, 'search');
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (name.endsWith('.pack') && !keys.has(name.slice(0, -'.pack'.length))) rmSync(join(dir, name), { force: true });
  }
}

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Reads lazily listed search files from their cache entries (each entry read and checksummed once);
 * the reader gives undefined for a file whose entry turns out damaged.
 */
export function searchFileReader(): (file: SearchFile) => string | Uint8Array | undefined {
  // Files come sorted by path, so one shard's files come together (the primary's mixed with the
  // runtime's): the last two entries read are kept, not every entry of a large site.
  const loaded = new Map<string, Map<string, Uint8Array> | null>();
  return (file) => {
    if (file.contents !== undefined) return file.contents;
    if (!file.pack) return undefined;
    let entry = loaded.get(file.pack.path);
    if (entry === undefined) {
      const pack = readPack(file.pack.path);
      entry = pack ? new Map(pack.map((f) => [f.file, f.contents])) : null;
      if (loaded.size >= 2) loaded.delete(loaded.keys().next().value!);
      loaded.set(file.pack.path, entry);
    }
    return entry?.get(file.pack.name);
  };
}
