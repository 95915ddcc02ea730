import path from 'node:path';
import * as nodeFs from 'node:fs';
import type { Diagnostic, Result } from '../diagnostics.js';
import { WriteError, errnoCode, toWriteError } from './errors.js';
import { type OutputFs, nodeOutputFs } from './fs.js';
import { acquireLock, type OutputLock } from './lock.js';
import {
  type Manifest,
  type ManifestEntry,
  type SourceRecord,
  hashContents,
  loadManifest,
  manifestPath,
  outputKey,
  saveManifest,
} from './manifest.js';
import {
  forbiddenOutput, foreignOutput, hasOutputMarker, OUTPUT_MARKER, OUTPUT_MARKER_TEXT, removeOwnFolder, type FolderGuardOptions, unsafeOutput,
} from './guard.js';
import { assertSafeOutputPath, parentDirs } from './paths.js';
import { type Siblings, exists, recover, siblingsOf } from './siblings.js';
import { surveyOutput, type FolderSurvey, type OutputSurvey, type SurveyInProgress } from './survey.js';
import type { OutputFile, WriteSummary, Writer } from './types.js';

export interface DiskWriterOptions {
  /** The output folder. Replaced as a whole at commit; its parent is created if missing. */
  outDir: string;
  /** Where the manifest of the previous build is kept; null compares against the old files instead. */
  cacheDir: string | null;
  /** File-system calls, for fault-injection tests. Default: node:fs. */
  fs?: OutputFs;
  /**
   * Survey the old output and the spare folder on a worker thread (see surveyOutput). Default: when
   * the previous build wrote at least {@link SURVEY_THRESHOLD} files and `fs` is node:fs; below that,
   * starting a thread costs more than the system calls it saves. Tests may pass their own survey.
   */
  survey?: boolean | typeof surveyOutput;
  /** The project and the folders a build reads: the output folder must keep clear of them (see guard.ts). */
  guard?: FolderGuardOptions;
  /** Replace an existing folder that carries no proof of being Hashmark's output (`--force-out`). */
  force?: boolean;
  /** How the output folder is named in diagnostics; default the path as given. */
  shown?: string;
}

export const SURVEY_THRESHOLD = 500;

type State = 'open' | 'committing' | 'done';

/** Hard links fail on some file systems; those files are then copied instead. */
const LINK_UNSUPPORTED = new Set(['EXDEV', 'EPERM', 'EMLINK', 'ENOTSUP', 'EOPNOTSUPP']);

/**
 * Opens an atomic writer on `outDir`: the new site is staged in a sibling folder (unchanged files
 * hard-linked, changed ones written), then swapped in by rename at commit. Returns a `build-locked`
 * diagnostic when another live build holds the folder, `write-failed` when it cannot be prepared.
 */
