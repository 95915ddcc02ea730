import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OutputFile } from '../output/types.js';

/**
 * One cache entry per index, packed into a single file (`<cacheDir>/search/<key>.pack`): a site of
 * 4000 posts has over 4000 index files, and one read is far cheaper than thousands on a warm build.
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
 * Writes the entry through a temporary file renamed into place and removes entries of other keys
 * (they describe an older site and would only grow the cache).
 */
export function writePack(path: string, files: readonly OutputFile[]): void {
  const dir = join(path, '..');
  const temp = `${path}.tmp-${process.pid}-${Date.now()}`;
  try {
    mkdirSync(dir, { recursive: true });
    const bodies = files.map((f) => (typeof f.contents === 'string' ? Buffer.from(f.contents) : Buffer.from(f.contents)));
    const header = Buffer.from(JSON.stringify(files.map((f, i) => [f.file, bodies[i]!.length])));
    const payload = Buffer.concat([header, ...bodies]);
    writeFileSync(temp, Buffer.concat([Buffer.from(`${MAGIC} ${header.length} ${sha256(payload)}\n`, 'latin1'), payload]));
    renameSync(temp, path);
    const keep = path.slice(dir.length + 1);
    for (const name of readdirSync(dir)) if (name !== keep && name.endsWith('.pack')) rmSync(join(dir, name), { force: true });
  } catch {
    // The cache only saves time: failing to fill it means the next build runs Pagefind again.
    rmSync(temp, { force: true });
  }
}

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
