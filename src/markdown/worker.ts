import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { loadMarkdownRenderer } from './renderer.js';
import { renderJob } from './render-job.js';
import type { RenderJob } from './render-job.js';
import type { WorkerSetup } from './pool.js';

// A render worker: one frozen processor, batches in, one result per post out (so the pool can
// time each post and keep the rest of a batch when one post has to be stopped).
// A spare worker (startSpareWorker) is started without its setup: it loads the modules above, then
// waits for the setup as its first message.
const setup = (workerData as WorkerSetup | null) ?? (await new Promise<WorkerSetup>((resolve) => parentPort!.once('message', resolve)));
// Background rendering (dev) gives way to the thread that answers requests and edits. Linux keeps a
// nice value per thread, so this lowers this worker only; elsewhere it would lower the whole process.
if (setup.lowPriority === true && process.platform === 'linux') {
  try {
    setPriority(19);
  } catch {
    // Not allowed here: the worker runs at the normal priority.
  }
}
// User plugins are imported here, in the worker: functions cannot be sent from the main thread.
const renderer = await loadMarkdownRenderer(setup.options);

// Tell the pool the processor is built, so start-up time never counts against a post's limit.
parentPort!.postMessage('ready');
parentPort!.on('message', (batch: RenderJob[]) => {
  for (const job of batch) parentPort!.postMessage(renderJob(renderer, job, setup.entryRoot));
});
