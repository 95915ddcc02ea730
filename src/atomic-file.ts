import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { threadId } from 'node:worker_threads';

/**
 * Writes `data` to `file` through a temporary file renamed into place, creating the folder first,
 * so a reader (another build, a killed one) sees the old file or the new one, never half of it.
 * False when the disk refused: every caller is a cache, which only costs the next build time.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): boolean {
  const temp = `${file}.${process.pid}-${threadId}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(temp, data);
    renameSync(temp, file);
    return true;
  } catch {
    rmSync(temp, { force: true });
    return false;
  }
}
