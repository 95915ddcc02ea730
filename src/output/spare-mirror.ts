import path from 'node:path';
import type { OutputFs } from './fs.js';
import { OUTPUT_MARKER, OUTPUT_MARKER_TEXT } from './guard.js';
import { parentDirs } from './paths.js';

/**
 * A first build's copy of its new site in the spare folder, by hard links: a folder and a link per
 * file, made before the swap from staging's files (the same inodes the output folder has once
 * staging is renamed to it) and after it from the output's. Only a time saver: on any failure the
 * partial copy goes and nothing more is tried.
 */
export class SpareMirror {
  /** Folders made in the spare folder. */
  private readonly made = new Set<string>();
  /** Files linked so far. */
  readonly linked = new Set<string>();
  private state: 'new' | 'open' | 'failed' = 'new';

  constructor(
    private readonly fs: OutputFs,
    private readonly spare: string,
  ) {}

  get failed(): boolean {
    return this.state === 'failed';
  }

  /**
   * Links each file of `files` from the folder `from` not linked yet; false, the copy removed, once
   * anything failed (the spare folder already there included: not this mirror's to fill).
   */
  add(files: Iterable<string>, from: string): boolean {
    if (this.state === 'failed') return false;
    try {
      if (this.state === 'new') {
        // Not recursive: the folder must be new, the cache folder holding it exists.
        this.fs.mkdirSync(this.spare);
        this.state = 'open';
        markFolder(this.fs, this.spare);
      }
      for (const file of files) {
        if (file === OUTPUT_MARKER || this.linked.has(file)) continue;
        for (const dir of parentDirs(file)) {
          if (this.made.has(dir)) continue;
          this.fs.mkdirSync(path.join(this.spare, dir));
          this.made.add(dir);
        }
        this.fs.linkSync(path.join(from, file), path.join(this.spare, file));
        this.linked.add(file);
      }
      return true;
    } catch {
      this.discard();
      return false;
    }
  }

  /** Removes what was made of the copy; the spare folder is then absent, as before the first add. */
  discard(): void {
    const opened = this.state === 'open';
    this.state = 'failed';
    if (!opened) return;
    try {
      this.fs.rmSync(this.spare, { recursive: true, force: true });
    } catch {
      // The next build's staging sorts out whatever is left, as with any spare.
    }
  }
}

/** Writes a new marker file into `dir`, replacing any by rename, so it is never absent or half-written. */
export function markFolder(fs: OutputFs, dir: string): void {
  const target = path.join(dir, OUTPUT_MARKER);
  const temp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(temp, OUTPUT_MARKER_TEXT);
  fs.renameSync(temp, target);
}
