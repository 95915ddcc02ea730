import type * as nodeFs from 'node:fs';
import path from 'node:path';
import { errnoCode } from './errors.js';
import type { OutputFs } from './fs.js';
import type { FolderSurvey } from './survey.js';

/** Path → kind of every entry of a folder; anything not a folder counts as a file. */
export type FolderKinds = Map<string, 'dir' | 'file'>;

/** What identifies a file's contents as unchanged, short of reading it. */
export interface FileIdentity {
  size: number;
  mtimeMs: number;
  ino: number;
}

export function kinds(survey: FolderSurvey): FolderKinds {
  const out: FolderKinds = new Map();
  for (const [p, entry] of survey) out.set(p, entry.kind);
  return out;
}

/** Every entry under `root`, without following links. */
export function walk(fs: OutputFs, root: string): FolderKinds {
  const found: FolderKinds = new Map();
  const visit = (rel: string): void => {
    const abs = rel === '' ? root : path.join(root, rel);
    for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        found.set(child, 'dir');
        visit(child);
      } else {
        found.set(child, 'file');
      }
    }
  };
  visit('');
  return found;
}

/** Leftovers inside a folder that was already removed are gone too. */
export function removeQuietly(fs: OutputFs, p: string): void {
  try {
    fs.rmSync(p, { recursive: true, force: true });
  } catch (error) {
    if (errnoCode(error) !== 'ENOTDIR') throw error;
  }
}

export function statFile(fs: OutputFs, p: string): nodeFs.Stats | undefined {
  try {
    const st = fs.lstatSync(p);
    return st.isFile() ? st : undefined;
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}
