import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OUTPUT_MARKER, OUTPUT_MARKER_TEXT, provablyOurs, removeOwnFolder } from './output/guard.js';

const PREFIX = 'hashmark-bodies-';

/**
 * A private folder for one build's rendered bodies when it has no cache, named by host and process.
 * A build that is killed (Ctrl+C, SIGKILL, a CI timeout) cannot remove its own, and at 100,000 posts
 * one holds gigabytes: each new one first removes those whose process on this host is gone.
 */
export function makeScratch(tmp = os.tmpdir()): string {
  removeStaleScratch(tmp);
  const dir = mkdtempSync(path.join(tmp, `${PREFIX}${hostTag()}-${process.pid}-`));
  // Marked, so that a later build removes it only as provably its own.
  writeFileSync(path.join(dir, OUTPUT_MARKER), OUTPUT_MARKER_TEXT);
  return dir;
}

/** Removes the scratch folders of this host's builds whose process no longer runs. */
export function removeStaleScratch(tmp = os.tmpdir(), running: (pid: number) => boolean = isRunning): void {
  let names: string[];
  try {
    names = readdirSync(tmp);
  } catch {
    return;
  }
  const own = `${PREFIX}${hostTag()}-`;
  for (const name of names) {
    if (!name.startsWith(own)) continue;
    const pid = Number(/^(\d+)-/.exec(name.slice(own.length))?.[1]);
    if (!Number.isInteger(pid) || pid === process.pid || running(pid)) continue;
    const dir = path.join(tmp, name);
    if (provablyOurs(dir)) removeOwnFolder(dir);
  }
}

/** The host name as a file-name part: a temp folder shared with another host's processes is left alone. */
function hostTag(): string {
  return os.hostname().replace(/[^A-Za-z0-9.]/g, '_').slice(0, 64) || 'host';
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
