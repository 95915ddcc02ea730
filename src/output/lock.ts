import * as fs from 'node:fs';
import { errnoCode } from './errors.js';

/** The lock one build holds on an output folder. */
export interface OutputLock {
  readonly path: string;
  release(): void;
}

export type LockAttempt = { ok: true; lock: OutputLock } | { ok: false; holderPid: number | undefined };

interface LockRecord {
  pid: number;
  /** Process start time from /proc, so a recycled pid is not mistaken for the holder. */
  start?: string;
}

const held = new Set<string>();
let exitHookInstalled = false;

/**
 * Takes the lock file at `lockPath`. The record is written to a private file first and then
 * hard-linked into place, so the lock file never exists half-written; a lock whose process is gone
 * (SIGKILL, crash) is taken over.
 */
export function acquireLock(lockPath: string): LockAttempt {
  const record: LockRecord = { pid: process.pid };
  const start = processStart(process.pid);
  if (start !== undefined) record.start = start;
  const tmp = `${lockPath}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(record), { flag: 'wx' });
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        fs.linkSync(tmp, lockPath);
        return { ok: true, lock: hold(lockPath) };
      } catch (error) {
        if (errnoCode(error) !== 'EEXIST') throw error;
      }
      const holder = readRecord(lockPath);
      if (holder === 'missing') continue;
      if (holder !== 'unreadable' && isAlive(holder)) return { ok: false, holderPid: holder.pid };
      if (holder === 'unreadable' && youngerThan(lockPath, 5_000)) return { ok: false, holderPid: undefined };
      takeOverStale(lockPath, holder);
    }
    return { ok: false, holderPid: undefined };
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

function hold(lockPath: string): OutputLock {
  held.add(lockPath);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const p of held) fs.rmSync(p, { force: true });
    });
  }
  let released = false;
  return {
    path: lockPath,
    release() {
      if (released) return;
      released = true;
      held.delete(lockPath);
      fs.rmSync(lockPath, { force: true });
    },
  };
}

/**
 * Moves the stale lock aside under a private name before deleting it, so that two builds taking
 * over at once cannot delete each other's fresh lock: if what was moved turns out not to be the
 * stale record, it is put back.
 */
function takeOverStale(lockPath: string, stale: LockRecord | 'unreadable'): void {
  const aside = `${lockPath}.stale-${process.pid}`;
  try {
    fs.renameSync(lockPath, aside);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return;
    throw error;
  }
  const moved = readRecord(aside);
  const same =
    stale === 'unreadable' ? moved === 'unreadable' : typeof moved === 'object' && moved.pid === stale.pid && moved.start === stale.start;
  if (!same) {
    try {
      fs.linkSync(aside, lockPath);
    } catch {
      // Someone else holds the lock now; the loop will see it.
    }
  }
  fs.rmSync(aside, { force: true });
}

function readRecord(file: string): LockRecord | 'missing' | 'unreadable' {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return 'missing';
    return 'unreadable';
  }
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && Number.isInteger((value as LockRecord).pid)) {
      const { pid, start } = value as LockRecord;
      return typeof start === 'string' ? { pid, start } : { pid };
    }
  } catch {
    // fall through
  }
  return 'unreadable';
}

function youngerThan(file: string, ms: number): boolean {
  try {
    return Date.now() - fs.statSync(file).mtimeMs < ms;
  } catch {
    return false;
  }
}

function isAlive(record: LockRecord): boolean {
  if (record.pid === process.pid) return record.start === undefined || record.start === processStart(process.pid);
  try {
    process.kill(record.pid, 0);
  } catch (error) {
    if (errnoCode(error) === 'ESRCH') return false;
  }
  const stat = procStat(record.pid);
  if (stat === undefined) return true;
  if (stat.state === 'Z' || stat.state === 'X') return false;
  return record.start === undefined || record.start === stat.start;
}

function processStart(pid: number): string | undefined {
  return procStat(pid)?.start;
}

/** Linux only; elsewhere liveness rests on `kill(pid, 0)` alone. */
function procStat(pid: number): { state: string; start: string } | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name may contain spaces and parentheses; the fields after the last ")" are fixed.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const start = fields[19];
  return state === undefined || start === undefined ? undefined : { state, start };
}
