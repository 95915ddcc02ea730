import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { libFingerprint } from '../code-fingerprint.js';
import { compiledLibUrl } from '../worker-url.js';
import type { Diagnostic } from '../diagnostics.js';
import { emptyBody } from './empty-body.js';
import type { RenderJob, RenderOutcome } from './render-job.js';
import type { MarkdownOptions } from './types.js';

export interface WorkerSetup {
  options: MarkdownOptions;
  entryRoot: string | null;
  /** The workers run at the lowest CPU priority (see worker.ts): background work that must not slow the calling thread. */
  lowPriority?: boolean;
}

export interface PoolOptions extends WorkerSetup {
  size: number;
  /** Time limit for one post, from the moment its worker could start on it. */
  timeoutFor: (job: RenderJob) => number;
  /** Ends the workers and resolves with jobs unanswered (dev stopping while it renders in the background). */
  signal?: AbortSignal;
}

interface Slot {
  worker: Worker;
  /** Jobs sent and not yet answered, in the order the worker runs them. */
  assigned: RenderJob[];
  /** When the worker last finished a post, received work while idle, or became ready. */
  since: number;
  /** False while the worker is still loading; the time limit does not run yet. */
  ready: boolean;
}

interface Prewarmed {
  worker: Worker;
  setup: string;
  ready: boolean;
  /** Its own listeners, removed one by one on adoption: removeAllListeners() also cuts a worker's message channel. */
  onMessage: () => void;
  onError: () => void;
}

let prewarmed: Prewarmed[] = [];
/** A worker started before its setup was known, loading the renderer meanwhile (see startSpareWorker). */
let spare: { worker: Worker; onError: () => void } | undefined;

/** What a spare worker is started with instead of its setup. */
export interface SpareData {
  spare: true;
  v8Flags: string;
}

/** What every render worker is started with besides its setup. */
export interface WorkerData extends WorkerSetup {
  v8Flags: string;
}

/** The V8 flags this process set at run time: V8 refuses a code cache made under other flags (see worker.ts). */
let v8Flags = '';

/** Sets V8 flags for the rest of this process, and tells every render worker started from now on. */
export function setRuntimeV8Flags(flags: string): void {
  setFlagsFromString(flags);
  if (!v8Flags.split(' ').includes(flags)) v8Flags = v8Flags === '' ? flags : `${v8Flags} ${flags}`;
}

/** The V8 flags this process set at run time, space-separated ('' for none). */
export function runtimeV8Flags(): string {
  return v8Flags;
}

function workerData(setup: WorkerSetup): WorkerData {
  return { ...setup, v8Flags };
}

/**
 * Starts a render worker before the site's settings are read: it loads the unified stack (most of
 * its start) while this thread imports the build and reads the settings and posts, and waits for
 * its setup, which the next {@link prewarmWorker} sends. {@link releasePrewarmed} ends it if unused.
 */
export function startSpareWorker(): void {
  if (spare) return;
  let worker: Worker;
  try {
    const data: SpareData = { spare: true, v8Flags };
    worker = new Worker(workerEntry(), { workerData: data });
  } catch {
    return;
  }
  const entry = {
    worker,
    onError: () => {
      if (spare === entry) spare = undefined;
    },
  };
  worker.once('error', entry.onError);
  worker.unref();
  spare = entry;
}

/** Whether a spare worker is waiting for its setup. */
export function hasSpare(): boolean {
  return spare !== undefined;
}

function takeSpare(setup: WorkerSetup): Worker | undefined {
  const taken = spare;
  if (!taken) return undefined;
  spare = undefined;
  taken.worker.off('error', taken.onError);
  taken.worker.postMessage(setup);
  return taken.worker;
}

/**
 * Starts a render worker ahead of need: loading the unified stack takes a worker most of a second,
 * which an edit of one post would otherwise wait for after the content stage. The next runPool with
 * the same setup adopts it; {@link releasePrewarmed} ends one nobody used.
 */
