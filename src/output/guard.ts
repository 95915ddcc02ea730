import * as nodeFs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { BUILT_IN_PUBLIC_DIR, BUILT_IN_TEMPLATES_DIR } from '../project.js';

/**
 * Every build replaces its output folder as a whole, so the folder must provably be Hashmark's own:
 * this file, written into every output folder (and staging and scratch folder) Hashmark makes, is
 * the proof. Its first line is checked, not just its name.
 */
export const OUTPUT_MARKER = '.hashmark-output';
export const OUTPUT_MARKER_TEXT =
  'This folder was written by Hashmark, the static blog generator. Every build replaces it as a whole:\n' +
  'files put here by hand are removed. Put files to publish in public/ instead.\n';
const MARKER_SIGNATURE = OUTPUT_MARKER_TEXT.slice(0, OUTPUT_MARKER_TEXT.indexOf('\n'));

/** The cache folder's proof of ownership, in the Cache Directory Tagging format backup tools honour. */
export const CACHE_TAG = 'CACHEDIR.TAG';
export const CACHE_TAG_TEXT =
  'Signature: 8a477f597d28d172789f06886806bc55\n' +
  '# This file is a cache directory tag created by Hashmark.\n' +
  '# Hashmark may delete anything in this folder; it is rebuilt on the next build.\n';

/** Entries Hashmark's cache held before it was tagged: such a folder is recognised as Hashmark's. */
const CACHE_ENTRY = /^(CACHEDIR\.TAG|README\.txt|(render|content|related|assets|wide-templates|config|build-state|links|links-state|link-verdicts|search|images|site-key)\.v[0-9a-z-]+|render|config|search|content|assets|related|wide-templates\.json|links(-state)?\.json|link-verdicts\.json|build-state\.json|output-spare-[0-9a-f]+|output-trash-[0-9a-f]+|output-manifest-[0-9a-f]+\.json)(\.tmp.*|\.\d+.*)?$/;

/** A folder the output folder must keep clear of, and how to name it to the user. */
export interface Protected {
  dir: string;
  /** "the posts folder", "the templates folder", … */
  what: string;
}

export interface FolderGuardOptions {
  /** The project root: the output folder may lie inside it (dist/), never be it or hold it. */
  root?: string;
  /** Folders the build reads or keeps (content, templates, public, cache): not to be, hold or lie inside. */
  protect: readonly Protected[];
  /** Defaults to os.homedir(), which follows HOME. */
  home?: string;
  /** How paths are shown in messages; defaults to relative to `root`. */
  show?: (p: string) => string;
}

type Refusal = { message: string; hint: string };

/**
 * The refusals that no flag lifts: the output folder is the file system root, the home folder or one
 * of its ancestors, the project or one of its ancestors, or is, holds or lies inside a folder the
 * build reads or keeps.
 */
export function forbiddenOutput(outDir: string, options: FolderGuardOptions): Refusal | undefined {
  return forbidden(outDir, options, 'output folder', '--out', 'Hashmark replaces its output folder as a whole', 'Choose a folder of its own for the built site, such as dist/ (the default), with --out.');
}

/** The same classes for the cache folder, which is pruned by the build. */
export function forbiddenCache(cacheDir: string, options: FolderGuardOptions): Refusal | undefined {
  return forbidden(cacheDir, options, 'cache folder', '--cache-dir', 'every build deletes stale entries in its cache folder', 'Choose a folder of its own for the cache, such as .cache/ (the default), with --cache-dir, or use --no-cache.');
}

function forbidden(target: string, options: FolderGuardOptions, role: string, flag: string, why: string, fix: string): Refusal | undefined {
  const show = options.show ?? ((p: string): string => shownPath(p, options.root ?? process.cwd()));
  const never = `${fix} This is never allowed, not even with --force-out.`;
  const forms = pathForms(target);
  const home = options.home ?? os.homedir();
  for (const t of forms) {
    if (path.parse(t).root === t) return { message: `The ${role} (${flag} ${show(target)}) is the root of the file system; ${why}.`, hint: never };
    for (const h of home ? pathForms(home) : []) {
      if (t === h) return { message: `The ${role} (${flag} ${show(target)}) is your home folder; ${why}.`, hint: never };
      if (isInside(h, t)) return { message: `The ${role} (${flag} ${show(target)}) holds your home folder; ${why}.`, hint: never };
    }
    for (const r of options.root === undefined ? [] : pathForms(options.root)) {
      if (t === r) return { message: `The ${role} (${flag} ${show(target)}) is the project folder, with your posts, templates and settings; ${why}.`, hint: never };
      if (isInside(r, t)) return { message: `The ${role} (${flag} ${show(target)}) holds the project folder ${r}; ${why}.`, hint: never };
    }
    for (const p of options.protect) {
      for (const d of pathForms(p.dir)) {
        if (t === d) return { message: `The ${role} (${flag} ${show(target)}) is ${p.what} ${show(p.dir)}, which the build reads; ${why}.`, hint: never };
        if (isInside(d, t)) return { message: `The ${role} (${flag} ${show(target)}) holds ${p.what} ${show(p.dir)}, which the build reads; ${why}.`, hint: never };
        if (isInside(t, d)) return { message: `The ${role} (${flag} ${show(target)}) lies inside ${p.what} ${show(p.dir)}, which the build reads; ${why}.`, hint: never };
      }
    }
  }
  return undefined;
}

