import type { SiteConfig } from '../config/index.js';
import type { BodyStore } from '../markdown/types.js';
import type { FileSink } from '../file-sink.js';
import type { PlannedFile } from '../site/types.js';
import type { Keyer } from './page-keys.js';
import { renderPlannedFile } from './planned-file.js';
import { withRepair } from './with-repair.js';

export interface PlannedFilesInput {
  /** Feeds, sitemap, robots.txt: the plan's non-HTML files. */
  files: readonly PlannedFile[];
  keyer: Keyer;
  config: SiteConfig;
  bodies: BodyStore;
  writer: FileSink;
  /** Every path written to the output so far; these files join it. */
  written: Set<string>;
}

/** Writes the plan's feeds and other planned files; one whose key is unchanged is kept, not made again. */
export async function writePlannedFiles(input: PlannedFilesInput): Promise<void> {
  const { keyer, config, bodies, writer, written } = input;
  for (const file of input.files) {
    const key = keyer.file(file);
    written.add(file.file);
    if (await writer.keep?.(file.file, key)) continue;
    const text = await withRepair(bodies, () => renderPlannedFile(file, { config, bodies }));
    await writer.write({ file: file.file, contents: text, key });
  }
}