export function prewarmWorker(setup: WorkerSetup): void {
  const key = JSON.stringify(setup);
  if (prewarmed.some((p) => p.setup === key)) return;
  let worker: Worker;
  try {
    worker = takeSpare(setup) ?? new Worker(workerEntry(), { workerData: workerData(setup) });
  } catch {
    return;
  }
  const entry: Prewarmed = {
    worker,
    setup: key,
    ready: false,
    onMessage: () => {
      entry.ready = true;
    },
    // A prewarmed worker that fails is dropped; runPool then starts its own.
    onError: () => {
      prewarmed = prewarmed.filter((p) => p !== entry);
    },
  };
  worker.once('message', entry.onMessage);
  worker.once('error', entry.onError);
  worker.unref();
  prewarmed.push(entry);
}

/** Whether a worker was prewarmed for this setup (and is there to be adopted). */
export function hasPrewarmed(setup: WorkerSetup): boolean {
  const key = JSON.stringify(setup);
  return prewarmed.some((p) => p.setup === key);
}

export function releasePrewarmed(): void {
  for (const entry of prewarmed) void entry.worker.terminate();
  prewarmed = [];
  if (spare) void spare.worker.terminate();
  spare = undefined;
}

function adopt(setup: WorkerSetup): Prewarmed | undefined {
  const key = JSON.stringify(setup);
  const at = prewarmed.findIndex((p) => p.setup === key);
  if (at === -1) return undefined;
  const [entry] = prewarmed.splice(at, 1);
  entry!.worker.off('message', entry!.onMessage);
  entry!.worker.off('error', entry!.onError);
  entry!.worker.ref();
  return entry;
}

/**
 * Renders jobs on a pool of worker threads. Jobs go out in small batches with a second batch
 * queued behind the first, so no worker waits for a round trip. A worker that overruns the time
 * limit on one post, or dies, is replaced; that post gets a diagnostic, the rest of its batch is
 * handed out again.
 */
export function runPool(jobs: RenderJob[], options: PoolOptions, onOutcome: (o: RenderOutcome) => void): Promise<void> {
  if (jobs.length === 0) return Promise.resolve();
  // Jobs are taken from `jobs` by a cursor (splicing the front of a 100,000-job array is quadratic);
  // jobs handed back by a replaced worker wait in `retry` and go out first.
  let cursor = 0;
  const retry: RenderJob[] = [];
  const take = (count: number): RenderJob[] => {
    const out = retry.splice(0, count);
    while (out.length < count && cursor < jobs.length) out.push(jobs[cursor++]!);
    return out;
  };
  const pending = (): boolean => retry.length > 0 || cursor < jobs.length;
  const size = Math.max(1, Math.min(options.size, jobs.length));
  const batch = Math.max(1, Math.min(16, Math.floor(jobs.length / (size * 8))));
  const setup: WorkerSetup = { options: options.options, entryRoot: options.entryRoot, ...(options.lowPriority ? { lowPriority: true } : {}) };
  let remaining = jobs.length;

  return new Promise<void>((resolve) => {
    const slots: Slot[] = [];
    let timer: NodeJS.Timeout | undefined;

    const finish = (outcome: RenderOutcome): void => {
      remaining--;
      onOutcome(outcome);
      if (remaining === 0) {
        if (timer) clearInterval(timer);
        for (const slot of slots) void slot.worker.terminate();
        // The ended workers' listeners can outlive this call, and they hold this scope: not the jobs too.
        jobs = [];
        resolve();
      }
    };

    const feed = (slot: Slot): void => {
      while (slot.assigned.length < 2 * batch && pending()) {
        const next = take(batch);
        if (slot.assigned.length === 0) slot.since = Date.now();
        slot.assigned.push(...next);
        slot.worker.postMessage(next);
      }
    };

    const replace = (slot: Slot, code: 'markdown-timeout' | 'markdown-failed', message: string): void => {
      const [current, ...rest] = slot.assigned;
      slot.worker.removeAllListeners();
      void slot.worker.terminate();
      slot.assigned = [];
      retry.unshift(...rest);
      start(slot);
      if (current) finish(failed(current, code, message));
      if (remaining > 0) for (const s of slots) feed(s);
    };

    const start = (slot: Slot): void => {
      const warm = adopt(setup);
      const worker = warm?.worker ?? new Worker(workerEntry(), { workerData: workerData(setup) });
      slot.worker = worker;
      slot.ready = warm?.ready ?? false;
      worker.on('message', (outcome: RenderOutcome | 'ready') => {
        if (outcome === 'ready') {
          slot.ready = true;
          slot.since = Date.now();
          return;
        }
        slot.assigned.shift();
        slot.since = Date.now();
        feed(slot);
        finish(outcome);
      });
      worker.on('error', (error: Error) => replace(slot, 'markdown-failed', `Rendering the Markdown failed: ${error.message}.`));
      worker.on('exit', (code) => {
        if (slot.worker === worker && remaining > 0) {
          replace(slot, 'markdown-failed', `The render worker stopped unexpectedly (exit code ${code}).`);
        }
      });
    };

    for (let i = 0; i < size; i++) {
      const slot: Slot = { worker: undefined as unknown as Worker, assigned: [], since: Date.now(), ready: false };
      slots.push(slot);
      start(slot);
      feed(slot);
    }

    let shortest = Infinity;
    for (const job of jobs) shortest = Math.min(shortest, options.timeoutFor(job));
    timer = setInterval(() => {
      const now = Date.now();
      for (const slot of slots) {
        const current = slot.assigned[0];
        if (current === undefined || !slot.ready) continue;
        const limit = options.timeoutFor(current);
        if (now - slot.since > limit) {
          replace(slot, 'markdown-timeout', `Rendering took longer than ${(limit / 1000).toFixed(1)} s, so it was stopped.`);
        }
      }
    }, Math.max(10, Math.min(250, shortest / 4)));

    options.signal?.addEventListener('abort', () => {
      if (remaining === 0) return;
      remaining = 0;
      clearInterval(timer);
      for (const slot of slots) {
        slot.worker.removeAllListeners();
        void slot.worker.terminate();
      }
      jobs = [];
      resolve();
    }, { once: true });
  });
}

