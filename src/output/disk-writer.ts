import path from 'node:path';
import * as nodeFs from 'node:fs';
import { WriteError, errnoCode, toWriteError } from './errors.js';
import { type OutputFs, nodeOutputFs } from './fs.js';
import { OUTPUT_MARKER, OUTPUT_MARKER_TEXT } from './guard.js';
import type { OutputLock } from './lock.js';
import { hashContents } from '../file-hash.js';
import type { StagedOutcome, StagedTarget } from '../staged-file.js';
import { type Manifest, type ManifestEntry, type SourceRecord, saveManifest } from './manifest.js';
import { assertSafeOutputPath, parentDirs } from './paths.js';
import { type Siblings, exists } from './siblings.js';
import { Staging } from './staging.js';
import { Trash } from './trash.js';
import type { FolderSurvey, OutputSurvey, SurveyInProgress } from './survey.js';
import { type FileIdentity, kinds, removeQuietly, statFile, walk } from './tree.js';
import type { OutputFile, WriteSummary, Writer } from './types.js';

type State = 'open' | 'committing' | 'done';

/** Hard links fail on some file systems; those files are then copied instead. */
const LINK_UNSUPPORTED = new Set(['EXDEV', 'EPERM', 'EMLINK', 'ENOTSUP', 'EOPNOTSUPP']);

/**
 * The atomic writer on one output folder (opened by createDiskWriter in open.ts): unchanged files are
 * kept by hard link, changed ones written into staging, and the whole swapped in at commit.
 */
export class DiskWriter implements Writer {
  private state: State = 'open';
  private failure: WriteError | undefined;
  /** Every path of the new site, with what is known about it. */
  private readonly next: Manifest = new Map();
  /** Paths of the new site that are unchanged and still to be hard-linked at commit. */
  private readonly carried: string[] = [];
  private readonly claimedDirs = new Set<string>();
  private written = 0;
  /** Files staged for another thread to write and not settled yet: their key, and whether an old copy was there. */
  private readonly unsettled = new Map<string, { key: string; replaces: boolean; target: string }>();
  /** See outAbsent. */
  private outMissing: boolean | undefined;
  /** Whether the manifest to save differs from the one loaded; a no-change build skips rewriting it. */
  private manifestDirty = false;

  constructor(
    private readonly fs: OutputFs,
    private readonly outDir: string,
    private readonly siblings: Siblings,
    private readonly lock: OutputLock,
    private readonly previous: Manifest,
    private readonly manifestFile: string | undefined,
    spare: string | undefined,
    private survey: SurveyInProgress | undefined,
    trash?: string,
  ) {
    this.staging = new Staging(fs, outDir, siblings, spare, trash === undefined ? undefined : new Trash(fs, trash));
  }

  private readonly staging: Staging;

  /** The survey, once it is in; undefined parts mean "look on disk". */
  private surveyed: OutputSurvey | undefined;

  /** Every public call waits for the survey first, so no call sees a folder half-surveyed or the spare mid-rename. */
  private async settle(): Promise<void> {
    if (this.survey === undefined) return;
    const pending = this.survey;
    this.survey = undefined;
    this.surveyed = { out: await pending.out, spare: await pending.spare };
  }

  /** The output folder's part of the survey, without waiting for the spare folder's. */
  private async surveyedOut(): Promise<FolderSurvey | undefined> {
    return this.survey !== undefined ? this.survey.out : this.surveyed?.out;
  }

  async keep(file: string, key: string): Promise<boolean> {
    await this.settle();
    const prev = this.previous.get(file);
    if (prev?.key !== key || this.failure !== undefined) return false;
    // Checked before claiming: on a miss the caller writes the file, which claims it then.
    assertSafeOutputPath(file);
    if (this.next.has(file) || !this.stillOnDisk(file, prev)) return false;
    this.claim(file);
    this.carry(file, prev);
    return true;
  }

