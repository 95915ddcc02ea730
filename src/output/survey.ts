import { Worker } from 'node:worker_threads';
import { workerUrl } from '../worker-url.js';

/** What a folder held: per path relative to it (POSIX), a folder or a file with its identity. */
export type SurveyEntry = { kind: 'dir' } | { kind: 'file'; size: number; mtimeMs: number; ino: number };
export type FolderSurvey = Map<string, SurveyEntry>;

/** The worker's reply for one folder: columns, so the transfer is a few arrays, not thousands of objects. */
export interface SurveyColumns {
  paths: string[];
  /** 0 folder, 1 file, 2 anything else (a link, a socket): counted as a file with no identity. */
  kinds: Uint8Array;
  sizes: Float64Array;
  mtimes: Float64Array;
  inodes: Float64Array;
}

export interface OutputSurvey {
  out: FolderSurvey | undefined;
  spare: FolderSurvey | undefined;
}

/**
 * Walks and stats the output folder and the spare folder on a worker thread. The disk writer needs
 * both (which old files are still as the manifest says, what to remove, what the spare already
 * holds), and on a site of thousands of pages that is thousands of system calls: on another core
 * they overlap the build's own work instead of following it. Resolves to undefined when the worker
 * cannot run; the writer then looks for itself.
 */
export function surveyOutput(folders: { out: string | undefined; spare: string | undefined }): Promise<OutputSurvey | undefined> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(workerUrl(import.meta.url, 'survey-worker.js'), { workerData: folders });
    } catch {
      resolve(undefined);
      return;
    }
    worker.once('message', (reply: { out?: SurveyColumns; spare?: SurveyColumns }) => {
      resolve({ out: reply.out && fromColumns(reply.out), spare: reply.spare && fromColumns(reply.spare) });
      void worker.terminate();
    });
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => resolve(undefined));
  });
}

function fromColumns(columns: SurveyColumns): FolderSurvey {
  const survey: FolderSurvey = new Map();
  columns.paths.forEach((p, i) => {
    const kind = columns.kinds[i];
    if (kind === 0) survey.set(p, { kind: 'dir' });
    else if (kind === 1) survey.set(p, { kind: 'file', size: columns.sizes[i]!, mtimeMs: columns.mtimes[i]!, ino: columns.inodes[i]! });
    else survey.set(p, { kind: 'file', size: -1, mtimeMs: -1, ino: -1 });
  });
  return survey;
}
