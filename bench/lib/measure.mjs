// @ts-check
// Times a whole process, spawn to exit, and reads its peak RSS from GNU time when it is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const GNU_TIME = '/usr/bin/time';

/**
 * @typedef {object} Measurement
 * @property {boolean} ok
 * @property {number} wallMs       spawn to exit, measured here
 * @property {number | null} cpuMs  user + system of the process tree, from GNU time
 * @property {number | null} rssMb  peak resident set of the largest process, from GNU time
 * @property {string} error        empty when ok; otherwise exit status and the output's tail
 * @property {ThreadCpu | null} threads  from the bench/lib/thread-cpu.mjs preload, when the command loads it
 */

/**
 * @typedef {object} ThreadCpu
 * @property {number | null} mainThreadMs  the main thread's user + system CPU
 * @property {number} processMs             all threads of the Node process (process.cpuUsage())
 * @property {number | null} childrenMs    children waited for (counted by GNU time too)
 * @property {number | null} unwaitedMs    children still running at exit (not counted by GNU time)
 */

/** The preload that reports the main thread's CPU; pass as `node --import <this> …` with `cpuFile` set. */
export const THREAD_CPU_PRELOAD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'thread-cpu.mjs');

/**
 * The Node process's line of a preload report. Only the main thread writes one; should a report hold
 * more (a preload that does not filter worker threads), the line with the main thread's figure wins.
 * @param {string} text
 * @returns {ThreadCpu | null}
 */
export function parseThreadCpu(text) {
  const lines = text.split('\n').filter((l) => l.trim()).map((l) => /** @type {ThreadCpu & { pid: number }} */ (JSON.parse(l)));
  return lines.findLast((l) => l.mainThreadMs !== null) ?? lines.at(-1) ?? null;
}

/** Whether peak RSS can be measured (Debian package `time`). */
export function hasGnuTime() {
  if (!existsSync(GNU_TIME)) return false;
  const probe = spawnSync(GNU_TIME, ['-f', '%M', 'true'], { encoding: 'utf8' });
  return probe.status === 0 && /^\d+\s*$/m.test(probe.stderr);
}

/**
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, useTime: boolean, timeoutMs?: number, env?: NodeJS.ProcessEnv, cpuFile?: boolean }} options
 *   cpuFile: the command loads THREAD_CPU_PRELOAD; read its report
 * @returns {Measurement}
 */
export function measure(command, args, options) {
  const report = path.join(os.tmpdir(), `hashmark-bench-time-${process.pid}.txt`);
  const cpuReport = path.join(os.tmpdir(), `hashmark-bench-threads-${process.pid}.jsonl`);
  rmSync(report, { force: true });
  rmSync(cpuReport, { force: true });
  const env = { ...(options.env ?? process.env), ...(options.cpuFile ? { HASHMARK_BENCH_CPU_FILE: cpuReport } : {}) };
  const [file, argv] = options.useTime
    ? [GNU_TIME, ['-f', '%e %U %S %M', '-o', report, command, ...args]]
    : [command, args];
  const started = performance.now();
  const child = spawnSync(file, argv, {
    cwd: options.cwd,
    env,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: options.timeoutMs ?? 30 * 60_000,
  });
  const wallMs = performance.now() - started;
  let cpuMs = null;
  let rssMb = null;
  if (options.useTime && existsSync(report)) {
    // GNU time prefixes "Command exited with non-zero status N" lines; the figures are the last line.
    const last = readFileSync(report, 'utf8').trim().split('\n').at(-1) ?? '';
    const [, user, sys, maxKb] = last.split(' ').map(Number);
    if (user !== undefined && sys !== undefined && Number.isFinite(user + sys)) cpuMs = (user + sys) * 1000;
    if (maxKb !== undefined && Number.isFinite(maxKb)) rssMb = maxKb / 1024;
    rmSync(report, { force: true });
  }
  let threads = null;
  if (options.cpuFile && existsSync(cpuReport)) {
    threads = parseThreadCpu(readFileSync(cpuReport, 'utf8'));
    rmSync(cpuReport, { force: true });
  }
  const ok = child.status === 0 && !child.error;
  const error = ok
    ? ''
    : [
        child.error ? String(child.error) : `exit status ${child.status ?? child.signal}`,
        tail(`${child.stdout ?? ''}\n${child.stderr ?? ''}`, 25),
      ].join('\n');
  return { ok, wallMs, cpuMs, rssMb, error, threads };
}

/**
 * @param {string} text
 * @param {number} lines
 */
function tail(text, lines) {
  return text.trim().split('\n').slice(-lines).join('\n');
}
