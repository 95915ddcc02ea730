import { closeSync, fstatSync, mkdirSync, openSync, rmSync, unlinkSync, writeSync, writevSync } from 'node:fs';

/**
 * One file of the new site that another thread (a page worker) writes into the staging folder
 * itself, so its bytes never cross back to the main thread. The writer decides everything here:
 * the exact path, whether a leftover is there to remove first and the hash that means "unchanged".
 */
export interface StagedTarget {
  /** Absolute path in this build's staging folder; nothing is there but, possibly, the leftover below. */
  path: string;
  /**
   * The spare folder's old copy is at `path`: removed first, in place, by the thread that writes (one
   * unlink, where a rename into the trash and the trash's own unlink were two). It may be a hard link
   * shared with the live site, whose own link stays.
   */
  replaces?: boolean;
  /** The previous build's content hash of this file while that file is intact: equal, nothing is written or removed. */
  previousHash?: string;
  /**
   * The file's folder when the writer has not made it: made here (recursively, an existing one is
   * fine), so the folder's system call leaves the writer's thread too.
   */
  dir?: string;
}

/** What the thread did with a StagedTarget. */
export type StagedOutcome =
  | { hash: string; unchanged: true }
  | { hash: string; size: number; mtimeMs: number; ino: number }
  | { error: { code?: string; message: string } };

/**
 * Writes `bytes` at the target (`wx`: always a new inode, since a staged file may be a hard link
 * shared with the live site) unless `hash` is the previous one. Never throws: a failure is an outcome.
 */
export function writeStaged(target: StagedTarget, bytes: Uint8Array | readonly Uint8Array[], hash: string): StagedOutcome {
  // Unchanged: the old copy stays where it is, since staging may well hold this very file already.
  if (hash === target.previousHash) return { hash, unchanged: true };
  if (target.replaces === true) {
    try {
      unlinkSync(target.path);
    } catch (error) {
      if (codeOf(error) !== 'ENOENT') {
        try {
          rmSync(target.path, { recursive: true, force: true });
        } catch (removing) {
          return failed(removing);
        }
      }
    }
  }
  let fd: number;
  try {
    if (target.dir !== undefined) mkdirSync(target.dir, { recursive: true });
    fd = openSync(target.path, 'wx');
  } catch (error) {
    return failed(error);
  }
  let outcome: StagedOutcome;
  try {
    writeAll(fd, bytes instanceof Uint8Array ? [bytes] : bytes);
    const st = fstatSync(fd);
    outcome = { hash, size: st.size, mtimeMs: st.mtimeMs, ino: st.ino };
  } catch (error) {
    outcome = failed(error);
  }
  try {
    closeSync(fd);
  } catch (error) {
    if (!('error' in outcome)) outcome = failed(error);
  }
  return outcome;
}

/** The parts one after another at the file's offset: one writev, the rest part by part after a short write. */
function writeAll(fd: number, parts: readonly Uint8Array[]): void {
  let skip = parts.length === 1 ? 0 : writevSync(fd, parts as Uint8Array[]);
  for (const part of parts) {
    if (skip >= part.byteLength) {
      skip -= part.byteLength;
      continue;
    }
    let offset = skip;
    skip = 0;
    while (offset < part.byteLength) offset += writeSync(fd, part, offset, part.byteLength - offset);
  }
}

function failed(error: unknown): StagedOutcome {
  const code = codeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  return { error: code === undefined ? { message } : { code, message } };
}

function codeOf(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}
