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
}
