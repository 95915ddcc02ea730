import { lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { SurveyColumns, SurveyReply } from './survey.js';

const folders = workerData as { out: string | undefined; spare: string | undefined };

/** Columns that grow by doubling: no array of boxed numbers to copy into typed arrays at the end. */
class Columns {
  length = 0;
  readonly paths: string[] = [];
  kinds = new Uint8Array(1024);
  sizes = new Float64Array(1024);
  mtimes = new Float64Array(1024);
  inodes = new Float64Array(1024);

  push(rel: string, kind: number, size: number, mtime: number, ino: number): void {
    if (this.length === this.kinds.length) this.grow();
    const i = this.length++;
    this.paths.push(rel);
    this.kinds[i] = kind;
    this.sizes[i] = size;
    this.mtimes[i] = mtime;
    this.inodes[i] = ino;
  }

  private grow(): void {
    const size = this.kinds.length * 2;
    const widen = <T extends Uint8Array | Float64Array>(from: T, to: T): T => (to.set(from), to);
    this.kinds = widen(this.kinds, new Uint8Array(size));
    this.sizes = widen(this.sizes, new Float64Array(size));
    this.mtimes = widen(this.mtimes, new Float64Array(size));
    this.inodes = widen(this.inodes, new Float64Array(size));
  }

  done(): SurveyColumns {
    const n = this.length;
    return { paths: this.paths, kinds: this.kinds.slice(0, n), sizes: this.sizes.slice(0, n), mtimes: this.mtimes.slice(0, n), inodes: this.inodes.slice(0, n) };
  }
}

/** Every entry under `root` without following links, files with their lstat identity; undefined if unreadable. */
function survey(root: string | undefined): SurveyColumns | undefined {
  if (root === undefined) return undefined;
  const columns = new Columns();
  // Absolute paths by concatenation: path.join per entry (normalising each time) cost a fifth of the walk.
  const prefix = root.endsWith('/') || root.endsWith(path.sep) ? root : root + path.sep;
  const visit = (rel: string): void => {
    const entries = readdirSync(rel === '' ? root : prefix + rel, { withFileTypes: true });
    const base = rel === '' ? '' : `${rel}/`;
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!;
      const child = base + entry.name;
      if (entry.isDirectory()) {
        columns.push(child, 0, 0, 0, 0);
        visit(child);
      } else if (entry.isFile()) {
        const st = lstatSync(prefix + child);
        columns.push(child, st.isFile() ? 1 : 2, st.size, st.mtimeMs, st.ino);
      } else {
        columns.push(child, 2, -1, -1, -1);
      }
    }
  };
  try {
    visit('');
  } catch {
    return undefined;
  }
  return columns.done();
}

/** The numeric columns move to the other thread instead of being copied. */
function send(part: SurveyReply['part'], columns: SurveyColumns | undefined): void {
  const arrays = columns ? [columns.kinds, columns.sizes, columns.mtimes, columns.inodes] : [];
  const moved = arrays.map((a) => a.buffer).filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
  parentPort?.postMessage({ part, columns } satisfies SurveyReply, moved);
}

// Two messages: the output folder's part is all a build that changed nothing waits for.
send('out', survey(folders.out));
send('spare', survey(folders.spare));