export async function createDiskWriter(options: DiskWriterOptions): Promise<Result<Writer | undefined>> {
  const fs = options.fs ?? nodeOutputFs;
  const shown = options.shown ?? options.outDir;
  const fail = (message: string, hint: string): Result<undefined> => ({
    value: undefined,
    diagnostics: [{ severity: 'error', code: 'write-failed', message, file: shown, hint }],
  });
  const refuse = (refusal: { message: string; hint: string }): Result<undefined> => ({
    value: undefined,
    diagnostics: [unsafeOutput(refusal, shown)],
  });

  // Every refusal comes before anything is created, locked, recovered or removed.
  const resolved = path.resolve(options.outDir);
  const cacheDir = options.cacheDir === null ? undefined : path.resolve(options.cacheDir);
  const forbidden = forbiddenOutput(resolved, {
    ...options.guard,
    protect: [...(options.guard?.protect ?? []), ...(cacheDir === undefined ? [] : [{ dir: cacheDir, what: 'the cache folder' }])],
  });
  if (forbidden !== undefined) return refuse(forbidden);
  const project = looksLikeProject(fs, resolved);
  if (project !== undefined) return refuse(project);
  if (options.force !== true) {
    const foreign = foreignOutput(resolved, () => cacheDir !== undefined && recordedInCache(fs, cacheDir, resolved), shown, fs);
    if (foreign !== undefined) return refuse(foreign);
  }

  let outDir: string;
  try {
    nodeFs.mkdirSync(path.dirname(resolved), { recursive: true });
    // The swap renames inside the real parent folder, so a symlinked parent path is resolved once here.
    outDir = path.join(nodeFs.realpathSync(path.dirname(resolved)), path.basename(resolved));
  } catch (error) {
    return fail(toWriteError(error, 'create the parent folder of', shown).message, 'Check that the path is writable.');
  }
  const siblings = siblingsOf(outDir);

  let lock: OutputLock;
  try {
    const attempt = acquireLock(siblings.lock);
    if (!attempt.ok) {
      const who = attempt.holderPid === undefined ? 'Another build' : `Another build (process ${attempt.holderPid})`;
      const diagnostic: Diagnostic = {
        severity: 'error',
        code: 'build-locked',
        message: `${who} is writing to this output folder.`,
        file: shown,
        hint: `Wait for it to finish. If no build is running, delete ${siblings.lock}.`,
      };
      return { value: undefined, diagnostics: [diagnostic] };
    }
    lock = attempt.lock;
  } catch (error) {
    return fail(toWriteError(error, 'lock', shown).message, 'Check that the parent of the output folder is writable.');
  }

  try {
    recover(fs, outDir, siblings);
    const stat = exists(fs, outDir) ? fs.lstatSync(outDir) : undefined;
    if (stat?.isSymbolicLink()) {
      lock.release();
      return fail('The output folder is a symbolic link; Hashmark replaces the folder as a whole and will not follow it.', 'Point --out at the real folder.');
    }
    if (stat !== undefined && !stat.isDirectory()) {
      lock.release();
      return fail('The output path exists and is not a folder.', 'Remove the file or choose another --out.');
    }
  } catch (error) {
    lock.release();
    return fail(toWriteError(error, 'prepare', shown).message, 'Check that the output folder and its parent are writable.');
  }

  const manifestFile = cacheDir === undefined ? undefined : manifestPath(cacheDir, outDir);
  const previous: Manifest = manifestFile === undefined ? new Map() : loadManifest(fs, manifestFile, outDir);
  const spare = cacheDir === undefined ? undefined : spareFolder(fs, cacheDir, outDir, siblings);
  const wantSurvey = options.survey ?? (fs === nodeOutputFs && previous.size >= SURVEY_THRESHOLD);
  const survey = wantSurvey
    ? (typeof wantSurvey === 'function' ? wantSurvey : surveyOutput)({
        out: exists(fs, outDir) ? outDir : undefined,
        spare: spare !== undefined && exists(fs, spare) ? spare : undefined,
      })
    : undefined;
  return { value: new DiskWriter(fs, outDir, siblings, lock, previous, manifestFile, spare, survey), diagnostics: [] };
}

/** Files whose presence at the top of a folder means it is a project, not a built site. */
const PROJECT_MARKERS = ['.git', 'package.json', 'site.config.ts'];

/** A folder holding a project's own files is never replaced, not even with --force-out. */
function looksLikeProject(fs: OutputFs, outDir: string): { message: string; hint: string } | undefined {
  if (hasOutputMarker(outDir, fs)) return undefined;
  for (const marker of PROJECT_MARKERS) {
    if (exists(fs, path.join(outDir, marker))) {
      return {
        message: `The output folder holds ${marker}, so it looks like a project folder; every build replaces the output folder as a whole.`,
        hint: 'Choose an output folder of its own, such as dist/, with --out. This is never allowed, not even with --force-out.',
      };
    }
  }
  return undefined;
}

/** The cache's manifest for this folder is a record that Hashmark wrote it (before output folders carried the marker). */
function recordedInCache(fs: OutputFs, cacheDir: string, outDir: string): boolean {
  try {
    const real = path.join(nodeFs.realpathSync(path.dirname(outDir)), path.basename(outDir));
    return loadManifest(fs, manifestPath(cacheDir, real), real).size > 0;
  } catch {
    return false;
  }
}

