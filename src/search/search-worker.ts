import { parentPort } from 'node:worker_threads';
import { RenderedBodies } from '../markdown/body-store.js';
import { buildSearchIndex } from './build-search-index.js';
import type { SearchJob } from './in-worker.js';

// Builds the search index on its own thread: Pagefind's documents and replies then flow while the
// main thread renders pages, instead of waiting for its event loop between pages. The worker is
// started before its job is known, so its modules are loaded by the time the site plan is ready.
parentPort!.once('message', (job: SearchJob) => {
  void buildSearchIndex({ ...job.options, sources: [], bodies: RenderedBodies.fromSnapshot(job.bodies) }).then((result) => {
    const buffers = new Set<ArrayBuffer>();
    for (const file of result.value.files) {
      if (file.contents instanceof Uint8Array && file.contents.buffer instanceof ArrayBuffer) buffers.add(file.contents.buffer);
    }
    parentPort!.postMessage(result, [...buffers]);
  });
});
