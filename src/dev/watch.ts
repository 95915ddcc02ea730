import { fdir } from 'fdir';
import { existsSync, statSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

export interface ProjectWatcher {
  close(): void;
}

export interface WatchOptions {
  /** Folders watched with everything below them; missing ones are skipped. */
  dirs: string[];
  /** Single files (site.config.ts), watched through their folder so atomic saves (rename over) are seen. */
  files: string[];
  /**
   * Quiet time after the last event before changes are reported, in ms. An editor's save (truncate, write,
   * maybe rename) arrives as several events within a millisecond or two; reading after the first one could
   * see a half-written file. Default 4.
   */
  settleMs?: number;
  onChange(paths: string[]): void;
}

/**
 * One inotify-backed `fs.watch` per folder, the folders found with fdir. Node 20's recursive `fs.watch`
 * on Linux walks and stats in JavaScript; why not Vite's own (chokidar) watcher: docs/architecture.md.
 */
export function watchProject(options: WatchOptions): ProjectWatcher {
  const settleMs = options.settleMs ?? 4;
  const watchers = new Map<string, FSWatcher>();
  const pending = new Set<string>();
  const singles = new Set(options.files.map((f) => path.resolve(f)));
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const flush = (): void => {
    timer = undefined;
    if (closed || pending.size === 0) return;
    const paths = [...pending];
    pending.clear();
    options.onChange(paths);
  };
  const report = (file: string): void => {
    pending.add(file);
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, settleMs);
  };

  const watchDir = (dir: string, recursive: boolean): void => {
    if (closed || watchers.has(dir)) return;
    let watcher: FSWatcher;
    try {
      watcher = watch(dir, { persistent: true }, (_event, name) => {
        if (name === null) return;
        const file = path.join(dir, name.toString());
        if (!recursive) {
          if (singles.has(file)) report(file);
          return;
        }
        // A new folder (a post bundle) gets its own watcher; its files are reported as they appear.
        if (!watchers.has(file) && isDir(file)) addTree(file);
        report(file);
      });
    } catch {
      return;
    }
    watcher.on('error', () => {
      // The folder was deleted: its watcher ends, the parent reports the removal.
      watcher.close();
      watchers.delete(dir);
    });
    watchers.set(dir, watcher);
  };
  const addTree = (dir: string): void => {
    // Every folder below, links not followed; a folder that cannot be read is skipped.
    const dirs = new fdir().onlyDirs().withFullPaths().exclude((name) => name === 'node_modules').crawl(dir).sync();
    for (const found of dirs) watchDir(path.resolve(found), true);
  };

  for (const dir of options.dirs) if (existsSync(dir)) addTree(path.resolve(dir));
  for (const dir of new Set([...singles].map((f) => path.dirname(f)))) if (!watchers.has(dir)) watchDir(dir, false);

  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}

function isDir(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}