/**
 * Where the site replaced by a commit is kept to become the next build's staging folder. Reusing
 * its folders matters: with one folder per page, creating and removing thousands of folders costs
 * far more than the few files a small edit changes. It must be on the output's file system so that
 * moving it is a rename; otherwise there is none and the replaced site is deleted.
 */
function spareFolder(fs: OutputFs, cacheDir: string, outDir: string, siblings: Siblings): string | undefined {
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    if (fs.statSync(cacheDir).dev !== fs.statSync(siblings.parent).dev) return undefined;
    return path.join(cacheDir, `output-spare-${outputKey(outDir)}`);
  } catch {
    return undefined;
  }
}

class DiskWriter implements Writer {
  private state: State = 'open';
  private failure: WriteError | undefined;
  /** Every path of the new site, with what is known about it. */
  private readonly next: Manifest = new Map();
  /** Paths of the new site that are unchanged and still to be hard-linked at commit. */
  private readonly carried: string[] = [];
  private readonly claimedDirs = new Set<string>();
  private stagingReady = false;
  /** Folders known to exist in staging. */
  private readonly stagingDirs = new Set<string>();
  /** What a reused spare folder held when it became staging, path → kind; entries leave as they are dealt with. */
  private leftovers = new Map<string, 'dir' | 'file'>();
  private written = 0;
  /** The spare folder as surveyed, when staging was made from it; its files are what staging holds. */
  private spareSeen: FolderSurvey | undefined;
  /** Whether the manifest to save differs from the one loaded; a no-change build skips rewriting it. */
  private manifestDirty = false;

