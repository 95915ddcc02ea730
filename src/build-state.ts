import { hash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './atomic-file.js';
import type { Diagnostic } from './diagnostics.js';

/**
 * What a successful build leaves for the next one to skip all work when nothing changed: a key over
 * every input (see buildKey) and what the build reported. A build whose inputs give the same key,
 * and whose output folder is still exactly as that build left it, is already done.
 */
export interface StoredBuild {
  key: string;
  posts: number;
  pages: number;
  drafts: string[];
  scheduled: string[];
  diagnostics: Diagnostic[];
}

const FILE = 'build-state.json';

/** Hash of every part, in order; parts are JSON-serialisable. */
export function buildKey(parts: readonly unknown[]): string {
  return hash('sha256', JSON.stringify(parts), 'hex');
}

/**
 * Path, size, times and inode of every file under `dir` (recursively, links not followed), sorted:
 * templates, theme assets and public files, whose contents any change would also change.
 */
export function treeIdentity(dir: string): string[] {
  const out: string[] = [];
  const visit = (abs: string, rel: string): void => {
    let names: string[];
    try {
      names = readdirSync(abs).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const child = path.join(abs, name);
      const st = lstatSync(child);
      const relChild = rel ? `${rel}/${name}` : name;
      if (st.isDirectory()) visit(child, relChild);
      else out.push(`${relChild}\0${st.size}\0${st.mtimeMs}\0${st.ctimeMs}\0${st.ino}`);
    }
  };
  visit(dir, '');
  return out;
}

export function readBuildState(cacheDir: string, key: string): StoredBuild | undefined {
  try {
    const stored = JSON.parse(readFileSync(path.join(cacheDir, FILE), 'utf8')) as Partial<StoredBuild>;
    if (stored.key !== key) return undefined;
    const { posts, pages, drafts, scheduled, diagnostics } = stored;
    if (typeof posts !== 'number' || typeof pages !== 'number') return undefined;
    if (!Array.isArray(drafts) || !Array.isArray(scheduled) || !Array.isArray(diagnostics)) return undefined;
    return { key, posts, pages, drafts, scheduled, diagnostics };
  } catch {
    return undefined;
  }
}

/** Atomic; a build that could not record its state only costs the next build its shortcut. */
export function writeBuildState(cacheDir: string, state: StoredBuild): void {
  writeFileAtomic(path.join(cacheDir, FILE), JSON.stringify(state));
}

/** Forgets the last build: its output is about to change. */
export function clearBuildState(cacheDir: string): void {
  rmSync(path.join(cacheDir, FILE), { force: true });
}
