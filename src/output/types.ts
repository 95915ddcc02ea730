import type { StagedOutcome, StagedTarget } from '../staged-file.js';

/** One file of the built site. */
export interface OutputFile {
  /** Path relative to the output folder, POSIX separators, never absolute, never containing `..`. */
  file: string;
  contents: string | Uint8Array;
  /**
   * A hash of everything the contents were made from. A later build that has the same key for the
   * same path can {@link Writer.keep} the file without producing it again.
   */
  key?: string;
  /** `hashContents(contents)`, when the thread that made the file computed it already. */
  hash?: string;
}

export interface WriteSummary {
  written: number;
  unchanged: number;
  removed: number;
}

/**
 * Where a build's files go. The disk writer stages everything and swaps it in atomically at commit;
 * the memory writer keeps files in a map for tests and the dev server.
 */
export interface Writer {
  /**
   * Adds a file of the new site. Throws on a path that would leave the output folder, or on a path
   * written twice in one build (bugs upstream). I/O failures do not reject here: the first one is
   * kept, later writes are skipped, and commit() rejects with it as a `WriteError`.
   */
  write(file: OutputFile): Promise<void>;
  /**
   * Carries the previous build's file at `file` into the new site when it was made from inputs with
   * this same key and is still intact; true when it did (the file is then claimed, as by `write`).
   * False means the caller must produce the file and `write` it.
   */
  keep?(file: string, key: string): Promise<boolean>;
  /** Adds a file copied from disk (public/ files, bundle assets). */
  copy(file: string, fromAbsPath: string): Promise<void>;
  /**
   * Claims `file` for another thread (a page worker) to write into staging with `writeStaged`: the
   * exact path, whether an old copy is there to remove, the hash that means unchanged. Undefined
   * when this writer does not stage that way (or already failed): the caller `write`s the file instead.
   */
  stage?(file: string, key: string): Promise<StagedTarget | undefined>;
  /**
   * Settles a staged file: the other thread's outcome (a failure is kept as `write`'s are, and
   * commit rejects with it), or the contents when it was made on this thread after all.
   */
  staged?(file: string, outcome: StagedOutcome | { contents: string | Uint8Array; hash?: string }): Promise<void>;
  /**
   * Makes the new site the current one; files of the previous build not written again are removed.
   * Rejects with a `WriteError` on I/O failure, the previous output then unchanged. A disk writer is
   * used for one build (it holds the lock until commit or abort); the memory writer is reusable.
   */
  commit(): Promise<WriteSummary>;
  /**
   * Starts, in slices between other work, what the commit would do anyway and can do now (a first
   * build's mirror of its site into the spare folder); for a build that waits on something else.
   */
  prepareCommit?(): void;
  /** Drops everything staged; the previous output stays as it was. */
  abort(): Promise<void>;
  /**
   * The number of files of the previous build when the output folder holds exactly them, each as
   * that build left it (size, modification time and inode), and nothing else; undefined otherwise.
   * Only meaningful before anything is written.
   */
  intact?(): Promise<number | undefined>;
}
