import { rmSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import type { TrashBatch } from './trash.js';

// Removes the trash folder's entries it is told of (see Trash), one batch a message, and answers
// with how many it dealt with. Each name is one entry of that folder, never a path elsewhere.
parentPort!.on('message', ({ dir, names, keep }: TrashBatch) => {
  for (const name of names) {
    if (name === keep || name === '' || name === '.' || name === '..' || name.includes('/') || name.includes(path.sep)) continue;
    const abs = path.join(dir, name);
    try {
      unlinkSync(abs);
    } catch {
      try {
        // A folder (a stray one dropped from staging), or anything unlink would not take.
        rmSync(abs, { recursive: true, force: true });
      } catch {
        // Left for a later build.
      }
    }
  }
  parentPort!.postMessage(names.length);
});