  async write(file: OutputFile): Promise<void> {
    await this.settle();
    this.claim(file.file);
    if (this.failure !== undefined) return;
    try {
      this.place(file.file, file.contents, file.hash ?? hashContents(file.contents), undefined, file.key);
    } catch (error) {
      this.failure = toWriteError(error, 'write', this.shown(file.file));
    }
  }

  async stage(file: string, key: string): Promise<StagedTarget | undefined> {
    await this.settle();
    // Another thread writes through node:fs, never through an injected one; a file without a
    // manifest entry but on disk is compared by content here (unchangedEntry).
    if (this.failure !== undefined || this.fs !== nodeOutputFs) return undefined;
    const prev = this.previous.get(file);
    if (prev === undefined && this.statOld(file) !== undefined) return undefined;
    this.claim(file);
    let placed: ReturnType<Staging['placeFor']>;
    try {
      this.ensureStaging();
      placed = this.staging.placeFor(file);
    } catch (error) {
      this.failure = toWriteError(error, 'write', this.shown(file));
      this.next.delete(file);
      return undefined;
    }
    const target: StagedTarget = { path: placed.target };
    if (placed.dir !== undefined) target.dir = placed.dir;
    if (placed.replaces) target.replaces = true;
    if (prev !== undefined && this.stillOnDisk(file, prev)) target.previousHash = prev.hash;
    this.unsettled.set(file, { key, replaces: placed.replaces, target: placed.target });
    return target;
  }

  async staged(file: string, outcome: StagedOutcome | { contents: string | Uint8Array; hash?: string }): Promise<void> {
    const staged = this.unsettled.get(file);
    if (staged === undefined) throw new Error(`staged: ${JSON.stringify(file)} was not staged.`);
    this.unsettled.delete(file);
    if (this.failure !== undefined) return;
    if ('contents' in outcome) {
      // Made on this thread after all (its worker failed): whatever a worker may have left at the
      // path is this build's own, in staging.
      try {
        removeQuietly(this.fs, staged.target);
        // Its folders may be among those the worker was to make.
        this.staging.place(file);
        this.place(file, outcome.contents, outcome.hash ?? hashContents(outcome.contents), undefined, staged.key, staged.target);
      } catch (error) {
        this.failure = toWriteError(error, 'write', this.shown(file));
      }
      return;
    }
    if ('error' in outcome) {
      const cause = Object.assign(new Error(outcome.error.message), outcome.error.code === undefined ? {} : { code: outcome.error.code });
      this.failure = toWriteError(cause, 'write', this.shown(file));
      return;
    }
    if ('unchanged' in outcome) {
      // The old copy was left in place: staging may hold this very file (linkCarried checks).
      if (staged.replaces) this.staging.keepLeftover(file);
      const prev = this.previous.get(file)!;
      this.carry(file, prev.key === staged.key ? prev : { ...prev, key: staged.key });
      return;
    }
    this.staging.madeFor(file);
    this.next.set(file, { hash: outcome.hash, size: outcome.size, mtimeMs: outcome.mtimeMs, ino: outcome.ino, key: staged.key });
    this.written++;
    this.manifestDirty = true;
  }

  async copy(file: string, fromAbsPath: string): Promise<void> {
    await this.settle();
    this.claim(file);
    if (!path.isAbsolute(fromAbsPath)) throw new Error(`copy: source ${JSON.stringify(fromAbsPath)} is not absolute.`);
    if (this.failure !== undefined) return;
    let source: SourceRecord;
    try {
      const st = this.fs.statSync(fromAbsPath);
      if (!st.isFile()) throw new Error(`copy: source ${fromAbsPath} is not a regular file.`);
      source = { path: fromAbsPath, size: st.size, mtimeMs: st.mtimeMs, ino: st.ino };
    } catch (error) {
      if (errnoCode(error) === undefined) throw error;
      this.failure = toWriteError(error, 'read', fromAbsPath);
      return;
    }
    try {
      const prev = this.previous.get(file);
      if (prev?.source !== undefined && sameSource(prev.source, source) && this.stillOnDisk(file, prev)) {
        this.carry(file, prev);
        return;
      }
      const bytes = this.fs.readFileSync(fromAbsPath);
      this.place(file, bytes, hashContents(bytes), source);
    } catch (error) {
      this.failure = toWriteError(error, 'copy', `${fromAbsPath} to ${this.shown(file)}`);
    }
  }

