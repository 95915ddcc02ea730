import path from 'node:path';
import { errnoCode } from './errors.js';
import type { OutputFs } from './fs.js';
import { OUTPUT_MARKER, removeOwnFolder } from './guard.js';
import { parentDirs } from './paths.js';
import type { Siblings } from './siblings.js';
import { SpareMirror, markFolder } from './spare-mirror.js';
import type { FolderSurvey } from './survey.js';
import type { Trash } from './trash.js';
import { type FileIdentity, type FolderKinds, kinds, removeQuietly, statFile, walk } from './tree.js';

/**
 * The folder the new site is assembled in, beside the output folder, and its life: made from the
 * spare folder (the site the last commit replaced, kept in the cache) or from nothing, filled,
 * swapped in by two renames, and put aside as the next spare.
 */
export class Staging {
  /** Whether the staging folder exists and is this build's. */
  ready = false;
  /** Folders known to exist in staging. */
  private readonly dirs = new Set<string>();
  /** Folders another thread was told to make (see placeFor), not known to exist yet. */
  private readonly promised = new Set<string>();
  /** What a reused spare folder held when it became staging, path → kind; entries leave as they are dealt with. */
  leftovers: FolderKinds = new Map();
  /** The spare folder as surveyed, when staging was made from it; its files are what staging holds. */
  private spareSeen: FolderSurvey | undefined;
  /** A first build's copy of the new site in the spare folder, once begun (see mirrorAhead). */
  private mirror: SpareMirror | undefined;
  /** Where a reused spare's old copies go, to be removed off this thread (see Trash). */
  readonly trash: Trash | undefined;

  constructor(
    private readonly fs: OutputFs,
    private readonly outDir: string,
    private readonly siblings: Siblings,
    private readonly spare: string | undefined,
    trash?: Trash,
  ) {
    this.trash = spare === undefined ? undefined : trash;
  }

  /**
   * Makes the staging folder from the spare folder when there is one (inside the cache folder, which
   * is Hashmark's), else empty. Either way it carries a fresh marker from the moment it exists, so a
   * folder a killed build leaves is provably ours (see recover), and the live site's marker is never
   * a hard link shared with the cache. Returns the staged marker's identity.
   */
  open(surveyedSpare: FolderSurvey | undefined): FileIdentity {
    let reused = false;
    if (this.spare !== undefined) {
      try {
        markFolder(this.fs, this.spare);
        this.fs.renameSync(this.spare, this.siblings.staging);
        reused = true;
      } catch (error) {
        if (errnoCode(error) !== 'ENOENT') this.fs.rmSync(this.spare, { recursive: true, force: true });
      }
    }
    if (!reused) {
      // Not recursive: the name carries our pid and recovery cleared leftovers, so it must be new.
      this.fs.mkdirSync(this.siblings.staging);
      markFolder(this.fs, this.siblings.staging);
    }
    this.ready = true;
    this.trash?.open();
    // The survey saw the spare folder before this rename, and nothing else touches it.
    const spare = reused ? surveyedSpare : undefined;
    this.leftovers = !reused ? new Map() : spare ? kinds(spare) : walk(this.fs, this.siblings.staging);
    this.spareSeen = spare;
    this.leftovers.delete(OUTPUT_MARKER);
    return this.fs.lstatSync(path.join(this.siblings.staging, OUTPUT_MARKER));
  }

  /** Makes room for `file` in staging (its folders exist, nothing is at its path) and returns its staging path. */
  place(file: string): string {
    this.clearPath(file, (dir) => {
      // Another thread may be making it at this moment: recursive, so one that exists is fine.
      if (this.promised.delete(dir)) this.fs.mkdirSync(path.join(this.siblings.staging, dir), { recursive: true });
      else this.fs.mkdirSync(path.join(this.siblings.staging, dir));
      this.dirs.add(dir);
    });
    return path.join(this.siblings.staging, file);
  }

  /**
   * As `place`, for a file another thread writes: the folders staging lacks are left for that thread
   * to make (`dir`, the file's folder, made recursively), and an old copy at the file's own path
   * (`replaces`) for it to remove first, so those system calls leave this thread too. Leftovers
   * where a folder must go are still cleared here, before the other thread is told.
   */
  placeFor(file: string): { target: string; dir?: string; replaces: boolean } {
    const replaces = this.leftovers.get(file) === 'file';
    if (replaces) this.leftovers.delete(file);
    let missing = false;
    this.clearPath(file, (dir) => {
      this.promised.add(dir);
      missing = true;
    });
    const target = path.join(this.siblings.staging, file);
    return missing ? { target, dir: path.dirname(target), replaces } : { target, replaces };
  }

  /** The other thread wrote `file` (placeFor): the folders it was told to make exist. */
  madeFor(file: string): void {
    for (const dir of parentDirs(file)) {
      if (this.promised.delete(dir)) this.dirs.add(dir);
    }
  }

  /**
   * Clears the way to `file`: a leftover file where one of its folders must go, and a leftover at
   * its own path, are discarded; `make` is called for each folder not known to exist, outermost first.
   */
  private clearPath(file: string, make: (dir: string) => void): void {
    for (const dir of parentDirs(file)) {
      if (this.dirs.has(dir)) continue;
      const kind = this.leftovers.get(dir);
      this.leftovers.delete(dir);
      if (kind === 'dir') {
        this.dirs.add(dir);
        continue;
      }
      if (kind === 'file') this.discard(dir);
      make(dir);
    }
    const kind = this.leftovers.get(file);
    if (kind !== undefined) {
      this.leftovers.delete(file);
      this.discard(file);
    }
  }

