import path from 'node:path';
import * as nodeFs from 'node:fs';
import type { Diagnostic, Result } from '../diagnostics.js';
import { DiskWriter } from './disk-writer.js';
import { toWriteError } from './errors.js';
import { type OutputFs, nodeOutputFs } from './fs.js';
import { forbiddenOutput, foreignOutput, hasOutputMarker, type FolderGuardOptions, unsafeOutput } from './guard.js';
import { acquireLock, type OutputLock } from './lock.js';
import { type Manifest, loadManifest, manifestPath, outputKey } from './manifest.js';
import { type Siblings, exists, recover, siblingsOf } from './siblings.js';
import { surveyOutput } from './survey.js';
import type { Writer } from './types.js';

export interface DiskWriterOptions {
  /** The output folder. Replaced as a whole at commit; its parent is created if missing. */
  outDir: string;
  /** Where the manifest of the previous build is kept; null compares against the old files instead. */
  cacheDir: string | null;
  /** File-system calls, for fault-injection tests. Default: node:fs. */
  fs?: OutputFs;
  /**
   * Survey the old output and the spare folder on a worker thread (see surveyOutput). Default: when
   * the previous build wrote at least {@link SURVEY_THRESHOLD} files and `fs` is node:fs; below that,
   * starting a thread costs more than the system calls it saves. Tests may pass their own survey.
   */
  survey?: boolean | typeof surveyOutput;
  /** The project and the folders a build reads: the output folder must keep clear of them (see guard.ts). */
  guard?: FolderGuardOptions;
  /** Replace an existing folder that carries no proof of being Hashmark's output (`--force-out`). */
  force?: boolean;
  /** How the output folder is named in diagnostics; default the path as given. */
  shown?: string;
}

export const SURVEY_THRESHOLD = 500;



/**
 * Opens an atomic writer on `outDir`: the new site is staged in a sibling folder (unchanged files
 * hard-linked, changed ones written), then swapped in by rename at commit. Returns a `build-locked`
 * diagnostic when another live build holds the folder, `write-failed` when it cannot be prepared.
 */
