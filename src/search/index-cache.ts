import { openCache, readEntryFile, writeEntryFile, type Namespace } from '../cache/store.js';
// eslint-disable-next-line import-x/no-restricted-paths -- OutputFile is output's type; it belongs in a module below search
import type { OutputFile } from '../output/types.js';
import type { SearchFile } from './types.js';

/**
 * One cache entry per index shard, in the `search` namespace of the cache store (`search.v2/<key>`):
 * a shard of 128 posts has over 100 index files, and one read is far cheaper than a hundred.
 *
 * An entry has two sections: a JSON header `[[path, bytes], ...]`, then the file contents back to
 * back. A warm build lists a shard's files from the header section alone (the store reads and checks
 * only that far) and reads the contents only for files it must write. A damaged section is removed
 * by the store and reads as missing, and the shard is rebuilt, never served.
 */
/** Bump when an entry's layout changes (2: entries of the cache store, was search/<key>.pack). */
const VERSION = 2;
const HEADER = 0;
const CONTENTS = 1;

/** The search namespace; opened in the thread that builds the index (it removes the old `search/`). */
export function searchCache(cacheDir: string | null): Namespace {
  return openCache(cacheDir).namespace('search', VERSION);
}

function readHeader(path: string): Array<[string, number]> | undefined {
  const data = readEntryFile(path, HEADER);
  if (data === undefined) return undefined;
  try {
    const header = JSON.parse(data.toString('utf8')) as unknown;
    if (!Array.isArray(header)) return undefined;
    for (const row of header) if (!Array.isArray(row) || typeof row[0] !== 'string' || !Number.isSafeInteger(row[1]) || row[1] < 0) return undefined;
    return header as Array<[string, number]>;
  } catch {
    return undefined;
  }
}

export function readPack(path: string): Array<{ file: string; contents: Uint8Array }> | undefined {
  const header = readHeader(path);
  const payload = header && readEntryFile(path, CONTENTS);
  if (header === undefined || payload === undefined) return undefined;
  const files: Array<{ file: string; contents: Uint8Array }> = [];
  let at = 0;
  for (const [file, length] of header) {
    if (at + length > payload.length) return undefined;
    files.push({ file, contents: new Uint8Array(payload.buffer, payload.byteOffset + at, length) });
    at += length;
  }
  return at === payload.length ? files : undefined;
}

/**
 * The names and sizes of an entry's files, from its header section alone (checked, and the entry's
 * length must add up); the contents and their checksum are read only if a file must be written.
 */
export function readPackHeader(path: string): Array<{ file: string; bytes: number }> | undefined {
  return readHeader(path)?.map(([file, bytes]) => ({ file, bytes }));
}

/** Writes the entry atomically, so a reader never sees half of it. */
export function writePack(path: string, files: readonly OutputFile[]): boolean {
  const bodies = files.map((f) => Buffer.from(f.contents));
  const header = JSON.stringify(files.map((f, i) => [f.file, bodies[i]!.length]));
  // The cache only saves time: failing to fill it means the next build runs Pagefind again.
  return writeEntryFile(path, [header, Buffer.concat(bodies)]);
}

/**
 * Removes the entries of keys this build did not use: they describe shards of an older site and
 * would only grow the cache.
 */
export function prunePacks(ns: Namespace, keys: ReadonlySet<string>): void {
  ns.prune(keys);
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
