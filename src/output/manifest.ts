import { createHash } from 'node:crypto';
import path from 'node:path';
import type { OutputFs } from './fs.js';

/** What the previous build wrote at one path, enough to know the file is still ours and unchanged. */
export interface ManifestEntry {
  /** Content hash (sha1 of the bytes, base64url). */
  hash: string;
  size: number;
  mtimeMs: number;
  ino: number;
  /** For copied files: the source as it was, so an untouched source need not be read again. */
  source?: SourceRecord;
  /** For produced files: the key of the inputs they were made from (see OutputFile.key). */
  key?: string;
}

export interface SourceRecord {
  path: string;
  size: number;
  mtimeMs: number;
  ino: number;
}

export type Manifest = Map<string, ManifestEntry>;

const VERSION = 2;

/** Tuples instead of objects keep a 100,000-file manifest small and quick to parse. */
type Row = [hash: string, size: number, mtimeMs: number, ino: number, source?: [string, number, number, number] | 0, key?: string];

interface ManifestFile {
  version: number;
  outDir: string;
  files: Record<string, Row>;
}

/** Names this output folder's files in the cache, so several output folders can share one cache. */
export function outputKey(outDir: string): string {
  return createHash('sha256').update(outDir).digest('hex').slice(0, 16);
}

export function manifestPath(cacheDir: string, outDir: string): string {
  return path.join(cacheDir, `output-manifest-${outputKey(outDir)}.json`);
}

/** A missing, corrupt or foreign manifest is the same as none: every file is then compared on disk. */
export function loadManifest(fs: OutputFs, file: string, outDir: string): Manifest {
  const manifest: Manifest = new Map();
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return manifest;
  }
  if (!isManifestFile(data) || data.version !== VERSION || data.outDir !== outDir) return manifest;
  for (const [key, row] of Object.entries(data.files)) {
    if (!isRow(row)) return new Map();
    const [hash, size, mtimeMs, ino, source, inputKey] = row;
    const entry: ManifestEntry = { hash, size, mtimeMs, ino };
    if (inputKey !== undefined) entry.key = inputKey;
    if (source !== undefined && source !== 0) entry.source = { path: source[0], size: source[1], mtimeMs: source[2], ino: source[3] };
    manifest.set(key, entry);
  }
  return manifest;
}

/** Written to a temporary file and renamed, so a killed build never leaves half a manifest. */
export function saveManifest(fs: OutputFs, file: string, outDir: string, manifest: Manifest): void {
  const files: Record<string, Row> = {};
  for (const [key, e] of manifest) {
    const row: Row = [e.hash, e.size, e.mtimeMs, e.ino];
    if (e.source) row.push([e.source.path, e.source.size, e.source.mtimeMs, e.source.ino]);
    if (e.key !== undefined) {
      if (!e.source) row.push(0);
      row.push(e.key);
    }
    files[key] = row;
  }
  const body: ManifestFile = { version: VERSION, outDir, files };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(body));
  fs.renameSync(tmp, file);
}

function isManifestFile(value: unknown): value is ManifestFile {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<ManifestFile>;
  return typeof v.version === 'number' && typeof v.outDir === 'string' && typeof v.files === 'object' && v.files !== null;
}

function isRow(row: unknown): row is Row {
  if (!Array.isArray(row) || row.length < 4 || row.length > 6) return false;
  const [hash, size, mtimeMs, ino, source, inputKey] = row as unknown[];
  if (inputKey !== undefined && typeof inputKey !== 'string') return false;
  if (typeof hash !== 'string' || typeof size !== 'number' || typeof mtimeMs !== 'number' || typeof ino !== 'number') {
    return false;
  }
  if (source === undefined || source === 0) return true;
  return (
    Array.isArray(source) &&
    source.length === 4 &&
    typeof source[0] === 'string' &&
    typeof source[1] === 'number' &&
    typeof source[2] === 'number' &&
    typeof source[3] === 'number'
  );
}