  /**
   * A first build mirrors its site into the spare folder at the swap (Staging.mirrorToSpare): the
   * files staging holds now are mirrored in slices between other work, while the build waits for the
   * search index, and the commit links only the rest.
   */
  prepareCommit(): void {
    if (this.state !== 'open' || this.failure !== undefined || !this.staging.ready || this.carried.length > 0) return;
    if (this.survey !== undefined || this.surveyed?.out !== undefined || !this.outAbsent()) return;
    const files: string[] = [];
    for (const [file, entry] of this.next) if (entry !== PENDING && !this.unsettled.has(file)) files.push(file);
    let at = 0;
    const slice = (): void => {
      if (this.state !== 'open' || this.failure !== undefined || at >= files.length) return;
      if (!this.staging.mirrorAhead(files.slice(at, at + MIRROR_SLICE))) return;
      at += MIRROR_SLICE;
      setImmediate(slice);
    };
    setImmediate(slice);
  }

  async commit(): Promise<WriteSummary> {
    if (this.state !== 'open') throw new Error('commit: this writer was already committed or aborted.');
    await this.settle();
    this.state = 'committing';
    try {
      if (this.failure !== undefined) throw this.failure;
      if (this.unsettled.size > 0) throw new Error(`commit: ${this.unsettled.size} staged files were never settled.`);
      const markerMissing = this.placeMarker();
      const outExists = exists(this.fs, this.outDir);
      const old = !outExists ? new Map<string, 'dir' | 'file'>() : this.surveyed?.out ? kinds(this.surveyed.out) : walk(this.fs, this.outDir);
      let removed = 0;
      let strayDirs = false;
      for (const [p, kind] of old) {
        if (kind === 'file' && !this.next.has(p)) removed++;
        if (kind === 'dir' && !this.claimedDirs.has(p)) strayDirs = true;
      }
      const carried = this.carried.length;
      const markerCarried = this.carried.includes(OUTPUT_MARKER);
      if (outExists && this.written === 0 && !markerMissing && removed === 0 && !strayDirs) {
        // The folder already is the new site: no swap, nothing touched.
        this.staging.putAside();
      } else {
        this.ensureStaging();
        this.staging.dropLeftovers((p) => this.next.has(p), (p) => this.claimedDirs.has(p));
        this.linkCarried();
        this.staging.swap(outExists, this.next.keys());
      }
      this.saveManifest();
      // The marker is not part of the site the author sees counted (a carried one may have been copied).
      const markerKept = this.carried.includes(OUTPUT_MARKER) ? 1 : 0;
      const markerCopied = markerCarried && markerKept === 0 ? 1 : 0;
      return { written: this.written + (carried - this.carried.length) - markerCopied, unchanged: this.carried.length - markerKept, removed };
    } catch (error) {
      this.staging.remove();
      // A bug stays a bug; only I/O failures become a WriteError.
      if (!(error instanceof WriteError) && errnoCode(error) === undefined) throw error;
      throw toWriteError(error, 'write', this.outDir);
    } finally {
      this.state = 'done';
      this.staging.trash?.stop();
      this.lock.release();
    }
  }

  async intact(): Promise<number | undefined> {
    // Reads nothing of the spare folder: a build that changed nothing ends without waiting for its survey.
    const out = await this.surveyedOut();
    if (this.manifestFile === undefined || this.previous.size === 0 || !exists(this.fs, this.outDir)) return undefined;
    let found: Map<string, 'dir' | 'file'>;
    try {
      found = out ? kinds(out) : walk(this.fs, this.outDir);
    } catch {
      return undefined;
    }
    const dirs = new Set<string>();
    for (const [file, entry] of this.previous) {
      if (found.get(file) !== 'file' || !this.stillOnDisk(file, entry)) return undefined;
      for (const dir of parentDirs(file)) dirs.add(dir);
    }
    for (const [p, kind] of found) {
      if (kind === 'file' ? !this.previous.has(p) : !dirs.has(p)) return undefined;
    }
    return this.previous.size - (this.previous.has(OUTPUT_MARKER) ? 1 : 0);
  }