  constructor(
    private readonly fs: OutputFs,
    private readonly outDir: string,
    private readonly siblings: Siblings,
    private readonly lock: OutputLock,
    private readonly previous: Manifest,
    private readonly manifestFile: string | undefined,
    private readonly spare: string | undefined,
    private survey: SurveyInProgress | undefined,
  ) {}

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
      this.place(file.file, file.contents, hashContents(file.contents), undefined, file.key);
    } catch (error) {
      this.failure = toWriteError(error, 'write', this.shown(file.file));
    }
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

  async commit(): Promise<WriteSummary> {
    if (this.state !== 'open') throw new Error('commit: this writer was already committed or aborted.');
    await this.settle();
    this.state = 'committing';
    try {
      if (this.failure !== undefined) throw this.failure;
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
        this.putStagingAside();
      } else {
        this.ensureStaging();
        this.dropLeftovers();
        this.linkCarried();
        this.swap(outExists);
      }
      this.saveManifest();
      // The marker is not part of the site the author sees counted (a carried one may have been copied).
      const markerKept = this.carried.includes(OUTPUT_MARKER) ? 1 : 0;
      const markerCopied = markerCarried && markerKept === 0 ? 1 : 0;
      return { written: this.written + (carried - this.carried.length) - markerCopied, unchanged: this.carried.length - markerKept, removed };
    } catch (error) {
      this.removeStaging();
      // A bug stays a bug; only I/O failures become a WriteError.
      if (!(error instanceof WriteError) && errnoCode(error) === undefined) throw error;
      throw toWriteError(error, 'write', this.outDir);
    } finally {
      this.state = 'done';
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
    if (!this.stagingReady && this.survey !== undefined) {
      // Nothing was staged, so the spare folder was never moved: no need to wait for its survey.
      this.survey.stop();
      this.survey = undefined;
    }
    await this.settle();
    this.state = 'done';
    try {
      this.putStagingAside();
    } finally {
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
    const target = this.stage(file);
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
    return statFile(this.fs, path.join(this.outDir, file));
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

  /**
   * Staging starts from the spare folder when there is one (inside the cache folder, which is
   * Hashmark's), else empty. Either way it carries a fresh marker from the moment it exists, so a
   * folder a killed build leaves is provably ours (see recover), and the live site's marker is
   * never a hard link shared with the cache.
   */
  private ensureStaging(): void {
    if (this.stagingReady) return;
    let reused = false;
    if (this.spare !== undefined) {
      try {
        this.markFolder(this.spare);
        this.fs.renameSync(this.spare, this.siblings.staging);
        reused = true;
      } catch (error) {
        if (errnoCode(error) !== 'ENOENT') this.fs.rmSync(this.spare, { recursive: true, force: true });
      }
    }
    if (!reused) {
      // Not recursive: the name carries our pid and recovery cleared leftovers, so it must be new.
      this.fs.mkdirSync(this.siblings.staging);
      this.markFolder(this.siblings.staging);
    }
    this.stagingReady = true;
    // The survey saw the spare folder before this rename, and nothing else touches it.
    const spare = reused ? this.surveyed?.spare : undefined;
    this.leftovers = !reused ? new Map() : spare ? kinds(spare) : walk(this.fs, this.siblings.staging);
    this.spareSeen = spare;
    this.leftovers.delete(OUTPUT_MARKER);
    // The staged marker stands in for one carried from the old site.
    const carried = this.carried.indexOf(OUTPUT_MARKER);
    if (carried !== -1) this.carried.splice(carried, 1);
    const st = this.fs.lstatSync(path.join(this.siblings.staging, OUTPUT_MARKER));
    this.next.set(OUTPUT_MARKER, { hash: MARKER_HASH, size: st.size, mtimeMs: st.mtimeMs, ino: st.ino });
    this.manifestDirty = true;
  }

  /** Writes a new marker file into `dir`, replacing any by rename, so it is never absent or half-written. */
  private markFolder(dir: string): void {
    const target = path.join(dir, OUTPUT_MARKER);
    const temp = `${target}.${process.pid}.tmp`;
    this.fs.writeFileSync(temp, OUTPUT_MARKER_TEXT);
    this.fs.renameSync(temp, target);
  }

  /** Makes room for `file` in staging (its folders exist, nothing is at its path) and returns its staging path. */
  private stage(file: string): string {
    for (const dir of parentDirs(file)) {
      if (this.stagingDirs.has(dir)) continue;
      const kind = this.leftovers.get(dir);
      this.leftovers.delete(dir);
      if (kind !== 'dir') {
        if (kind === 'file') this.fs.unlinkSync(path.join(this.siblings.staging, dir));
        this.fs.mkdirSync(path.join(this.siblings.staging, dir));
      }
      this.stagingDirs.add(dir);
    }
    const target = path.join(this.siblings.staging, file);
    const kind = this.leftovers.get(file);
    if (kind !== undefined) {
      this.leftovers.delete(file);
      removeQuietly(this.fs, target);
    }
    return target;
  }

  /** Removes what the spare folder held that the new site does not have. */
  private dropLeftovers(): void {
    const strayDirs: string[] = [];
    for (const [p, kind] of this.leftovers) {
      if (kind === 'dir') {
        if (!this.claimedDirs.has(p)) strayDirs.push(p);
      } else if (!this.next.has(p)) {
        removeQuietly(this.fs, path.join(this.siblings.staging, p));
        this.leftovers.delete(p);
      }
    }
    for (const dir of strayDirs) {
      removeQuietly(this.fs, path.join(this.siblings.staging, dir));
      this.leftovers.delete(dir);
    }
  }

  private linkCarried(): void {
    const copied = new Set<string>();
    for (const file of this.carried) {
      const entry = this.next.get(file);
      if (this.leftovers.get(file) === 'file' && entry !== undefined) {
        // The spare usually holds this very inode already (the file was unchanged last time too).
        const st = this.stagedIdentity(file);
        if (st !== undefined && st.ino === entry.ino && st.mtimeMs === entry.mtimeMs && st.size === entry.size) {
          this.leftovers.delete(file);
          this.noteDirs(file);
          continue;
        }
      }
      const from = path.join(this.outDir, file);
      const to = this.stage(file);
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

  /** What staging holds at `file`, as surveyed when the spare became staging, else from disk. */
  private stagedIdentity(file: string): FileIdentity | undefined {
    if (this.spareSeen) {
      const entry = this.spareSeen.get(file);
      return entry?.kind === 'file' && entry.ino !== -1 ? entry : undefined;
    }
    return statFile(this.fs, path.join(this.siblings.staging, file));
  }

  /** Folders of a file found in place in the spare exist and are wanted. */
  private noteDirs(file: string): void {
    for (const dir of parentDirs(file)) {
      if (this.stagingDirs.has(dir)) continue;
      this.leftovers.delete(dir);
      this.stagingDirs.add(dir);
    }
  }

  /**
   * The two renames are the only moment the output folder is absent; a kill there is undone by the
   * next build's recovery, which renames the old site back.
   */
  private swap(outExists: boolean): void {
    if (!outExists) {
      this.fs.renameSync(this.siblings.staging, this.outDir);
      this.stagingReady = false;
      this.mirrorToSpare();
      return;
    }
    this.fs.renameSync(this.outDir, this.siblings.old);
    try {
      this.fs.renameSync(this.siblings.staging, this.outDir);
    } catch (error) {
      this.fs.renameSync(this.siblings.old, this.outDir);
      throw error;
    }
    this.stagingReady = false;
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
   * links (what an old site kept as the spare shares with the live one anyway). Only a time saver:
   * on any failure the partial mirror goes, and a partial one would be sorted out like any spare.
   */
  private mirrorToSpare(): void {
    if (this.spare === undefined) return;
    const made = new Set<string>();
    try {
      this.fs.mkdirSync(this.spare);
      this.markFolder(this.spare);
      for (const file of this.next.keys()) {
        if (file === OUTPUT_MARKER) continue;
        for (const dir of parentDirs(file)) {
          if (made.has(dir)) continue;
          this.fs.mkdirSync(path.join(this.spare, dir));
          made.add(dir);
        }
        this.fs.linkSync(path.join(this.outDir, file), path.join(this.spare, file));
      }
    } catch {
      try {
        this.fs.rmSync(this.spare, { recursive: true, force: true });
      } catch {
        // The next build's staging sorts out whatever is left.
      }
    }
  }

  /** After an abort or a commit with nothing to swap, staging becomes the spare again (or goes). */
  private putStagingAside(): void {
    if (!this.stagingReady) return;
    if (this.spare !== undefined) {
      try {
        this.fs.renameSync(this.siblings.staging, this.spare);
        this.stagingReady = false;
        return;
      } catch {
        // fall back to removing it
      }
    }
    this.removeStaging();
  }

  private removeStaging(): void {
    if (!this.stagingReady) return;
    this.stagingReady = false;
    try {
      removeOwnFolder(this.siblings.staging, this.fs);
    } catch {
      // Leftovers are removed by the next build's recovery.
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

interface FileIdentity {
  size: number;
  mtimeMs: number;
  ino: number;
}

function kinds(survey: FolderSurvey): Map<string, 'dir' | 'file'> {
  const out = new Map<string, 'dir' | 'file'>();
  for (const [p, entry] of survey) out.set(p, entry.kind);
  return out;
}

/** Every entry under `root`, without following links; anything not a folder counts as a file. */
function walk(fs: OutputFs, root: string): Map<string, 'dir' | 'file'> {
  const found = new Map<string, 'dir' | 'file'>();
  const visit = (rel: string): void => {
    const abs = rel === '' ? root : path.join(root, rel);
    for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        found.set(child, 'dir');
        visit(child);
      } else {
        found.set(child, 'file');
      }
    }
  };
  visit('');
  return found;
}

/** Leftovers inside a folder that was already removed are gone too. */
function removeQuietly(fs: OutputFs, p: string): void {
  try {
    fs.rmSync(p, { recursive: true, force: true });
  } catch (error) {
    if (errnoCode(error) !== 'ENOTDIR') throw error;
  }
}

function statFile(fs: OutputFs, p: string): nodeFs.Stats | undefined {
  try {
    const st = fs.lstatSync(p);
    return st.isFile() ? st : undefined;
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

const PENDING: ManifestEntry = { hash: '', size: -1, mtimeMs: -1, ino: -1 };
const MARKER_HASH = hashContents(OUTPUT_MARKER_TEXT);

function sameSource(a: SourceRecord, b: SourceRecord): boolean {
  return a.path === b.path && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino;
}