  /** A leftover `placeFor` left to another thread, which did not move it: staging still holds it. */
  keepLeftover(file: string): void {
    this.leftovers.set(file, 'file');
  }

  /** Clears a leftover's path in staging now; the leftover itself goes to the trash when there is one. */
  private discard(rel: string): void {
    const abs = path.join(this.siblings.staging, rel);
    if (this.trash?.put(abs) !== true) removeQuietly(this.fs, abs);
  }

  /** Removes what the spare folder held that the new site does not have. */
  dropLeftovers(wanted: (file: string) => boolean, wantedDir: (dir: string) => boolean): void {
    const strayDirs: string[] = [];
    for (const [p, kind] of this.leftovers) {
      if (kind === 'dir') {
        if (!wantedDir(p)) strayDirs.push(p);
      } else if (!wanted(p)) {
        this.discard(p);
        this.leftovers.delete(p);
      }
    }
    for (const dir of strayDirs) {
      this.discard(dir);
      this.leftovers.delete(dir);
    }
  }

  /**
   * Whether staging already holds this very file at `file` (the spare usually does: the file was
   * unchanged last time too); if so it is kept in place.
   */
  holds(file: string, entry: FileIdentity): boolean {
    if (this.leftovers.get(file) !== 'file') return false;
    const st = this.stagedIdentity(file);
    if (st === undefined || st.ino !== entry.ino || st.mtimeMs !== entry.mtimeMs || st.size !== entry.size) return false;
    this.leftovers.delete(file);
    // Folders of a file found in place in the spare exist and are wanted.
    for (const dir of parentDirs(file)) {
      if (this.dirs.has(dir)) continue;
      this.leftovers.delete(dir);
      this.dirs.add(dir);
    }
    return true;
  }

  /** What staging holds at `file`, as surveyed when the spare became staging, else from disk. */
  private stagedIdentity(file: string): FileIdentity | undefined {
    if (this.spareSeen) {
      const entry = this.spareSeen.get(file);
      return entry?.kind === 'file' && entry.ino !== -1 ? entry : undefined;
    }
    return statFile(this.fs, path.join(this.siblings.staging, file));
  }

  /**
   * The two renames are the only moment the output folder is absent; a kill there is undone by the
   * next build's recovery, which renames the old site back.
   */
  swap(outExists: boolean, files: Iterable<string>): void {
    // The old site becomes the spare instead.
    if (outExists) this.dropMirror();
    if (!outExists) {
      this.fs.renameSync(this.siblings.staging, this.outDir);
      this.ready = false;
      this.mirrorToSpare(files);
      return;
    }
    this.fs.renameSync(this.outDir, this.siblings.old);
    try {
      this.fs.renameSync(this.siblings.staging, this.outDir);
    } catch (error) {
      this.fs.renameSync(this.siblings.old, this.outDir);
      throw error;
    }
    this.ready = false;
    try {
      if (this.spare === undefined) throw new Error('no spare folder');
      this.fs.renameSync(this.siblings.old, this.spare);
    } catch {
      try {
        removeOwnFolder(this.siblings.old, this.fs);
      } catch {
        // The new site is in place; the next build's recovery removes what is left of the old one.
      }
    }
  }

  /**
   * A first build has no old site to keep as the spare folder, so the next build would make its
   * staging folder from nothing: a folder and a hard link for every page, over a second at 4000
   * posts, paid by the edit after a fresh build. The new site is mirrored there instead, by hard
   * links (what an old site kept as the spare shares with the live one anyway): what mirrorAhead
   * did not link already is linked now.
   */
  private mirrorToSpare(files: Iterable<string>): void {
    if (this.spare === undefined) return;
    this.mirror ??= new SpareMirror(this.fs, this.spare);
    this.mirror.add(files, this.outDir);
    this.mirror = undefined;
  }

  /**
   * Mirrors `files` (written into staging, never to change before the swap) into the spare folder
   * now, when the output folder is absent and the swap will therefore mirror the site, so that the
   * commit links only the rest. Staging's files are the output's once staging is renamed to it.
   */
  mirrorAhead(files: Iterable<string>): boolean {
    if (this.spare === undefined || !this.ready) return false;
    this.mirror ??= new SpareMirror(this.fs, this.spare);
    return this.mirror.add(files, this.siblings.staging);
  }

  /** The early mirror goes when the build does not end in a first build's swap. */
  private dropMirror(): void {
    this.mirror?.discard();
    this.mirror = undefined;
  }

  /** After an abort or a commit with nothing to swap, staging becomes the spare again (or goes). */
  putAside(): void {
    this.dropMirror();
    if (!this.ready) return;
    if (this.spare !== undefined) {
      try {
        this.fs.renameSync(this.siblings.staging, this.spare);
        this.ready = false;
        return;
      } catch {
        // fall back to removing it
      }
    }
    this.remove();
  }

  remove(): void {
    this.dropMirror();
    if (!this.ready) return;
    this.ready = false;
    try {
      removeOwnFolder(this.siblings.staging, this.fs);
    } catch {
      // Leftovers are removed by the next build's recovery.
    }
  }

  /** The staging path of `file`. */
  path(file: string): string {
    return path.join(this.siblings.staging, file);
  }
}
