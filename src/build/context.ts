import os from 'node:os';
import path from 'node:path';
import type { SiteConfig } from '../config/index.js';
import { hasErrors, type Diagnostic, type Result } from '../diagnostics.js';
import type { Writer } from '../output/types.js';
import { resolvePublicDir, resolveTemplatesDir } from '../project.js';

export type Stage = 'config' | 'content' | 'markdown' | 'plan' | 'images' | 'assets' | 'render' | 'feeds' | 'search' | 'links' | 'write';

export interface BuildOptions {
  /** Project root; site.config.ts, templates/ and public/ are read from here. */
  root: string;
  /** Default `<root>/content`. */
  contentDir?: string;
  /** Default `<root>/dist`. */
  outDir?: string;
  /** Overrides the config's basePath. */
  basePath?: string;
  /** Overrides the config's url. */
  siteUrl?: string;
  /** Warn when no url is set, so the output would link to localhost: for builds meant to be published. */
  warnDefaultSiteUrl?: boolean;
  /** Include `#draft true` posts. */
  drafts?: boolean;
  /** Include posts dated after today. */
  future?: boolean;
  /** Markdown workers; default one per core. */
  jobs?: number;
  /** Render cache folder; default `<root>/.cache`; null disables it. */
  cacheDir?: string | null;
  /** Replace an existing output folder that Hashmark did not write (never the project, a folder it reads, or home). */
  forceOut?: boolean;
  /** Where files go; default the atomic disk writer on outDir. */
  writer?: Writer;
  /** "Now", for deciding which posts are scheduled; default the current time. */
  now?: Date;
  /** Called as posts render, for a progress bar. */
  onProgress?: (done: number, total: number) => void;
}

export interface BuildResult {
  ok: boolean;
  /** Posts published (page files not counted). */
  posts: number;
  /** Page files (content/pages/) published. */
  pageFiles: number;
  /** HTML pages made: posts, page files, lists, tags, archive, …. */
  pages: number;
  written: number;
  unchanged: number;
  removed: number;
  drafts: string[];
  /** The page files among `drafts`. */
  draftPages: string[];
  scheduled: string[];
  diagnostics: Diagnostic[];
  timings: Partial<Record<Stage, number>>;
  seconds: number;
  /** The search index: shards in all, shards Pagefind indexed, and of those the ones started before the plan (absent when it did not run). */
  search?: { shards: number; built: number; early: number };
  /** The images stage's work: distinct local images, decoded ones, cache hits, derived files encoded (absent when it did not run). */
  images?: { images: number; processed: number; reused: number; encoded: number; parallel: number; cpuMs: number };
}

/** The folders a build reads and writes, absolute. */
export interface BuildFolders {
  root: string;
  contentDir: string;
  templatesDir: string;
  publicDir: string;
  outDir: string;
  cacheDir: string | null;
}

/** What every stage of a build shares from its start. */
export interface BuildSetup {
  readonly options: BuildOptions;
  readonly folders: BuildFolders;
  readonly root: string;
  readonly cacheDir: string | null;
  /** Where rendered bodies and search shards go between stages: the cache folder, else the build's scratch folder. */
  readonly workDir: string | null;
  /** Markdown workers. */
  readonly jobs: number;
  /** The build's diagnostics, in the order the stages report them. */
  readonly diagnostics: Diagnostic[];
  readonly timings: Partial<Record<Stage, number>>;
  /** When the build started (performance.now()). */
  readonly started: number;
  /** Runs (part of) a stage, adding its time to the stage's. */
  timed<T>(stage: Stage, run: () => T | Promise<T>): Promise<T>;
  /** A stage's value; its diagnostics join the build's. */
  take<T>(result: Result<T>): T;
}

/** What every stage after the settings shares: the settings and where the files go. */
export interface BuildContext extends BuildSetup {
  readonly config: SiteConfig;
  readonly writer: Writer;
}

export function createSetup(options: BuildOptions, scratch: string | null): BuildSetup {
  const started = performance.now();
  const root = path.resolve(options.root);
  const cacheDir = options.cacheDir === null ? null : path.resolve(root, options.cacheDir ?? '.cache');
  const folders: BuildFolders = {
    root,
    contentDir: path.resolve(root, options.contentDir ?? 'content'),
    templatesDir: resolveTemplatesDir(root),
    publicDir: resolvePublicDir(root),
    outDir: path.resolve(root, options.outDir ?? 'dist'),
    cacheDir,
  };
  const diagnostics: Diagnostic[] = [];
  const timings: Partial<Record<Stage, number>> = {};
  return {
    options, folders, root, cacheDir, workDir: cacheDir ?? scratch, jobs: options.jobs ?? defaultJobs(), diagnostics, timings, started,
    async timed<T>(stage: Stage, run: () => T | Promise<T>): Promise<T> {
      const t = performance.now();
      try {
        return await run();
      } finally {
        timings[stage] = (timings[stage] ?? 0) + (performance.now() - t);
      }
    },
    take<T>(result: Result<T>): T {
      diagnostics.push(...result.diagnostics);
      return result.value;
    },
  };
}

/** A build's result before any stage ran: it reports into the setup's diagnostics and timings. */
export function emptyResult(setup: BuildSetup): BuildResult {
  const { diagnostics, timings } = setup;
  return { ok: false, posts: 0, pageFiles: 0, pages: 0, written: 0, unchanged: 0, removed: 0, drafts: [], draftPages: [], scheduled: [], diagnostics, timings, seconds: 0 };
}

/** The result as the build ends: ok when no stage reported an error. */
export function settle(result: BuildResult, setup: BuildSetup): BuildResult {
  result.ok = !hasErrors(result.diagnostics);
  result.seconds = (performance.now() - setup.started) / 1000;
  return result;
}

/**
 * One worker per core, and never fewer than two: only workers carry the per-post time limit, so even
 * a one-core machine renders in workers and a runaway post becomes a diagnostic instead of a hang.
 */
function defaultJobs(): number {
  return Math.max(2, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}
