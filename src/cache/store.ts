import { readdirSync, rmSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { forgetMadeDirs, readEntryFile, writeEntryFile } from './entry.js';
import type { HashPart } from './hash.js';
import { ensureReadme } from './readme.js';

export { readEntryFile, readEntryFiles, writeEntryFile } from './entry.js';

/**
 * The cache folder (`.cache/` by default) as named, versioned namespaces: namespace `render` at
 * version 3 is the folder `render.v3/`, one file per key. Opening a namespace removes the folders
 * of its other versions (and its unversioned legacy entry), so a version bump never reads old
 * entries. Entries are checked on every read (see entry.ts) and a damaged one is removed and
 * reads as missing. With no cache folder every namespace is empty and drops what it is given.
 */
export interface Cache {
  readonly dir: string | null;
  namespace(name: string, version: number | string, options?: NamespaceOptions): Namespace;
}

export interface NamespaceOptions {
  /** Spread entries over folders named by a key's first two characters (for thousands of entries). */
  fanOut?: boolean;
}

export interface Namespace {
  /** The namespace folder; null without a cache. */
  readonly dir: string | null;
  /** The file of `key`; null without a cache. Throws for a key that is not a safe file name. */
  path(key: string): string | null;
  /** Stores one or more sections as one entry, atomically; false when there is no cache or the disk refused. */
  put(key: string, data: HashPart, ...more: HashPart[]): boolean;
  /** Section `section` of `key`'s entry, verified; undefined when missing or damaged (then removed). */
  get(key: string, section?: number): Buffer | undefined;
  /** Removes every entry whose key is not in `keep`, inside this namespace's folder only. */
  prune(keep: Iterable<string>): void;
  /** Removes every entry. */
  clear(): void;
}

const NAME = /^[a-z][a-z0-9-]*$/;
const VERSION = /^[0-9a-z][0-9a-z-]*$/;
/** Lower case only, so two keys never name one file on a case-insensitive disk. */
const KEY = /^[a-z0-9][a-z0-9._-]{0,127}$/;
/** Temporary files of a write that was killed; younger ones may belong to a write in progress. */
const STALE_TEMP_MS = 60 * 60 * 1000;

export function openCache(cacheDir: string | null): Cache {
  return cacheDir === null ? NO_CACHE : new FolderCache(cacheDir);
}

/**
 * The namespace in `dir`, a folder another thread got from {@link Cache.namespace}: for worker
 * threads, which write entries but leave opening (removing other versions) to the thread that
 * handed them the folder.
 */
export function namespaceAt(dir: string, options: NamespaceOptions = {}): Namespace {
  return new FolderNamespace(null, dir, options.fanOut === true);
}

/** Throws unless `key` can be used as is as a file name on every disk. */
export function checkKey(key: string): void {
  if (!KEY.test(key) || key.endsWith('.tmp')) throw new Error(`Cache key "${key}" is not a safe file name.`);
}

function checkNamespace(name: string, version: number | string): void {
  if (!NAME.test(name)) throw new Error(`Cache namespace "${name}" is not a safe folder name.`);
  if (!VERSION.test(String(version))) throw new Error(`Cache namespace version "${version}" is not a safe folder name.`);
}

class FolderCache implements Cache {
  constructor(readonly dir: string) {}

  namespace(name: string, version: number | string, options: NamespaceOptions = {}): Namespace {
    checkNamespace(name, version);
    const folder = `${name}.v${version}`;
    removeOtherVersions(this.dir, name, folder);
    ensureReadme(this.dir);
    return new FolderNamespace(this.dir, join(this.dir, folder), options.fanOut === true);
  }
}

/** The version each namespace was last opened at in this process, per cache folder. */
const opened = new Map<string, string>();

/** Removes `name`, `name.v<other>/` and any `name.*` legacy entry beside the current folder. */
function removeOtherVersions(cacheDir: string, name: string, folder: string): void {
  const id = `${cacheDir}\0${name}`;
  if (opened.get(id) === folder) return;
  opened.set(id, folder);
  let names: string[];
  try {
    names = readdirSync(cacheDir);
  } catch {
    return;
  }
  for (const entry of names) {
    if (entry === folder || (entry !== name && !entry.startsWith(`${name}.`))) continue;
    const path = join(cacheDir, entry);
    rmSync(path, { recursive: true, force: true });
    forgetMadeDirs(path);
  }
}

class FolderNamespace implements Namespace {
  constructor(
    /** Null for a namespace handed over by another thread, which looks after the README. */
    private readonly cacheDir: string | null,
    readonly dir: string,
    private readonly fanOut: boolean,
  ) {}

  path(key: string): string {
    checkKey(key);
    // Concatenated, not joined: called for every post of every build, and dir is already normal.
    return this.fanOut ? `${this.dir}${sep}${key.slice(0, 2)}${sep}${key}` : `${this.dir}${sep}${key}`;
  }

  put(key: string, data: HashPart, ...more: HashPart[]): boolean {
    const ok = writeEntryFile(this.path(key), [data, ...more]);
    if (ok && this.cacheDir !== null) ensureReadme(this.cacheDir);
    return ok;
  }

  get(key: string, section = 0): Buffer | undefined {
    return readEntryFile(this.path(key), section);
  }

  prune(keep: Iterable<string>): void {
    const kept = new Set(keep);
    const now = Date.now();
    const sweep = (dir: string, depth: number): void => {
      let names: string[];
      try {
        names = readdirSync(dir);
      } catch {
        return;
      }
      for (const name of names) {
        const path = join(dir, name);
        if (depth === 0 && this.fanOut) sweep(path, 1);
        else if (name.endsWith('.tmp')) removeIfOlder(path, now - STALE_TEMP_MS);
        else if (!kept.has(name)) rmSync(path, { recursive: true, force: true });
      }
    };
    sweep(this.dir, 0);
  }

  clear(): void {
    rmSync(this.dir, { recursive: true, force: true });
    forgetMadeDirs(this.dir);
  }
}

function removeIfOlder(path: string, before: number): void {
  try {
    if (statSync(path).mtimeMs < before) rmSync(path, { force: true });
  } catch {
    // Gone already: its write finished.
  }
}

class NoNamespace implements Namespace {
  readonly dir = null;
  path(key: string): null {
    checkKey(key);
    return null;
  }
  put(key: string): boolean {
    checkKey(key);
    return false;
  }
  get(key: string): undefined {
    checkKey(key);
    return undefined;
  }
  prune(): void {}
  clear(): void {}
}

const NO_CACHE: Cache = {
  dir: null,
  namespace(name, version) {
    checkNamespace(name, version);
    return new NoNamespace();
  },
};
