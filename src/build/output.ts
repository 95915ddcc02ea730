import path from 'node:path';
import { createDiskWriter, type WriteError } from '../output/index.js';
import { readFolders, shownPath, tagCacheDir } from '../output/guard.js';
import type { Diagnostic } from '../diagnostics.js';
import type { Writer } from '../output/types.js';
import type { BuildContext, BuildResult, BuildSetup } from './context.js';
import { forgetLastBuild, recordBuild } from './last-build.js';

export interface OpenedOutput {
  writer: Writer;
  /** False when the output folder cannot be used: the writer then keeps nothing (the build has an error). */
  usable: boolean;
}

/**
 * Opens where the site goes: the caller's writer, else the disk writer, which surveys the old output
 * on another thread while the stages run. Undefined when the output folder is refused: the build ends.
 */
export async function openOutput(setup: BuildSetup): Promise<OpenedOutput | undefined> {
  const { options, folders, root, cacheDir } = setup;
  let writer = options.writer;
  let usable = true;
  if (!writer) {
    const created = await createDiskWriter({
      outDir: folders.outDir, cacheDir, force: options.forceOut ?? false, guard: { root, protect: readFolders(folders) }, shown: shownPath(folders.outDir, root),
    });
    setup.diagnostics.push(...created.diagnostics);
    if (created.diagnostics.some((d) => d.code === 'unsafe-output')) return undefined;
    writer = created.value;
    usable = writer !== undefined;
  }
  if (cacheDir !== null) tagCacheDir(cacheDir);
  // Without a usable output folder the build goes on into a writer that keeps nothing, so one run still reports every problem.
  return { writer: writer ?? discardingWriter(), usable };
}

/** The error of a build whose output could not be written. */
export function writeFailed(setup: BuildSetup, error: WriteError): Diagnostic {
  const { root, outDir } = setup.folders;
  return {
    severity: 'error',
    code: 'write-failed',
    message: `The site could not be written to ${outDir}: ${error.message}. The previous output is unchanged.`,
    file: path.relative(root, outDir) || '.',
    hint: 'Check free disk space and that the output folder and its parent are writable.',
  };
}

/**
 * A writer that keeps nothing, for a build whose output folder cannot be used: the later stages still
 * run, so their problems are reported too, and nothing is ever committed (the build has an error).
 */
function discardingWriter(): Writer {
  return {
    write: async () => undefined,
    copy: async () => undefined,
    commit: async () => ({ written: 0, unchanged: 0, removed: 0 }),
    abort: async () => undefined,
  };
}

/**
 * Puts a clean build's output in place of the old, and leaves its state for the nothing-changed
 * shortcut unless the output is knowingly incomplete (a damaged search cache entry): not a state to keep.
 */
export async function commitOutput(ctx: BuildContext, result: BuildResult, end: { stateKey: string | undefined; complete: boolean }): Promise<void> {
  forgetLastBuild(ctx.cacheDir);
  const { written, unchanged, removed } = await ctx.writer.commit();
  Object.assign(result, { written, unchanged, removed });
  if (end.complete) recordBuild(ctx.cacheDir, end.stateKey, result);
}
