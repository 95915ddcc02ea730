import { lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { SurveyColumns, SurveyReply } from './survey.js';

const folders = workerData as { out: string | undefined; spare: string | undefined };

/** Every entry under `root` without following links, files with their lstat identity; undefined if unreadable. */
function survey(root: string | undefined): SurveyColumns | undefined {
  if (root === undefined) return undefined;
  const paths: string[] = [];
  const kinds: number[] = [];
  const sizes: number[] = [];
  const mtimes: number[] = [];
  const inodes: number[] = [];
  const visit = (rel: string): void => {
    const abs = rel === '' ? root : path.join(root, rel);
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      paths.push(child);
      if (entry.isDirectory()) {
        kinds.push(0);
        sizes.push(0);
        mtimes.push(0);
        inodes.push(0);
        visit(child);
      } else if (entry.isFile()) {
        const st = lstatSync(path.join(root, child));
        kinds.push(st.isFile() ? 1 : 2);
        sizes.push(st.size);
        mtimes.push(st.mtimeMs);
        inodes.push(st.ino);
      } else {
        kinds.push(2);
        sizes.push(-1);
        mtimes.push(-1);
        inodes.push(-1);
      }
    }
  };
  try {
    visit('');
  } catch {
    return undefined;
  }
  return {
    paths,
    kinds: Uint8Array.from(kinds),
    sizes: Float64Array.from(sizes),
    mtimes: Float64Array.from(mtimes),
    inodes: Float64Array.from(inodes),
  };
}

// Two messages: the output folder's part is all a build that changed nothing waits for.
parentPort?.postMessage({ part: 'out', columns: survey(folders.out) } satisfies SurveyReply);
parentPort?.postMessage({ part: 'spare', columns: survey(folders.spare) } satisfies SurveyReply);
