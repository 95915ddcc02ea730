import { rmSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { FileSink } from '../file-sink.js';
import { searchFileReader } from './index-cache.js';
import type { SearchFile } from './types.js';

export interface SearchWriteInput {
  root: string;
  cacheDir: string | null;
  files: readonly SearchFile[];
  writer: FileSink;
  /** Every path written to the output: the search files join it. */
  written: Set<string>;
  /** Where a damaged cache entry is reported. */
  diagnostics: Diagnostic[];
}

/**
 * Puts the search index into the output. Unchanged files are kept by key, unread; only changed ones
 * are read from the cache. False when a damaged cache entry left the index incomplete in this build.
 */
export async function writeSearchFiles(input: SearchWriteInput): Promise<boolean> {
  const { writer, written, diagnostics } = input;
  let complete = true;
  const read = searchFileReader();
  for (const file of input.files) {
    written.add(file.file);
    if (file.key !== undefined && (await writer.keep?.(file.file, file.key))) continue;
    const contents = read(file);
    if (contents === undefined) {
      diagnostics.push({
        severity: 'warning',
        code: 'search-index-failed',
        message: `The search index's cache entry for ${file.file} is damaged, so the index is incomplete in this build.`,
        file: path.relative(input.root, input.cacheDir ?? input.root) || '.',
        hint: 'Build again: the damaged entry has been removed and is rebuilt from the posts.',
      });
      if (file.pack) rmSync(file.pack.path, { force: true });
      complete = false;
      continue;
    }
    await writer.write({ file: file.file, contents, ...(file.key === undefined ? {} : { key: file.key }) });
  }
  return complete;
}
