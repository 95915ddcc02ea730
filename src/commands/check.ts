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
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  // Drafts are checked too; a drafted page file counts as a page file, not a post.
  const pageFiles = result.pageFiles + result.draftPages.length;
  const posts = plural(result.posts + result.drafts.length - result.draftPages.length + result.scheduled.length, 'post');
  const files = pageFiles > 0 ? `${posts}, ${plural(pageFiles, 'page file')}` : posts;
  if (result.diagnostics.length === 0) note(common, `Checked ${files} and ${plural(result.pages, 'page')}: no problems.`);
  else if (common.format !== 'text') note(common, `Checked ${files}: ${summarize(result.diagnostics)}.`);
  return hasErrors(result.diagnostics) ? EXIT.errors : EXIT.ok;
}