/**
 * The refusal `--force-out` lifts: an existing, non-empty output folder that carries no proof of
 * being Hashmark's (`provenElsewhere` is the cache's record of having written it).
 */
export function foreignOutput(outDir: string, provenElsewhere: () => boolean, show: string, fs: MarkerFs = nodeFs): Refusal | undefined {
  const entries = listIfFolder(outDir, fs);
  if (entries === undefined || entries.length === 0) return undefined;
  if (hasOutputMarker(outDir, fs) || provenElsewhere()) return undefined;
  const count = entries.length;
  return {
    message:
      `The output folder ${show} already holds ${count} ${count === 1 ? 'entry' : 'entries'} that Hashmark did not write ` +
      `(it has no ${OUTPUT_MARKER} file), and every build replaces the output folder as a whole.`,
    hint:
      `Point --out at a new or empty folder (dist/ is the default). If everything in ${show} may really be deleted, ` +
      'build once with --force-out; from then on the folder is known to be Hashmark\'s.',
  };
}

/** The cache folder is pruned by every build: it must be empty, tagged, or hold only what Hashmark keeps there. */
export function foreignCache(cacheDir: string, show: string, fs: MarkerFs = nodeFs): Refusal | undefined {
  const entries = listIfFolder(cacheDir, fs);
  if (entries === undefined || entries.length === 0 || hasCacheTag(cacheDir, fs)) return undefined;
  const strangers = entries.filter((name) => !CACHE_ENTRY.test(name));
  if (strangers.length === 0) return undefined;
  return {
    message: `The cache folder ${show} holds files Hashmark did not write (${strangers.slice(0, 3).join(', ')}${strangers.length > 3 ? ', …' : ''}), and builds delete stale entries in it.`,
    hint: 'Point --cache-dir at a new or empty folder (.cache/ is the default), or use --no-cache.',
  };
}

/** Marks the cache folder as Hashmark's, creating it; a failure is left for the stores to report. */
export function tagCacheDir(cacheDir: string): void {
  try {
    if (hasCacheTag(cacheDir)) return;
    nodeFs.mkdirSync(cacheDir, { recursive: true });
    nodeFs.writeFileSync(path.join(cacheDir, CACHE_TAG), CACHE_TAG_TEXT);
  } catch {
    // A cache that cannot be written is reported by the store that needs it.
  }
}

/** The file-system calls the ownership checks need: node:fs, or a fault-injecting stand-in. */
export type MarkerFs = Pick<typeof nodeFs, 'readdirSync' | 'lstatSync' | 'readFileSync'>;

export function hasOutputMarker(dir: string, fs: MarkerFs = nodeFs): boolean {
  return startsWith(path.join(dir, OUTPUT_MARKER), MARKER_SIGNATURE, fs);
}

function hasCacheTag(dir: string, fs: MarkerFs = nodeFs): boolean {
  return startsWith(path.join(dir, CACHE_TAG), 'Signature: 8a477f597d28d172789f06886806bc55', fs);
}

/**
 * A folder Hashmark made and may remove: it carries the output marker, or it holds nothing but
 * (part of) a marker (a folder made moments before a kill, before its marker was in place).
 * Anything else is left alone.
 */
export function provablyOurs(dir: string, fs: MarkerFs = nodeFs): boolean {
  const entries = listIfFolder(dir, fs);
  if (entries === undefined) return false;
  return entries.every((name) => name === OUTPUT_MARKER || name.startsWith(`${OUTPUT_MARKER}.`)) || hasOutputMarker(dir, fs);
}

function startsWith(file: string, signature: string, fs: MarkerFs): boolean {
  try {
    // The marker is a few hundred bytes; anything large under its name is not ours.
    const st = fs.lstatSync(file);
    if (!st.isFile() || st.size > 4096) return false;
    return fs.readFileSync(file, 'utf8').startsWith(signature);
  } catch {
    return false;
  }
}

