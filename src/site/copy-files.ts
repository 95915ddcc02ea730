import type { FileSink } from '../file-sink.js';
import type { PublicFile } from './public-files.js';
import type { SitePlan } from './types.js';

export interface CopyInput {
  writer: FileSink;
  /** The theme's built asset files. */
  themeFiles: ReadonlyArray<{ file: string; contents: Uint8Array }>;
  /** Post bundle assets. */
  bundled: SitePlan['assets'];
  publicFiles: readonly PublicFile[];
  /** Every path written to the output so far; the copies join it. */
  written: Set<string>;
}

/**
 * Theme assets, post bundle assets and public/ files, in that order. A path written already is a
 * route conflict, reported by claimRoutes; the build goes on without the second file, and fails at the end.
 */
export async function copySiteFiles(input: CopyInput): Promise<void> {
  const { writer, written } = input;
  for (const file of input.themeFiles) {
    if (written.has(file.file)) continue;
    await writer.write(file);
    written.add(file.file);
  }
  for (const asset of input.bundled) {
    if (written.has(asset.file)) continue;
    await writer.copy(asset.file, asset.from);
    written.add(asset.file);
  }
  for (const file of input.publicFiles) {
    if (written.has(file.file)) continue;
    await writer.copy(file.file, file.from);
    written.add(file.file);
  }
}
