import { parentPort, workerData } from 'node:worker_threads';
import { loadMarkdownRenderer } from './renderer.js';
import { renderJob } from './render-job.js';
import type { RenderJob } from './render-job.js';
import type { WorkerSetup } from './pool.js';

// A render worker: one frozen processor, batches in, one result per post out (so the pool can
// time each post and keep the rest of a batch when one post has to be stopped).
const setup = workerData as WorkerSetup;
// User plugins are imported here, in the worker: functions cannot be sent from the main thread.
const renderer = await loadMarkdownRenderer(setup.options);

// Tell the pool the processor is built, so start-up time never counts against a post's limit.
parentPort!.postMessage('ready');
parentPort!.on('message', (batch: RenderJob[]) => {
  for (const job of batch) parentPort!.postMessage(renderJob(renderer, job, setup.entryRoot));
});
