import { fdir, type FSLike } from 'fdir';
import path from 'node:path';

export interface FileTreeOptions {
  /** Folders not entered, by POSIX path relative to the root (`assets`, `a/b`). */
  skipDir?: (rel: string) => boolean;
  /** Symbolic links are never followed: listed like files (the default) or left out. */
  links?: 'list' | 'omit';
  /** Folders too, each with a trailing `/` (`a/`, `a/b/`); the root itself is not listed. */
  dirs?: boolean;
  /** A folder that cannot be read: skipped quietly (the default), or the error is thrown. */
  errors?: 'skip' | 'throw';
  /** The file system to read (the output's, which tests replace). */
  fs?: FSLike;
}

/**
 * Every file under `root` (sockets and other special files aside), by POSIX path relative to it,
 * in the order of a depth-first walk with each folder's names sorted by code unit: `a/x` before
 * `a.txt`. A missing root is an empty list unless errors are thrown.
 */
export function listFileTree(root: string, options: FileTreeOptions = {}): string[] {
  let crawler = new fdir({ excludeSymlinks: options.links === 'omit', fs: options.fs }).withRelativePaths().withPathSeparator('/');
  if (options.dirs) crawler = crawler.withDirs();
  if (options.errors === 'throw') crawler = crawler.withErrors();
  const skipDir = options.skipDir;
  if (skipDir) {
    const base = path.resolve(root);
    crawler = crawler.exclude((_name, dirPath) => skipDir(path.relative(base, dirPath).split(path.sep).join('/')));
  }
  const found = crawler.crawl(root).sync();
  const paths = options.dirs ? found.filter((p) => p !== '.') : found;
  return sortTreePaths(paths);
}

/** Sorts relative POSIX paths as a depth-first walk with sorted names lists them (`/` sorts before any character). */
export function sortTreePaths(paths: string[]): string[] {
  const keyed = paths.map((p) => [p.replaceAll('/', '\0'), p] as const);
  keyed.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return keyed.map(([, p]) => p);
}