  async abort(): Promise<void> {
    if (this.state === 'done') return;
    if (!this.staging.ready && this.survey !== undefined) {
      // Nothing was staged, so the spare folder was never moved: no need to wait for its survey.
      this.survey.stop();
      this.survey = undefined;
    }
    await this.settle();
    this.state = 'done';
    try {
      this.staging.putAside();
    } finally {
      this.staging.trash?.stop();
      this.lock.release();
    }
  }

  private claim(file: string): void {
    if (this.state !== 'open') throw new Error(`write: ${JSON.stringify(file)} after commit or abort.`);
    assertSafeOutputPath(file);
    if (this.next.has(file) || this.claimedDirs.has(file)) {
      throw new Error(`write: ${JSON.stringify(file)} is written twice, or is also a folder, in one build.`);
    }
    for (const dir of parentDirs(file)) {
      if (this.next.has(dir)) throw new Error(`write: ${JSON.stringify(file)} needs ${JSON.stringify(dir)} to be a folder, but it is a file.`);
      this.claimedDirs.add(dir);
    }
    // Reserve the path now so a second write of it is caught even if this one fails.
    this.next.set(file, PENDING);
  }

  /** Strings are encoded only when they must be written or compared: unchanged pages never are. */
  private place(
    file: string,
    contents: string | Uint8Array,
    hash: string,
    source: SourceRecord | undefined,
    key?: string,
    staged?: string,
  ): void {
    const kept = this.unchangedEntry(file, contents, hash);
    if (kept !== undefined) {
      let entry = kept;
      if (source !== undefined || kept.key !== key) {
        entry = { ...kept };
        if (source !== undefined) entry.source = source;
        if (key === undefined) delete entry.key;
        else entry.key = key;
      }
      this.carry(file, entry);
      return;
    }
    const bytes = typeof contents === 'string' ? Buffer.from(contents, 'utf8') : contents;
    this.ensureStaging();
    const target = staged ?? this.staging.place(file);
    // 'wx': a new inode every time; a file in staging may be a hard link shared with the live site.
    const fd = this.fs.openSync(target, 'wx');
    let entry: ManifestEntry;
    try {
      let offset = 0;
      while (offset < bytes.byteLength) offset += this.fs.writeSync(fd, bytes, offset, bytes.byteLength - offset);
      const st = this.fs.fstatSync(fd);
      entry = { hash, size: st.size, mtimeMs: st.mtimeMs, ino: st.ino };
    } finally {
      this.fs.closeSync(fd);
    }
    if (source !== undefined) entry.source = source;
    if (key !== undefined) entry.key = key;
    this.next.set(file, entry);
    this.written++;
    this.manifestDirty = true;
  }

