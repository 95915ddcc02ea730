import type { BuildResult } from '../build.js';
import { hasErrors, summarize } from '../diagnostics.js';
import { type Common, EXIT, note, printDiagnostics, progressBar } from './common.js';

/** The whole build, links included, into memory: every problem `build` would report, and nothing written to the output folder. */
export async function check(common: Common): Promise<number> {
  const { build } = await import('../build.js');
  const { createMemoryWriter } = await import('../output/index.js');
  const progress = process.stderr.isTTY === true ? progressBar() : undefined;
  let result: BuildResult;
  try {
    result = await build({
      root: common.root,
      contentDir: common.contentDir,
      outDir: common.outDir,
      writer: createMemoryWriter(),
      ...(progress ? { onProgress: progress.update } : {}),
    });
  } finally {
    progress?.clear();
  }
  printDiagnostics(result.diagnostics, common);
  const count = result.posts + result.drafts.length + result.scheduled.length;
  const posts = `${count} post${count === 1 ? '' : 's'}`;
  if (result.diagnostics.length === 0) note(common, `Checked ${posts} and ${result.pages} page${result.pages === 1 ? '' : 's'}: no problems.`);
  else if (common.format !== 'text') note(common, `Checked ${posts}: ${summarize(result.diagnostics)}.`);
  return hasErrors(result.diagnostics) ? EXIT.errors : EXIT.ok;
}
