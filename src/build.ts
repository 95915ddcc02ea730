import type { Diagnostic } from './diagnostics.js';
import type { Writer } from './output/types.js';

export type Stage = 'config' | 'content' | 'markdown' | 'plan' | 'assets' | 'render' | 'write';

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
  /** Include `#draft true` posts. */
  drafts?: boolean;
  /** Include posts dated after today. */
  future?: boolean;
  /** Markdown workers; default one per core. */
  jobs?: number;
  /** Render cache folder; default `<root>/.cache`; null disables it. */
  cacheDir?: string | null;
  /** Where files go; default the atomic disk writer on outDir. */
  writer?: Writer;
  /** "Now", for deciding which posts are scheduled; default the current time. */
  now?: Date;
  /** Called as posts render, for a progress bar. */
  onProgress?: (done: number, total: number) => void;
}

export interface BuildResult {
  ok: boolean;
  posts: number;
  pages: number;
  written: number;
  unchanged: number;
  removed: number;
  drafts: string[];
  scheduled: string[];
  diagnostics: Diagnostic[];
  timings: Partial<Record<Stage, number>>;
  seconds: number;
}

export async function build(_options: BuildOptions): Promise<BuildResult> {
  throw new Error('build: not wired yet');
}
