import { getPriority, setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { RenderedBodies } from '../markdown/body-store.js';
import { buildSearchIndex } from './build-search-index.js';
import { startEarlyIndexes, type EarlyIndexes } from './early.js';
import type { SearchJob, SearchMessage } from './in-worker.js';
import { closePagefind, prewarmPagefind } from './pagefind-runner.js';
import { servicePid } from './pagefind-service.js';

/** Nice steps below the build's own priority: about a ninth of a contended core. */
const LOWER_BY = 10;

// Builds the search index on its own thread: Pagefind's documents and replies then flow while the
// main thread renders pages, instead of waiting for its event loop between pages. The worker is
// started before its job is known, so its modules are loaded by the time the site plan is ready.
// Pagefind's process starts now too, while the site is planned: an edit's build indexes one shard,
// and the process's start would otherwise come first. Unneeded, it is closed with the job.
prewarmPagefind();
let early: EarlyIndexes | undefined;
parentPort!.on('message', (message: SearchMessage) => {
  switch (message.type) {
    case 'early':
      early = startEarlyIndexes(message.job);
      // Nothing to index early (a first build, a search cache removed): the later job keeps the normal priority.
      if (early.active) giveWay();
      return;
    case 'rendered':
      early?.rendered();
      return;
    case 'stop':
      // The build ended early: the process is ended and waited for before this thread ends.
      void (early?.finish() ?? Promise.resolve()).then(closePagefind).then(() => process.exit(0));
      return;
    case 'run':
      void run(message.job);
  }
});

async function run(job: SearchJob): Promise<void> {
  const result = await buildSearchIndex({ ...job.options, sources: [], bodies: RenderedBodies.fromSnapshot(job.bodies), ...(early ? { early } : {}) });
  const buffers = new Set<ArrayBuffer>();
  for (const file of result.value.files) {
    if (file.contents instanceof Uint8Array && file.contents.buffer instanceof ArrayBuffer) buffers.add(file.contents.buffer);
  }
  parentPort!.postMessage(result, [...buffers]);
}

/**
 * For an edit's early index (see early.ts), once this thread's modules are loaded: it and the
 * Pagefind process give way to the Markdown worker and the main thread, whose work the build waits
 * for, and index in the gaps. Linux keeps a nice value per thread; a process started later takes
 * its thread's.
 */
function giveWay(): void {
  if (process.platform !== 'linux') return;
  try {
    setPriority(Math.min(19, getPriority() + LOWER_BY));
    const pid = servicePid();
    if (pid !== undefined) setPriority(pid, Math.min(19, getPriority(pid) + LOWER_BY));
  } catch {
    // Not allowed here: they run at their normal priority.
  }
}
