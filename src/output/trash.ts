import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { workerUrl } from '../worker-url.js';
import { errnoCode } from './errors.js';
import type { OutputFs } from './fs.js';
import { OUTPUT_MARKER, OUTPUT_MARKER_TEXT, hasOutputMarker } from './guard.js';

/** One message to the trash worker: entries of `dir` to remove, by name. */
export interface TrashBatch {
  dir: string;
  names: string[];
  /** The folder's marker, never removed (the worker loads nothing else of the output stage). */
  keep: string;
}

/** Names handed to a running worker at once. */
const BATCH = 64;
/**
 * Names that start the worker: fewer (an edit's few pages) wait in the folder until some build has
 * this many, so a small edit does not pay for a thread.
 */
const START = 256;

/**
 * Where the staging folder's old copies go instead of being removed on the spot. Removing the last
 * link to a file waits for that file's writeback, which right after heavy writes held the build's
 * main thread for 0.2–3 s per template edit; a rename into this folder never drops a last link, so
 * it does not wait. The folder sits in the cache folder (on the output's file system, as the spare
 * folder does), carries the output marker from the moment it exists, and holds nothing but what the
 * writer moved into it. Its entries are removed on a worker thread of their own while the build goes
 * on; the worker does not hold the process, so what is left when the build ends (or is killed) is
 * removed by the next build that uses the trash. A folder of that name without the marker is never
 * touched, and the build works as before without it.
 */
export class Trash {
  private opened: boolean | undefined;
  /** Names moved in and not yet handed to the worker. */
  private pending: string[] = [];
  private count = 0;
  private worker: Worker | undefined;
  /** Names handed to the worker and not reported removed. */
  private outstanding = 0;
  private readonly waiters: Array<() => void> = [];
  /** Names unique to this build, so a rename never lands on a leftover of an earlier one. */
  private readonly prefix = `${Date.now().toString(36)}-${process.pid}-`;

  constructor(
    private readonly fs: OutputFs,
    readonly dir: string,
  ) {}

  /**
   * Moves `abs` (an entry of the staging folder, on the trash's file system) into the trash. False
   * when there is no usable trash or the move failed: the caller removes the entry itself.
   */
  put(abs: string): boolean {
    if (!this.open()) return false;
    const name = this.prefix + String(this.count++);
    try {
      this.fs.renameSync(abs, path.join(this.dir, name));
    } catch {
      return false;
    }
    this.moved(name);
    return true;
  }

  /** A name now holds an entry: it is removed with the rest. */
  private moved(name: string): void {
    this.pending.push(name);
    if (this.pending.length >= (this.worker === undefined ? START : BATCH)) this.flush();
  }

  /**
   * The build is done with the trash: a worker already at work gets the last names and goes on
   * while the process lives; without one, fewer than START wait for a later build.
   */
  stop(): void {
    if (this.worker !== undefined || this.pending.length >= START) this.flush();
  }

  /** Hands every pending name to the worker, starting it if needed. */
  flush(): void {
    if (this.pending.length === 0) return;
    const names = this.pending;
    this.pending = [];
    const worker = this.worker ?? this.start();
    if (worker === undefined) return;
    this.outstanding += names.length;
    worker.postMessage({ dir: this.dir, names, keep: OUTPUT_MARKER } satisfies TrashBatch);
  }

  /** Resolves once the worker removed every name it was given (tests: a build never waits for it). */
  drained(): Promise<void> {
    if (this.outstanding === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Ends the worker now (tests); what it did not remove stays for the next build. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker !== undefined) await worker.terminate();
  }

  private start(): Worker | undefined {
    let worker: Worker;
    try {
      worker = new Worker(workerUrl(import.meta.url, 'trash-worker.js'));
    } catch {
      return undefined;
    }
    worker.on('message', (removed: number) => {
      this.outstanding -= removed;
      if (this.outstanding === 0) for (const resolve of this.waiters.splice(0)) resolve();
    });
    const gone = (): void => {
      if (this.worker === worker) this.worker = undefined;
      this.outstanding = 0;
      for (const resolve of this.waiters.splice(0)) resolve();
    };
    worker.on('error', gone);
    worker.on('exit', gone);
    // Removing is never what the process waits for: it may end with the worker mid-way. After the
    // listeners, which would take the reference back.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  /**
   * Makes the folder, or takes over one an earlier build left (its entries are then to be removed
   * too); false when the folder cannot be used. Called by the first `put`, or earlier by a build
   * that will stage a site, so leftovers go even when this build moves nothing aside.
   */
  open(): boolean {
    if (this.opened !== undefined) return this.opened;
    this.opened = false;
    try {
      let names: string[] = [];
      try {
        names = this.fs.readdirSync(this.dir);
      } catch (error) {
        if (errnoCode(error) !== 'ENOENT') return false;
        this.fs.mkdirSync(this.dir);
        markTrash(this.fs, this.dir);
      }
      // Only a folder that proves it is ours is used and emptied: the marker is there before anything is moved in.
      if (!hasOutputMarker(this.dir, this.fs)) return false;
      for (const name of names) if (name !== OUTPUT_MARKER) this.pending.push(name);
      this.opened = true;
    } catch {
      return false;
    }
    return true;
  }
}

function markTrash(fs: OutputFs, dir: string): void {
  const target = path.join(dir, OUTPUT_MARKER);
  const temp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(temp, OUTPUT_MARKER_TEXT);
  fs.renameSync(temp, target);
}
