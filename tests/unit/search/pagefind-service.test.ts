import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { closePagefind, indexShard, prewarmPagefind } from '../../../src/search/pagefind-runner.js';
import { serviceCpuSeconds, servicePid } from '../../../src/search/pagefind-service.js';
import { startSearchWorker } from '../../../src/search/in-worker.js';

/** Whether a process with this id exists in any state, a zombie included (signal 0 reaches those too). */
function exists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** This process's child processes running Pagefind (from /proc: every thread's children). */
function pagefindChildren(): number[] {
  const tasks = `/proc/${process.pid}/task`;
  return readdirSync(tasks)
    .flatMap((task) => readFileSync(`${tasks}/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').includes('pagefind');
      } catch {
        return false;
      }
    });
}

describe('the Pagefind indexer process', () => {
  it('is gone, reaped and not a zombie, once closePagefind returns', async () => {
    const result = await indexShard([{ url: '/posts/a/', html: () => '<html lang="en"><body><h1>Quokkas</h1><p>Counting quokkas.</p></body></html>' }], 'en');
    expect(result.errors).toEqual([]);
    const pid = servicePid();
    expect(pid).toBeTypeOf('number');
    expect(exists(pid!)).toBe(true);
    await closePagefind();
    expect(exists(pid!)).toBe(false);
    expect(servicePid()).toBeUndefined();
  });

  it.runIf(existsSync('/proc/self/stat'))('reports the CPU time the indexer has used while it runs', async () => {
    const html = `<html lang="en"><body><h1>Ledgers</h1><p>${'Double entry keeps every account honest. '.repeat(2000)}</p></body></html>`;
    const result = await indexShard(Array.from({ length: 50 }, (_, i) => ({ url: `/posts/${i}/`, html: () => html })), 'en');
    expect(result.files.length).toBeGreaterThan(0);
    const cpu = serviceCpuSeconds();
    await closePagefind();
    expect(cpu).toBeGreaterThan(0);
    expect(serviceCpuSeconds()).toBeUndefined();
  });

  it('closes without a process at all, and a later index starts a new one', async () => {
    await closePagefind();
    const result = await indexShard([{ url: '/posts/b/', html: () => '<html lang="en"><body><p>Marmalade heuristics.</p></body></html>' }], 'en');
    expect(result.files.some((f) => f.path === 'pagefind-entry.json')).toBe(true);
    await closePagefind();
  });

  it('started ahead, serves the next index from the same process', async () => {
    prewarmPagefind();
    await delay(50);
    const result = await indexShard([{ url: '/posts/c/', html: () => '<html lang="en"><body><p>Ahead of time.</p></body></html>' }], 'en');
    expect(result.errors).toEqual([]);
    const pid = servicePid();
    prewarmPagefind();
    expect(servicePid()).toBe(pid);
    await closePagefind();
  });

  it.runIf(existsSync(`/proc/${process.pid}/task`))('started ahead and closed at once, leaves no process behind', async () => {
    const before = pagefindChildren();
    prewarmPagefind();
    // Closed while the start is still under way (the package's module loading).
    await closePagefind();
    await delay(300);
    expect(servicePid()).toBeUndefined();
    expect(pagefindChildren()).toEqual(before);
  });

  it.runIf(existsSync(`/proc/${process.pid}/task`))('started ahead by the search thread of a build that stops early, is closed and reaped', async () => {
    const before = pagefindChildren();
    const worker = startSearchWorker();
    const until = async (done: () => boolean): Promise<boolean> => {
      for (let i = 0; i < 200 && !done(); i++) await delay(50);
      return done();
    };
    // The thread starts Pagefind's process as it loads, before any job.
    expect(await until(() => pagefindChildren().length > before.length)).toBe(true);
    worker.stop();
    // Gone from the process table: neither running nor left as a zombie.
    expect(await until(() => pagefindChildren().length === before.length)).toBe(true);
  }, 20_000);
});