export async function createDiskWriter(options: DiskWriterOptions): Promise<Result<Writer | undefined>> {
  const fs = options.fs ?? nodeOutputFs;
  const shown = options.shown ?? options.outDir;
  const fail = (message: string, hint: string): Result<undefined> => ({
    value: undefined,
    diagnostics: [{ severity: 'error', code: 'write-failed', message, file: shown, hint }],
  });
  const refuse = (refusal: { message: string; hint: string }): Result<undefined> => ({
    value: undefined,
    diagnostics: [unsafeOutput(refusal, shown)],
  });

  // Every refusal comes before anything is created, locked, recovered or removed.
  const resolved = path.resolve(options.outDir);
  const cacheDir = options.cacheDir === null ? undefined : path.resolve(options.cacheDir);
  const forbidden = forbiddenOutput(resolved, {
    ...options.guard,
    protect: [...(options.guard?.protect ?? []), ...(cacheDir === undefined ? [] : [{ dir: cacheDir, what: 'the cache folder' }])],
  });
  if (forbidden !== undefined) return refuse(forbidden);
  const project = looksLikeProject(fs, resolved);
  if (project !== undefined) return refuse(project);
  if (options.force !== true) {
    const foreign = foreignOutput(resolved, () => cacheDir !== undefined && recordedInCache(fs, cacheDir, resolved), shown, fs);
    if (foreign !== undefined) return refuse(foreign);
  }

  let outDir: string;
  try {
    nodeFs.mkdirSync(path.dirname(resolved), { recursive: true });
    // The swap renames inside the real parent folder, so a symlinked parent path is resolved once here.
    outDir = path.join(nodeFs.realpathSync(path.dirname(resolved)), path.basename(resolved));
  } catch (error) {
    return fail(toWriteError(error, 'create the parent folder of', shown).message, 'Check that the path is writable.');
  }
  const siblings = siblingsOf(outDir);

  let lock: OutputLock;
  try {
    const attempt = acquireLock(siblings.lock);
    if (!attempt.ok) {
      const who = attempt.holderPid === undefined ? 'Another build' : `Another build (process ${attempt.holderPid})`;
      const diagnostic: Diagnostic = {
        severity: 'error',
        code: 'build-locked',
        message: `${who} is writing to this output folder.`,
        file: shown,
        hint: `Wait for it to finish. If no build is running, delete ${siblings.lock}.`,
      };
      return { value: undefined, diagnostics: [diagnostic] };
    }
    lock = attempt.lock;
  } catch (error) {
    return fail(toWriteError(error, 'lock', shown).message, 'Check that the parent of the output folder is writable.');
  }

  try {
    recover(fs, outDir, siblings);
    const stat = exists(fs, outDir) ? fs.lstatSync(outDir) : undefined;
    if (stat?.isSymbolicLink()) {
      lock.release();
      return fail('The output folder is a symbolic link; Hashmark replaces the folder as a whole and will not follow it.', 'Point --out at the real folder.');
    }
    if (stat !== undefined && !stat.isDirectory()) {
      lock.release();
      return fail('The output path exists and is not a folder.', 'Remove the file or choose another --out.');
    }
  } catch (error) {
    lock.release();
    return fail(toWriteError(error, 'prepare', shown).message, 'Check that the output folder and its parent are writable.');
  }

  const manifestFile = cacheDir === undefined ? undefined : manifestPath(cacheDir, outDir);
  const previous: Manifest = manifestFile === undefined ? new Map() : loadManifest(fs, manifestFile, outDir);
  const spare = cacheDir === undefined ? undefined : spareFolder(fs, cacheDir, outDir, siblings);
  const wantSurvey = options.survey ?? (fs === nodeOutputFs && previous.size >= SURVEY_THRESHOLD);
  const survey = wantSurvey
    ? (typeof wantSurvey === 'function' ? wantSurvey : surveyOutput)({
        out: exists(fs, outDir) ? outDir : undefined,
        spare: spare !== undefined && exists(fs, spare) ? spare : undefined,
      })
    : undefined;
  const trash = spare === undefined || cacheDir === undefined ? undefined : path.join(cacheDir, `output-trash-${outputKey(outDir)}`);
  return { value: new DiskWriter(fs, outDir, siblings, lock, previous, manifestFile, spare, survey, trash), diagnostics: [] };
}

/** Files whose presence at the top of a folder means it is a project, not a built site. */
const PROJECT_MARKERS = ['.git', 'package.json', 'site.config.ts'];

/** A folder holding a project's own files is never replaced, not even with --force-out. */
function looksLikeProject(fs: OutputFs, outDir: string): { message: string; hint: string } | undefined {
  if (hasOutputMarker(outDir, fs)) return undefined;
  for (const marker of PROJECT_MARKERS) {
    if (exists(fs, path.join(outDir, marker))) {
      return {
        message: `The output folder holds ${marker}, so it looks like a project folder; every build replaces the output folder as a whole.`,
        hint: 'Choose an output folder of its own, such as dist/, with --out. This is never allowed, not even with --force-out.',
      };
    }
  }
  return undefined;
}

/** The cache's manifest for this folder is a record that Hashmark wrote it (before output folders carried the marker). */
function recordedInCache(fs: OutputFs, cacheDir: string, outDir: string): boolean {
  try {
    const real = path.join(nodeFs.realpathSync(path.dirname(outDir)), path.basename(outDir));
    return loadManifest(fs, manifestPath(cacheDir, real), real).size > 0;
  } catch {
    return false;
  }
}

/**
 * Where the site replaced by a commit is kept to become the next build's staging folder. Reusing
 * its folders matters: with one folder per page, creating and removing thousands of folders costs
 * far more than the few files a small edit changes. It must be on the output's file system so that
 * moving it is a rename; otherwise there is none and the replaced site is deleted.
 */
function spareFolder(fs: OutputFs, cacheDir: string, outDir: string, siblings: Siblings): string | undefined {
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    if (fs.statSync(cacheDir).dev !== fs.statSync(siblings.parent).dev) return undefined;
    return path.join(cacheDir, `output-spare-${outputKey(outDir)}`);
  } catch {
    return undefined;
  }
}
