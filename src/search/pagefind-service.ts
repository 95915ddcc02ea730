import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * A client of Pagefind's indexer process (`pagefind --service`), on the package's own service class
 * (binary lookup, message framing). The package's API keeps that process out of reach: its close()
 * kills it without waiting, so the process's CPU time was never counted and it could outlive the
 * build as a zombie. Here the process is held, its CPU can be read, and close() waits for its exit.
 */

interface ServiceResponse {
  exception: Error | null;
  err: { message: string } | null;
  result: ({ type: string } & Record<string, unknown>) | null;
}

/** The shape of the package's `PagefindService` that this client uses. */
interface ServiceHandle {
  backend: ChildProcess | null;
  sendMessage(message: { type: string } & Record<string, unknown>, callback: (response: ServiceResponse) => void): void;
  close(err: Error | null): void;
}

type ServiceClass = new () => ServiceHandle;

/** A document as Pagefind's `AddRecord` takes it: plain text, metadata shown with the result. */
export interface CustomRecord {
  url: string;
  content: string;
  language: string;
  meta?: Record<string, string>;
}

export interface IndexHandle {
  addHtml(url: string, html: string): Promise<string[]>;
  addRecord(record: CustomRecord): Promise<string[]>;
  /** The files of the bundle Pagefind made that `keep` accepts (all by default), by their path in the bundle. */
  getFiles(keep?: (path: string) => boolean): Promise<{ files: Array<{ path: string; contents: Uint8Array }>; errors: string[] }>;
  delete(): Promise<void>;
}

let serviceClass: Promise<ServiceClass> | undefined;

/**
 * One indexer process per lane: lanes index different shards at once, one core each. Lane 0 is the
 * one started ahead and the one a build of one shard uses; the others start on their first index.
 */
interface Lane {
  service?: ServiceHandle;
  /** The process being started: close() waits for it, so a start under way never outlives a close. */
  starting?: Promise<ServiceHandle>;
}
const lanes: Lane[] = [];

function laneAt(n: number): Lane {
  lanes[n] ??= {};
  return lanes[n];
}

/** The service class, from the package's own module (not exported by name: loaded beside its entry). */
function loadServiceClass(): Promise<ServiceClass> {
  serviceClass ??= import(new URL('./service.js', import.meta.resolve('pagefind')).href).then(
    (m: { PagefindService: ServiceClass }) => m.PagefindService,
  );
  return serviceClass;
}

function running(n: number): Promise<ServiceHandle> {
  const lane = laneAt(n);
  lane.starting ??= loadServiceClass().then((Service) => (lane.service = new Service()));
  return lane.starting;
}

function request(handle: ServiceHandle, message: { type: string } & Record<string, unknown>, reply: string): Promise<{ result: Record<string, unknown> | null; errors: string[] }> {
  return new Promise((resolve, reject) => {
    handle.sendMessage(message, ({ exception, err, result }) => {
      if (exception) reject(exception);
      else if (result && result.type !== reply) reject(new Error(`Pagefind answered ${result.type} to ${message.type}`));
      else resolve({ result, errors: err ? [err.message] : [] });
    });
  });
}

/**
 * Starts the indexer process ahead of its first index, so its start overlaps other work; errors
 * surface at that first index instead.
 */
export function prewarmService(lane = 0): void {
  running(lane).catch(() => undefined);
}

/** A new index in the indexer process of `lane` (started on first use). */
export async function createIndex(config: { language: string; excludeSelectors: readonly string[] }, lane = 0): Promise<{ index?: IndexHandle; errors: string[] }> {
  const handle = await running(lane);
  const created = await request(handle, { type: 'NewIndex', config: { force_language: config.language, exclude_selectors: config.excludeSelectors } }, 'NewIndex');
  const id = created.result?.index_id;
  if (typeof id !== 'number') return { errors: created.errors.length > 0 ? created.errors : ['Pagefind created no index'] };
  const added = async (message: Record<string, unknown> & { type: string }): Promise<string[]> => (await request(handle, { ...message, index_id: id }, 'IndexedFile')).errors;
  return {
    errors: created.errors,
    index: {
      addHtml: (url, html) => added({ type: 'AddFile', url, file_contents: html }),
      addRecord: (record) => added({ type: 'AddRecord', url: record.url, content: record.content, language: record.language, meta: record.meta }),
      async getFiles(keep = () => true) {
        const got = await request(handle, { type: 'GetFiles', index_id: id }, 'GetFiles');
        const files = (got.result?.files ?? []) as Array<{ path: string; content: string }>;
        // Only kept files are decoded: every shard's reply also carries Pagefind's UIs (about 0.6 MB).
        const kept = files.map((f) => ({ path: f.path.split('\\').join('/'), content: f.content })).filter((f) => keep(f.path));
        return { errors: got.errors, files: kept.map((f) => ({ path: f.path, contents: base64Bytes(f.content) })) };
      },
      async delete() {
        await request(handle, { type: 'DeleteIndex', index_id: id }, 'DeleteIndex');
      },
    },
  };
}

/** Its own memory, never a slice of Buffer's shared pool: the files are transferred between threads. */
function base64Bytes(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'));
}

/** The id of lane `lane`'s indexer process while it runs. */
export function servicePid(lane = 0): number | undefined {
  return lanes[lane]?.service?.backend?.pid;
}

/** The ids of every running indexer process, lane by lane. */
export function servicePids(): number[] {
  return lanes.flatMap((lane) => (lane.service?.backend?.pid === undefined ? [] : [lane.service.backend.pid]));
}

/**
 * CPU seconds (user + system) the indexer processes have used so far, from /proc; undefined where
 * there is no /proc or no process.
 */
export function serviceCpuSeconds(): number | undefined {
  let total: number | undefined;
  for (const pid of servicePids()) {
    const seconds = processCpuSeconds(pid);
    if (seconds !== undefined) total = (total ?? 0) + seconds;
  }
  return total;
}

function processCpuSeconds(pid: number): number | undefined {
  try {
    // The fields after the command's closing parenthesis; utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** Linux's USER_HZ, fixed at 100 for /proc on every architecture Node runs on. */
const CLOCK_TICKS = 100;

/**
 * Ends every indexer process and waits until each has exited and been reaped, so their CPU time
 * joins this process's children's and no zombie is left. Without a process it returns at once.
 */
export async function closeService(): Promise<void> {
  await Promise.all(lanes.splice(0).map(closeLane));
}

async function closeLane(lane: Lane | undefined): Promise<void> {
  await lane?.starting?.catch(() => undefined);
  const handle = lane?.service;
  const child = handle?.backend;
  if (!handle || !child) return;
  const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Closing its input ends the service's read loop; the kill is for one stuck in work.
  handle.close(null);
  // The service class unrefs its process; held again, it keeps this thread alive until the exit.
  child.ref();
  await exited;
}
