import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { THREAD_CPU_PRELOAD, parseThreadCpu } from '../../../bench/lib/measure.mjs';

// A build in miniature: the main thread and a worker thread each do the same fixed work (CPU time,
// however loaded the machine), and a child process left running at exit burns more (as Pagefind's
// indexer did before closePagefind waited for it).
const WORK = 'let x = 0; for (let i = 0; i < 1e8; i++) x += i % 7; if (x < 0) console.log(x);';
const SCRIPT = `
import { spawn } from 'node:child_process';
import { Worker } from 'node:worker_threads';
const child = spawn(process.execPath, ['-e', 'const end = performance.now() + 20000; while (performance.now() < end);'], { stdio: 'ignore', detached: true });
child.unref();
console.log(child.pid);
{ ${WORK} }
await new Promise((resolve) => new Worker(${JSON.stringify(`{ ${WORK} } { ${WORK} }`)}, { eval: true }).on('exit', resolve));
{ ${WORK} }
`;

let dir = '';
let childPid = 0;
afterEach(() => {
  if (childPid) {
    try {
      process.kill(childPid);
    } catch {
      // Already gone.
    }
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('bench: the main-thread CPU preload', () => {
  it('writes one line, from the main thread, with its CPU apart from the worker’s and the unwaited child’s', () => {
    dir = mkdtempSync(join(tmpdir(), 'hashmark-thread-cpu-'));
    const file = join(dir, 'cpu.jsonl');
    const run = spawnSync(process.execPath, ['--import', THREAD_CPU_PRELOAD, '--input-type=module', '-e', SCRIPT], {
      encoding: 'utf8',
      env: { ...process.env, HASHMARK_BENCH_CPU_FILE: file },
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    childPid = Number(run.stdout.trim());
    const text = readFileSync(file, 'utf8');
    expect(text.trim().split("\n")).toHaveLength(1); // --import preloads run in worker threads too; only the main thread writes
    const cpu = parseThreadCpu(text)!;
    // The worker did as much work as the main thread: the process's CPU is well over the main thread's.
    expect(cpu.mainThreadMs).toBeGreaterThanOrEqual(100);
    expect(cpu.processMs - cpu.mainThreadMs!).toBeGreaterThanOrEqual(cpu.mainThreadMs! * 0.6);
    // The child was still running at exit: GNU time would never count it, the preload does.
    expect(cpu.unwaitedMs).toBeGreaterThan(0);
  });

  it('prefers the main thread’s line when a report holds several', () => {
    const worker = { pid: 1, mainThreadMs: null, processMs: 900, childrenMs: null, unwaitedMs: null };
    const main = { pid: 1, mainThreadMs: 120, processMs: 1000, childrenMs: 40, unwaitedMs: 0 };
    expect(parseThreadCpu(`${JSON.stringify(main)}\n${JSON.stringify(worker)}\n`)).toEqual(main);
    expect(parseThreadCpu('')).toBeNull();
  });
});
