import type { StagedOutcome, StagedTarget } from './staged-file.js';

/**
 * What a stage that puts files into the site needs of where they go. The build's Writer (src/output/)
 * is one; stages below output name this instead of depending on output.
 */
export interface FileSink {
  /** Adds a file of the new site. */
  write(file: { file: string; contents: string | Uint8Array; key?: string; hash?: string }): Promise<void>;
  /** Carries the previous build's file over when it was made with this key; false: produce it and write it. */
  keep?(file: string, key: string): Promise<boolean>;
  /** Adds a file copied from disk. */
  copy(file: string, fromAbsPath: string): Promise<void>;
  /**
   * Claims `file` (as `write` does) for another thread to write where the target says; undefined:
   * `write` it instead. Every target is answered by one `staged` call before the commit.
   */
  stage?(file: string, key: string): Promise<StagedTarget | undefined>;
  /** What became of a staged file: the other thread's outcome, or its contents made on this thread after all. */
  staged?(file: string, outcome: StagedOutcome | { contents: string | Uint8Array; hash?: string }): Promise<void>;
}
