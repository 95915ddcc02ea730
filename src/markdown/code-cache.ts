import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { writeFileAtomic } from '../atomic-file.js';

/** How a module was compiled: with V8's code cache (`hit`), without one (`miss`), past a damaged or refused one (`rejected`), or with caching off. */
export type CodeCacheState = 'hit' | 'miss' | 'rejected' | 'off';

export interface CachedModule<T> {
  exports: T;
  cache: CodeCacheState;
  /**
   * Writes the code cache when there was none or it was refused, once. Called after the module's
   * code has run (a post rendered), so the functions V8 compiled on first use are in it.
   */
  save(): void;
}

/** Our header before V8's data: a digest of the data, checked before V8 ever sees it. */
const DIGEST_BYTES = 20;

/**
 * Loads one of Hashmark's own CommonJS bundles (scripts/compile.mjs) with V8's code cache, kept
 * in a folder of this user's (see codeCacheDir) under a digest of the bundle's text, Node's
 * version, the architecture and the V8 flags set at run time (`v8Flags`): compiling a bundle of a few MB, and the functions it compiles on
 * first use, costs a thread tens of ms on every start. The cache is checked twice: its own
 * digest (a damaged or cut file is a miss), then V8's checks (its version, flags and the source);
 * either failing compiles without it, and `save` writes it again.
 */
export function loadWithCodeCache<T>(file: string, options: { cacheDir?: string | null; v8Flags?: string } = {}): CachedModule<T> {
  const cacheDir = options.cacheDir === undefined ? codeCacheDir() : options.cacheDir;
  const source = readFileSync(file, 'utf8');
  // V8 refuses data made under other flags: the flags this process set are in the name, so builds
  // with and without them keep an entry each instead of replacing each other's.
  const variant = options.v8Flags ? `-${digest(options.v8Flags).slice(0, 8)}` : '';
  const entry = cacheDir === null ? null : path.join(cacheDir, `${digest(source)}-${process.version}-${process.arch}${variant}.v8`);
  const cachedData = entry === null ? undefined : readChecked(entry);
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  // The bundle cannot `import()` (see ModuleImporter in plugins.ts): its callers pass an importer.
  // eslint-disable-next-line no-restricted-properties -- Hashmark's own bundle from its lib/ folder, never content or templates: vm.Script is the only way to give V8 a code cache.
  const script = new vm.Script(wrapped, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const cache: CodeCacheState =
    entry === null ? 'off' : cachedData === undefined ? 'miss' : cachedData === null || script.cachedDataRejected === true ? 'rejected' : 'hit';
  const run = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: { exports: object }, filename: string, dirname: string) => void;
  const module = { exports: {} };
  run.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  let saved = false;
  return {
    exports: module.exports as T,
    cache,
    save() {
      if (saved || entry === null || cache === 'hit' || cache === 'off') return;
      saved = true;
      const data = script.createCachedData();
      if (writeFileAtomic(entry, Buffer.concat([createHash('sha1').update(data).digest(), data]))) prune(path.dirname(entry));
    },
  };
}

/**
 * `HASHMARK_CODE_CACHE_DIR`, or `hashmark-code-cache-<uid>` in the system's temporary folder; null
 * (no cache) when it is `off`, or when the folder is not this user's alone: code read from a folder
 * another user can write to would run as ours.
 */
export function codeCacheDir(): string | null {
  const chosen = process.env.HASHMARK_CODE_CACHE_DIR;
  if (chosen === 'off') return null;
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  const dir = chosen !== undefined && chosen !== '' ? path.resolve(chosen) : path.join(os.tmpdir(), `hashmark-code-cache-${uid ?? 'user'}`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = statSync(dir);
    if (!stat.isDirectory()) return null;
    if (uid !== undefined && (stat.uid !== uid || (stat.mode & 0o022) !== 0)) return null;
    return dir;
  } catch {
    return null;
  }
}

/** Entries kept: each compile of Hashmark, each Node version, adds one of a few MB. */
const KEEP = 6;

/** Removes all but the KEEP newest entries. */
function prune(dir: string): void {
  try {
    const entries = readdirSync(dir)
      .filter((name) => name.endsWith('.v8'))
      .map((name) => ({ file: path.join(dir, name), time: statSync(path.join(dir, name)).mtimeMs }))
      .sort((a, b) => b.time - a.time);
    for (const { file } of entries.slice(KEEP)) rmSync(file, { force: true });
  } catch {
    // Another process pruned or wrote meanwhile: the next save prunes again.
  }
}

/** The cached data when its digest matches; undefined when there is none, null when it is damaged. */
function readChecked(entry: string): Buffer | undefined | null {
  let raw: Buffer;
  try {
    raw = readFileSync(entry);
  } catch {
    return undefined;
  }
  const data = raw.subarray(DIGEST_BYTES);
  return raw.length > DIGEST_BYTES && createHash('sha1').update(data).digest().equals(raw.subarray(0, DIGEST_BYTES)) ? data : null;
}

function digest(text: string): string {
  return createHash('sha1').update(text).digest('hex').slice(0, 24);
}
