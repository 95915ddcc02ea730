import { lstatSync } from 'node:fs';
import path from 'node:path';
import { digest } from './cache/hash.js';
import { openCache, type Namespace } from './cache/store.js';
import type { Diagnostic } from './diagnostics.js';
import { listFileTree } from './file-tree.js';

/**
 * What a successful build leaves for the next one to skip all work when nothing changed: a key over
 * every input (see buildKey) and what the build reported. A build whose inputs give the same key,
 * and whose output folder is still exactly as that build left it, is already done.
 */
export interface StoredBuild {
  key: string;
  posts: number;
  pageFiles: number;
  pages: number;
  drafts: string[];
  draftPages: string[];
  scheduled: string[];
  diagnostics: Diagnostic[];
}

/** Bump when the entry's layout changes. 2: an entry of the cache store, named by its key (was build-state.json). 3: page file counts. */
const VERSION = 3;

function namespace(cacheDir: string): Namespace {
  return openCache(cacheDir).namespace('build-state', VERSION);
}

/** Digest of every part, in order; parts are JSON-serialisable. */
export function buildKey(parts: readonly unknown[]): string {
  return digest(JSON.stringify(parts));
}

/**
 * Path, size, times and inode of every file under `dir` (recursively, links not followed), sorted:
 * templates, theme assets and public files, whose contents any change would also change.
 */
export function treeIdentity(dir: string): string[] {
  return listFileTree(dir).map((rel) => {
    const st = lstatSync(path.join(dir, rel));
    return `${rel}\0${st.size}\0${st.mtimeMs}\0${st.ctimeMs}\0${st.ino}`;
  });
}

/** The state the last build left under `key`; undefined when there is none, or it is damaged or does not fit. */
export function readBuildState(cacheDir: string, key: string): StoredBuild | undefined {
  const data = namespace(cacheDir).get(key);
  if (data === undefined) return undefined;
  try {
    const stored = JSON.parse(data.toString('utf8')) as Partial<StoredBuild>;
    if (stored.key !== key) return undefined;
    const { posts, pageFiles, pages, drafts, draftPages, scheduled, diagnostics } = stored;
    if (typeof posts !== 'number' || typeof pageFiles !== 'number' || typeof pages !== 'number') return undefined;
    if (!Array.isArray(drafts) || !Array.isArray(draftPages) || !Array.isArray(scheduled) || !Array.isArray(diagnostics)) return undefined;
    return { key, posts, pageFiles, pages, drafts, draftPages, scheduled, diagnostics };
  } catch {
    return undefined;
  }
}

/**
 * Atomic; only the latest state is kept, since an older one describes an output that is gone. A
 * build that could not record its state only costs the next build its shortcut.
 */
export function writeBuildState(cacheDir: string, state: StoredBuild): void {
  const ns = namespace(cacheDir);
  if (ns.put(state.key, JSON.stringify(state))) ns.prune([state.key]);
}

/** Forgets the last build: its output is about to change. */
export function clearBuildState(cacheDir: string): void {
  namespace(cacheDir).clear();
}
