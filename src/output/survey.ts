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

/** One of the worker's two messages; no columns when the folder is absent or unreadable. */
export interface SurveyReply {
  part: 'out' | 'spare';
  columns: SurveyColumns | undefined;
}

export interface OutputSurvey {
  out: FolderSurvey | undefined;
  spare: FolderSurvey | undefined;
}

/** A survey under way: each folder's part resolves as soon as that folder is walked. */
export interface SurveyInProgress {
  out: Promise<FolderSurvey | undefined>;
  spare: Promise<FolderSurvey | undefined>;
  /** Ends the walk; a part not yet in resolves to undefined. */
  stop(): void;
}

/**
 * Walks and stats the output folder, then the spare folder, on a worker thread. The disk writer needs
 * both (which old files are still as the manifest says, what to remove, what the spare already
 * holds), and on a site of thousands of pages that is thousands of system calls: on another core
 * they overlap the build's own work instead of following it. The output folder comes first and on
 * its own: a build that changed nothing needs only that part, and stops the walk of the spare.
 * A part resolves to undefined when the worker cannot run; the writer then looks for itself.
 */
export function surveyOutput(folders: { out: string | undefined; spare: string | undefined }): SurveyInProgress {
  let resolveOut!: (survey: FolderSurvey | undefined) => void;
  let resolveSpare!: (survey: FolderSurvey | undefined) => void;
  const out = new Promise<FolderSurvey | undefined>((resolve) => (resolveOut = resolve));
  const spare = new Promise<FolderSurvey | undefined>((resolve) => (resolveSpare = resolve));
  const give = (): void => {
    resolveOut(undefined);
    resolveSpare(undefined);
  };
  let worker: Worker;
  try {
    worker = new Worker(workerUrl(import.meta.url, 'survey-worker.js'), { workerData: folders });
  } catch {
    give();
    return { out, spare, stop: () => undefined };
  }
  worker.on('message', (reply: SurveyReply) => {
    const survey = reply.columns && fromColumns(reply.columns);
    if (reply.part === 'out') resolveOut(survey);
    else {
      resolveSpare(survey);
      void worker.terminate();
    }
  });
  // A promise resolves once: these only settle the parts that were not in yet.
  worker.once('error', give);
  worker.once('exit', give);
  return {
    out,
    spare,
    stop: () => {
      give();
      void worker.terminate();
    },
  };
}

/** Shared by every folder and every entry without an identity: readers never change an entry. */
const FOLDER: SurveyEntry = Object.freeze({ kind: 'dir' });
const NO_IDENTITY: SurveyEntry = Object.freeze({ kind: 'file', size: -1, mtimeMs: -1, ino: -1 });

function fromColumns(columns: SurveyColumns): FolderSurvey {
  const survey: FolderSurvey = new Map();
  const { paths, kinds, sizes, mtimes, inodes } = columns;
  for (let i = 0; i < paths.length; i++) {
    const kind = kinds[i];
    survey.set(paths[i]!, kind === 0 ? FOLDER : kind === 1 ? { kind: 'file', size: sizes[i]!, mtimeMs: mtimes[i]!, ino: inodes[i]! } : NO_IDENTITY);
  }
  return survey;
}
