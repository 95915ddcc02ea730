import { existsSync } from 'node:fs';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { loadWithCodeCache } from './code-cache.js';
import { renderJob } from './render-job.js';
import type { RenderJob } from './render-job.js';
import type { SpareData, WorkerData, WorkerSetup } from './pool.js';

type RendererModule = typeof import('./renderer.js');

// A render worker: one frozen processor, batches in, one result per post out (so the pool can
// time each post and keep the rest of a batch when one post has to be stopped).
const data = workerData as WorkerData | SpareData;
const loaded = await rendererModule(data.v8Flags);
// A spare worker (startSpareWorker) is started without its setup: it loads the renderer above,
// then waits for the setup as its first message.
const setup = 'spare' in data ? await new Promise<WorkerSetup>((resolve) => parentPort!.once('message', resolve)) : data;
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
const renderer = await loaded.exports.loadMarkdownRenderer(setup.options, (url) => import(url));

// Tell the pool the processor is built, so start-up time never counts against a post's limit.
parentPort!.postMessage('ready');
parentPort!.on('message', (batch: RenderJob[]) => {
  for (const job of batch) {
    parentPort!.postMessage(renderJob(renderer, job, setup.entryRoot));
    // After the first post: the functions compiled to render it are then in the code cache.
    loaded.save();
  }
});

/**
 * Running as its bundle (scripts/compile.mjs), this worker loads the renderer from the CommonJS
 * bundle made beside it, with V8's code cache (see loadWithCodeCache); else from the modules.
 */
async function rendererModule(v8Flags: string): Promise<{ exports: RendererModule; save(): void }> {
  const bundle = new URL('./renderer.bundle.cjs', import.meta.url);
  if (import.meta.url.endsWith('/worker.bundle.js') && existsSync(bundle)) {
    try {
      return loadWithCodeCache<RendererModule>(fileURLToPath(bundle), { v8Flags });
    } catch {
      // The modules below.
    }
  }
  return { exports: await import('./renderer.js'), save: () => undefined };
}
