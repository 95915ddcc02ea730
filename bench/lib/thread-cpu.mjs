// @ts-check
// Preload for the timed Hashmark build (`node --import bench/lib/thread-cpu.mjs …`): on exit it
// appends one JSON line to the file named by HASHMARK_BENCH_CPU_FILE with the main thread's CPU
// (utime + stime of /proc/self/task/<pid>/stat), the whole process's (process.cpuUsage()), the
// children it waited for, and those still running: GNU time never counts a child not waited for.
// --import preloads run in every worker thread too (a second line per build); only the main thread writes.
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const file = process.env.HASHMARK_BENCH_CPU_FILE;
/** Linux's USER_HZ, the unit of /proc's CPU times; `getconf CLK_TCK` is 100 on every common build. */
const TICK_MS = 10;

/**
 * utime + stime in ms from a /proc stat line; the fields after the command name (which may hold
 * spaces and parentheses) start at "state", so utime and stime are the 12th and 13th of them.
 * @param {string} stat
 */
export function statCpuMs(stat) {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/** cutime + cstime: the CPU of the children this process has waited for. */
function waitedChildrenMs(/** @type {string} */ stat) {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) * TICK_MS;
}

/** CPU so far of the children (of any thread) still running or not yet waited for. */
function unwaitedChildrenMs() {
  let total = 0;
  for (const task of readdirSync('/proc/self/task')) {
    for (const pid of readFileSync(`/proc/self/task/${task}/children`, 'utf8').split(' ').filter((p) => p.trim())) {
      try {
        total += statCpuMs(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      } catch {
        // Exited meanwhile, and was waited for.
      }
    }
  }
  return total;
}

if (file && isMainThread) {
  process.on('exit', (code) => {
    let mainThreadMs = null;
    let childrenMs = null;
    let unwaitedMs = null;
    try {
      mainThreadMs = statCpuMs(readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8'));
      childrenMs = waitedChildrenMs(readFileSync('/proc/self/stat', 'utf8'));
      unwaitedMs = unwaitedChildrenMs();
    } catch {
      // Not Linux: the main thread's share is not measured.
    }
    const usage = process.cpuUsage();
    const line = { pid: process.pid, code, mainThreadMs, processMs: (usage.user + usage.system) / 1000, childrenMs, unwaitedMs, argv: process.argv.slice(1) };
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  });
}