/** The names in `dir` when it is a real folder (not a link to one); undefined when it is absent or not a folder. */
function listIfFolder(dir: string, fs: MarkerFs): string[] | undefined {
  try {
    if (!fs.lstatSync(dir).isDirectory()) return undefined;
    return fs.readdirSync(dir);
  } catch {
    return undefined;
  }
}

/**
 * The path as given and as the file system resolves it (links followed as far as the path exists),
 * so `--out` through a symbolic link to content/ is caught like content/ itself.
 */
function pathForms(p: string): string[] {
  const given = path.resolve(p);
  const real = realOfExisting(given);
  return real === given ? [given] : [given, real];
}

function realOfExisting(p: string): string {
  const rest: string[] = [];
  let at = p;
  for (;;) {
    try {
      return path.join(nodeFs.realpathSync(at), ...rest);
    } catch {
      const parent = path.dirname(at);
      if (parent === at) return p;
      rest.unshift(path.basename(at));
      at = parent;
    }
  }
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

/** Relative to the root (POSIX separators) when inside it, else absolute: as diagnostics name files. */
export function shownPath(p: string, root: string): string {
  const rel = path.relative(root, p);
  if (rel === '') return '.';
  return rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel) ? p : rel.split(path.sep).join('/');
}

export function unsafeOutput(refusal: Refusal, file: string): Diagnostic {
  return { severity: 'error', code: 'unsafe-output', message: refusal.message, file, hint: refusal.hint };
}

export interface ProjectFolders {
  root: string;
  contentDir: string;
  templatesDir: string;
  publicDir: string;
  /** Checked for the classes no flag lifts; whether it is Hashmark's is the disk writer's check. */
  outDir?: string;
  cacheDir: string | null;
}

/** The folders a build reads, which neither the output nor the cache folder may be, hold or lie inside. */
export function readFolders(folders: ProjectFolders): Protected[] {
  // A project's own templates/ and public/ are protected even before they exist: a site built
  // there would be read back as the theme by the next build.
  // The built-in theme is read too (for the files a site does not override), whatever the site has.
  const own = (name: string): string => path.join(folders.root, name);
  const candidates: Protected[] = [
    { dir: folders.contentDir, what: 'the posts folder' },
    { dir: folders.templatesDir, what: 'the templates folder' },
    { dir: folders.publicDir, what: 'the public folder' },
    { dir: own('templates'), what: 'the templates folder' },
    { dir: own('public'), what: 'the public folder' },
    { dir: BUILT_IN_TEMPLATES_DIR, what: "Hashmark's built-in theme" },
    { dir: BUILT_IN_PUBLIC_DIR, what: "Hashmark's built-in public folder" },
  ];
  const byDir = new Map<string, Protected>();
  for (const candidate of candidates) if (!byDir.has(path.resolve(candidate.dir))) byDir.set(path.resolve(candidate.dir), candidate);
  return [...byDir.values()];
}

/**
 * What `build`, `check` and `dev` refuse before touching anything: an output folder in a forbidden
 * place, and a cache folder in a forbidden place or holding files Hashmark did not write.
 */
export function guardProject(folders: ProjectFolders): Diagnostic[] {
  const show = (p: string): string => shownPath(p, folders.root);
  const reads = readFolders(folders);
  const { outDir, cacheDir } = folders;
  // The cache in a forbidden place is named as such first, so `--cache-dir .` is not reported as
  // the output folder lying inside it.
  if (cacheDir !== null) {
    const refusal = forbiddenCache(cacheDir, { root: folders.root, protect: reads, show });
    if (refusal !== undefined) return [unsafeOutput(refusal, show(cacheDir))];
  }
  if (outDir !== undefined) {
    const protect = cacheDir === null ? reads : [...reads, { dir: cacheDir, what: 'the cache folder' }];
    const refusal = forbiddenOutput(outDir, { root: folders.root, protect, show });
    if (refusal !== undefined) return [unsafeOutput(refusal, show(outDir))];
  }
  const foreign = cacheDir === null ? undefined : foreignCache(cacheDir, show(cacheDir));
  return foreign === undefined || cacheDir === null ? [] : [unsafeOutput(foreign, show(cacheDir))];
}

/** The calls removing a folder of Hashmark's needs. */
export type RemoveFs = Pick<typeof nodeFs, 'readdirSync' | 'rmSync'>;

/**
 * Removes a folder of Hashmark's with its marker last, so that a removal cut short by a kill leaves
 * a folder that is still provably ours, and the next build finishes the job.
 */
export function removeOwnFolder(dir: string, fs: RemoveFs = nodeFs): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    fs.rmSync(dir, { recursive: true, force: true });
    return;
  }
  for (const name of names) {
    if (name !== OUTPUT_MARKER) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  }
  fs.rmSync(dir, { recursive: true, force: true });
}