function failed(job: RenderJob, code: Diagnostic['code'], message: string): RenderOutcome {
  const { html: _html, ...meta } = emptyBody();
  const hint =
    code === 'markdown-timeout'
      ? 'Look for very large tables, very long lines or deep nesting in this post and split or simplify them.'
      : 'Simplify the post; if it looks ordinary, report it as a Hashmark bug.';
  return {
    index: job.index,
    meta,
    diagnostics: [{ severity: 'error', code, file: job.source, message, hint }],
    html: '',
  };
}

/**
 * The render worker, compiled (see compiledUrl). The worker's bundle (scripts/compile.mjs), which
 * loads the renderer's bundle with V8's code cache (worker.ts), starts several times faster and is
 * preferred while it was made from the lib/ that is there now.
 */
export function workerEntry(): URL {
  const compiled = markdownDir();
  bundled ??= bundleIsCurrent(new URL('./worker.bundle.json', compiled), new URL('..', compiled));
  return new URL(bundled ? './worker.bundle.js' : './worker.js', compiled);
}

/** lib/markdown/, also from the CLI's bundle in lib/bundle/. */
function markdownDir(): URL {
  return new URL('markdown/', compiledLibUrl(import.meta.url));
}

let bundled: boolean | undefined;
let rendererBundled: boolean | undefined;

/**
 * The renderer's module for rendering in this thread: when running compiled, its single-file bundle
 * (scripts/compile.mjs) while that was made from the lib/ that is there now, which loads several
 * times faster than the ~300 modules of the unified stack; else the modules.
 */
export function importRenderer(): Promise<typeof import('./renderer.js')> {
  if (import.meta.url.endsWith('.js')) {
    const compiled = markdownDir();
    rendererBundled ??= bundleIsCurrent(new URL('./worker.bundle.json', compiled), new URL('..', compiled), './renderer.bundle.js');
    if (rendererBundled) return import(new URL('./renderer.bundle.js', compiled).href) as Promise<typeof import('./renderer.js')>;
  }
  return import('./renderer.js');
}

function bundleIsCurrent(stamp: URL, lib: URL, bundle = './worker.bundle.js'): boolean {
  try {
    const { lib: made } = JSON.parse(readFileSync(stamp, 'utf8')) as { lib?: string };
    // path.resolve: without the URL's trailing slash, the same key as codeFingerprint's, so lib/ is hashed once.
    return made === libFingerprint(path.resolve(fileURLToPath(lib))) && existsSync(new URL(bundle, stamp));
  } catch {
    return false;
  }
}