  /**
   * The previous file can be kept when the manifest says it had this hash and a stat shows it was not
   * touched since. Without a manifest entry the old file is read and compared, once.
   */
  private unchangedEntry(file: string, contents: string | Uint8Array, hash: string): ManifestEntry | undefined {
    const prev = this.previous.get(file);
    if (prev !== undefined) {
      return prev.hash === hash && this.stillOnDisk(file, prev) ? prev : undefined;
    }
    const st = this.statOld(file);
    const size = typeof contents === 'string' ? Buffer.byteLength(contents, 'utf8') : contents.byteLength;
    if (st === undefined || st.size !== size) return undefined;
    const old = this.fs.readFileSync(path.join(this.outDir, file));
    const bytes = typeof contents === 'string' ? Buffer.from(contents, 'utf8') : contents;
    if (!Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).equals(old)) return undefined;
    return { hash, size: st.size, mtimeMs: st.mtimeMs, ino: st.ino };
  }

  private stillOnDisk(file: string, prev: ManifestEntry): boolean {
    const st = this.statOld(file);
    return st !== undefined && st.size === prev.size && st.mtimeMs === prev.mtimeMs && st.ino === prev.ino;
  }

  private statOld(file: string): FileIdentity | undefined {
    const surveyed = this.surveyed?.out;
    if (surveyed) {
      const entry = surveyed.get(file);
      return entry?.kind === 'file' && entry.ino !== -1 ? entry : undefined;
    }
    // A first build asks for every page: one look at the folder instead of a failed stat per file.
    return this.outAbsent() ? undefined : statFile(this.fs, path.join(this.outDir, file));
  }

  /** Whether the output folder was absent when first looked at (no survey); nothing but the commit makes it. */
  private outAbsent(): boolean {
    this.outMissing ??= !exists(this.fs, this.outDir);
    return this.outMissing;
  }

  private carry(file: string, entry: ManifestEntry): void {
    if (entry !== this.previous.get(file)) this.manifestDirty = true;
    this.next.set(file, entry);
    this.carried.push(file);
  }

  /**
   * Every output folder carries the marker that proves it is Hashmark's (see guard.ts). Returns true
   * when the output must be swapped only to gain it (a folder from before the marker existed).
   */
  private placeMarker(): boolean {
    if (this.next.has(OUTPUT_MARKER)) return false;
    const kept = this.unchangedEntry(OUTPUT_MARKER, OUTPUT_MARKER_TEXT, MARKER_HASH);
    if (kept !== undefined) {
      this.carry(OUTPUT_MARKER, kept);
      return false;
    }
    this.ensureStaging();
    return true;
  }

  private ensureStaging(): void {
    if (this.staging.ready) return;
    const marker = this.staging.open(this.surveyed?.spare);
    // The staged marker stands in for one carried from the old site.
    const carried = this.carried.indexOf(OUTPUT_MARKER);
    if (carried !== -1) this.carried.splice(carried, 1);
    this.next.set(OUTPUT_MARKER, { hash: MARKER_HASH, size: marker.size, mtimeMs: marker.mtimeMs, ino: marker.ino });
    this.manifestDirty = true;
  }

  private linkCarried(): void {
    const copied = new Set<string>();
    for (const file of this.carried) {
      const entry = this.next.get(file);
      if (entry !== undefined && this.staging.holds(file, entry)) continue;
      const from = path.join(this.outDir, file);
      const to = this.staging.place(file);
      try {
        this.fs.linkSync(from, to);
      } catch (error) {
        if (!LINK_UNSUPPORTED.has(errnoCode(error) ?? '')) throw error;
        this.fs.copyFileSync(from, to, nodeFs.constants.COPYFILE_EXCL);
        const st = this.fs.lstatSync(to);
        if (entry !== undefined) this.next.set(file, { ...entry, mtimeMs: st.mtimeMs, ino: st.ino });
        copied.add(file);
        this.manifestDirty = true;
      }
    }
    if (copied.size > 0) {
      const kept = this.carried.filter((f) => !copied.has(f));
      this.carried.length = 0;
      this.carried.push(...kept);
    }
  }

  private saveManifest(): void {
    if (this.manifestFile === undefined) return;
    if (!this.manifestDirty && this.previous.size === this.next.size) return;
    try {
      saveManifest(this.fs, this.manifestFile, this.outDir, this.next);
    } catch {
      // The manifest only saves work: without it the next build compares against the files themselves.
    }
  }

  private shown(file: string): string {
    return path.join(this.outDir, file);
  }
}

/** Files mirrored ahead per turn of the event loop: a few milliseconds, so a message waiting is not kept waiting. */
const MIRROR_SLICE = 128;
const PENDING: ManifestEntry = { hash: '', size: -1, mtimeMs: -1, ino: -1 };
const MARKER_HASH = hashContents(OUTPUT_MARKER_TEXT);

function sameSource(a: SourceRecord, b: SourceRecord): boolean {
  return a.path === b.path && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino;
}
