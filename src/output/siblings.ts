import path from 'node:path';
import { errnoCode } from './errors.js';
import type { OutputFs } from './fs.js';
import { provablyOurs, removeOwnFolder } from './guard.js';

/**
 * The transient folders and the lock beside the output folder. They sit in the same parent so
 * that the swap is a rename on one file system; nothing else is ever created outside `outDir`
 * (besides the cache folder).
 */
export interface Siblings {
  parent: string;
  staging: string;
  old: string;
  lock: string;
  /** Name prefixes (inside `parent`) of leftovers from killed builds. */
  stagingPrefix: string;
  oldPrefix: string;
  lockPrefix: string;
}

export function siblingsOf(outDir: string): Siblings {
  const parent = path.dirname(outDir);
  const name = path.basename(outDir);
  const stagingPrefix = `.${name}.hashmark-staging-`;
  const oldPrefix = `.${name}.hashmark-old-`;
  const lockName = `.${name}.hashmark-lock`;
  return {
    parent,
    staging: path.join(parent, stagingPrefix + process.pid),
    old: path.join(parent, oldPrefix + process.pid),
    lock: path.join(parent, lockName),
    stagingPrefix,
    oldPrefix,
    lockPrefix: `${lockName}.`,
  };
}

/**
 * Puts things right after a build that was killed. Run under the lock, before anything else.
 * A kill between the swap's two renames leaves no output folder but a complete previous site in
 * the "old" folder: it is renamed back. Every other leftover (half-built staging, an old site whose
 * removal was cut short, lock temporaries) is deleted.
 */
export function recover(fs: OutputFs, outDir: string, siblings: Siblings): { restored: boolean } {
  const names = fs.readdirSync(siblings.parent);
  const olds = names.filter((n) => n.startsWith(siblings.oldPrefix));
  let restored = false;
  if (olds.length > 0 && !exists(fs, outDir)) {
    const newest = olds
      .map((n) => ({ n, t: fs.lstatSync(path.join(siblings.parent, n)).mtimeMs }))
      .sort((a, b) => b.t - a.t)[0];
    if (newest !== undefined) {
      fs.renameSync(path.join(siblings.parent, newest.n), outDir);
      restored = true;
    }
  }
  for (const n of names) {
    const p = path.join(siblings.parent, n);
    // A staging or old folder is removed only when it carries the output marker (or is empty): a
    // folder of someone else's that happens to have such a name is left alone.
    const leftover =
      ((n.startsWith(siblings.stagingPrefix) || n.startsWith(siblings.oldPrefix)) && provablyOurs(p, fs)) ||
      (n.startsWith(siblings.lockPrefix) && (n.endsWith('.tmp') || n.includes('.stale-')) && !n.includes(`.${process.pid}.`) && isFile(fs, p));
    if (leftover) removeOwnFolder(p, fs);
  }
  return { restored };
}

export function exists(fs: OutputFs, p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    throw error;
  }
}

function isFile(fs: OutputFs, p: string): boolean {
  try {
    return fs.lstatSync(p).isFile();
  } catch {
    return false;
  }
}
