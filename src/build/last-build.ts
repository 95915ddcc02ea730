import { buildKey, clearBuildState, readBuildState, treeIdentity, writeBuildState, type StoredBuild } from '../build-state.js';
import { codeFingerprint } from '../code-fingerprint.js';
import type { ContentIdentity } from '../content/index.js';
import { hasErrors } from '../diagnostics.js';
import { themeLayers } from '../project.js';
import { todayIn } from '../site/index.js';
import type { BuildContext, BuildResult } from './context.js';

/** Bump when what a stored build state means changes. */
const BUILD_STATE_VERSION = 1;

/** What the last successful build means for this one. */
export type LastBuild =
  /** Nothing changed since, and its output is untouched: its result stands. */
  | { stands: true; stored: StoredBuild; files: number }
  /** This build must run; `stateKey` is where it records its state when it succeeds (none: an input may still change unseen). */
  | { stands: false; stateKey: string | undefined };

export interface LastBuildInput {
  /** The content folder as this build saw it; undefined without a cache. */
  identity: ContentIdentity | undefined;
  /** The output is the disk writer's, opened by this build: only then is the folder's state known. */
  ownOutput: boolean;
}

/**
 * The nothing-changed shortcut: a key over every input (posts, settings, options, today's date,
 * templates, public files, Hashmark's code), compared with the one the last successful build left.
 */
export async function checkLastBuild(ctx: BuildContext, input: LastBuildInput): Promise<LastBuild> {
  const { options, folders, config, cacheDir } = ctx;
  const content = input.identity;
  if (cacheDir === null || !input.ownOutput || content?.fingerprint === undefined) return { stands: false, stateKey: undefined };
  const stateKey = buildKey([
    BUILD_STATE_VERSION, codeFingerprint(), content.fingerprint, config, folders.contentDir, folders.outDir,
    options.drafts ?? false, options.future ?? false, options.warnDefaultSiteUrl ?? false, todayIn(config.timeZone, options.now ?? new Date()),
    // The site's templates and the built-in theme it overrides file by file.
    ...themeLayers(folders.templatesDir).flatMap((dir) => [dir, treeIdentity(dir)]),
    folders.publicDir, treeIdentity(folders.publicDir),
  ]);
  const stored = content.unchanged && !hasErrors(ctx.diagnostics) ? readBuildState(cacheDir, stateKey) : undefined;
  const files = stored ? await ctx.writer.intact?.() : undefined;
  if (stored && files !== undefined) return { stands: true, stored, files };
  // A file edited moments ago may change again without its identity changing: no state for it.
  return { stands: false, stateKey: content.settled ? stateKey : undefined };
}

/** The last build's result stands for this one: what it reported, warnings included, and its files unchanged. */
export function standBy(result: BuildResult, last: Extract<LastBuild, { stands: true }>): void {
  result.diagnostics.splice(0, result.diagnostics.length, ...last.stored.diagnostics);
  const { posts, pageFiles, pages, drafts, draftPages, scheduled } = last.stored;
  Object.assign(result, { posts, pageFiles, pages, drafts, draftPages, scheduled, unchanged: last.files });
}

/** The output is about to change: the last build's state no longer describes it. */
export function forgetLastBuild(cacheDir: string | null): void {
  if (cacheDir !== null) clearBuildState(cacheDir);
}

/** Leaves this build's result for the next build to stand by when nothing changes. */
export function recordBuild(cacheDir: string | null, stateKey: string | undefined, result: BuildResult): void {
  if (cacheDir === null || stateKey === undefined || hasErrors(result.diagnostics)) return;
  writeBuildState(cacheDir, {
    key: stateKey, posts: result.posts, pageFiles: result.pageFiles, pages: result.pages, drafts: result.drafts, draftPages: result.draftPages,
    scheduled: result.scheduled, diagnostics: [...result.diagnostics],
  });
}
