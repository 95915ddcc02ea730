import type { Diagnostic } from '../diagnostics.js';
import { loadPosts, type ContentIdentity, type LeftOutFile } from './load.js';
import type { Post } from './types.js';

export interface BuildContentInput {
  root: string;
  contentDir: string;
  cacheDir: string | null;
  /** Where the content diagnostics go. */
  diagnostics: Diagnostic[];
  /** Called once, when the first post that must be read again (a new or changed file) is met. */
  onChange?: () => void;
}

/** The posts a build renders, with what the later stages need to know of how they were read. */
export interface BuildContent {
  posts: Post[];
  /** Slugs of the post files left out for their errors: links to them are not reported (see the link stage). */
  leftOut: readonly string[];
  /** Own URLs of those files, where usable: links to them are not reported either. */
  leftOutUrls: readonly string[];
  /** Those files by source path, for links to their sources. */
  leftOutFiles: readonly LeftOutFile[];
  /** Slugs of the posts read afresh (see LoadedPosts.reread). */
  reread: readonly string[];
  /** Slugs of the cached posts not found as they were (see LoadedPosts.gone). */
  gone: readonly string[];
  /** The content folder as this build saw it; undefined without a cache. */
  identity: ContentIdentity | undefined;
  /** Runs the work the content stage left for later (saving its cache): called while the workers render. */
  runLater(): void;
}

/** Reads the posts with their bodies on disk (FileBody), so memory does not grow with the posts' text. */
export function loadBuildContent(input: BuildContentInput): BuildContent {
  let identity: ContentIdentity | undefined;
  const later: Array<() => void> = [];
  const onFingerprint = (found: ContentIdentity): void => {
    identity = found;
  };
  const { root, contentDir, cacheDir } = input;
  const onChange = input.onChange;
  const loaded = loadPosts({ root, contentDir, cacheDir, lazyBodies: true, onFingerprint, defer: (task) => later.push(task), ...(onChange ? { onChange } : {}) });
  input.diagnostics.push(...loaded.diagnostics);
  return {
    posts: loaded.value,
    leftOut: loaded.leftOut,
    leftOutUrls: loaded.leftOutUrls,
    leftOutFiles: loaded.leftOutFiles,
    reread: loaded.reread,
    gone: loaded.gone,
    identity,
    runLater: () => {
      for (const task of later.splice(0)) task();
    },
  };
}
