import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { BundleAsset } from './types.js';

/** A post file found under contentDir; bundles carry their name and assets. */
export interface PostEntry {
  absPath: string;
  bundle?: { name: string; assets: BundleAsset[] };
}

/** Files and folders whose names start with `_` or `.` (but `_posts`) are drafts of the author's own, never posts. */
export function isIgnoredName(name: string): boolean {
  const c = name.charCodeAt(0);
  // Jekyll's `_posts/` holds a moved blog's posts; its `_drafts/` stays ignored like any `_` name.
  return (c === 95 /* _ */ && name !== '_posts') || c === 46 /* . */;
}

const INDEX_NAMES = ['index.md', 'index.txt'];

/** `.md`, `.txt`, and `.markdown` (Jekyll's default). */
export function isPostFileName(name: string): boolean {
  return name.endsWith('.md') || name.endsWith('.txt') || name.endsWith('.markdown');
}

type Kind = 'file' | 'dir' | 'skip';

/** Walks contentDir in a stable order (sorted by name at every level); sync calls are the fastest here. */
export class ContentWalker {
  readonly diagnostics: Diagnostic[] = [];
  private readonly realRoot: string;
  private readonly visited = new Set<string>();

  constructor(
    private readonly contentDir: string,
    private readonly display: (absPath: string) => string,
  ) {
    this.realRoot = realpathSync(contentDir);
  }

  posts(): PostEntry[] {
    const out: PostEntry[] = [];
    this.visited.add(this.realRoot);
    this.walkPosts(this.contentDir, true, out);
    return out;
  }

  assets(bundleDir: string): BundleAsset[] {
    const out: BundleAsset[] = [];
    this.walkAssets(bundleDir, '', out);
    return out;
  }

  private walkPosts(dir: string, isRoot: boolean, out: PostEntry[]): void {
    const entries = this.list(dir);
    if (!isRoot) {
      const indexes = entries.filter((e) => INDEX_NAMES.includes(e.name) && this.kind(dir, e) === 'file');
      if (indexes.length > 0) {
        const name = path.basename(dir);
        const assets = this.assets(dir);
        for (const index of indexes) out.push({ absPath: path.join(dir, index.name), bundle: { name, assets } });
        return;
      }
    }
    for (const entry of entries) {
      const kind = this.kind(dir, entry);
      const abs = path.join(dir, entry.name);
      if (kind === 'dir') {
        if (this.enter(abs)) this.walkPosts(abs, false, out);
      } else if (kind === 'file' && isPostFileName(entry.name)) {
        out.push({ absPath: abs });
      }
    }
  }

  private walkAssets(dir: string, prefix: string, out: BundleAsset[]): void {
    for (const entry of this.list(dir)) {
      if (prefix === '' && INDEX_NAMES.includes(entry.name)) continue;
      const kind = this.kind(dir, entry);
      const abs = path.join(dir, entry.name);
      if (kind === 'dir') {
        if (this.enter(abs)) this.walkAssets(abs, `${prefix}${entry.name}/`, out);
      } else if (kind === 'file') {
        out.push({ relPath: prefix + entry.name, absPath: abs });
      }
    }
  }

  /** Non-ignored entries, sorted by name so every run sees the same order. */
  private list(dir: string): Dirent[] {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      this.diagnostics.push({
        severity: 'error',
        code: 'read-failed',
        message: `The folder could not be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`,
        file: this.display(dir),
        hint: 'Check that the folder exists and is readable.',
      });
      return [];
    }
    return entries
      .filter((e) => !isIgnoredName(e.name))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Resolves symlinks, refusing any whose target lies outside the content folder. */
  private kind(dir: string, entry: Dirent): Kind {
    if (entry.isFile()) return 'file';
    if (entry.isDirectory()) return 'dir';
    if (!entry.isSymbolicLink()) return 'skip';
    const abs = path.join(dir, entry.name);
    let real: string;
    try {
      real = realpathSync(abs);
    } catch {
      this.diagnostics.push({
        severity: 'warning',
        code: 'read-failed',
        message: 'The symbolic link is broken and was not read.',
        file: this.display(abs),
        hint: 'Remove the link or point it at a file inside the content folder.',
      });
      return 'skip';
    }
    if (real !== this.realRoot && !real.startsWith(this.realRoot + path.sep)) {
      this.diagnostics.push({
        severity: 'warning',
        code: 'symlink-outside',
        message: `The symbolic link leads outside the content folder (to ${real}) and was not read.`,
        file: this.display(abs),
        hint: 'Copy the file into the content folder, or link to a file inside it.',
      });
      return 'skip';
    }
    try {
      const stat = statSync(real);
      return stat.isDirectory() ? 'dir' : stat.isFile() ? 'file' : 'skip';
    } catch {
      return 'skip';
    }
  }

  /** Guards against link cycles: each real folder is walked once. */
  private enter(abs: string): boolean {
    let real: string;
    try {
      real = realpathSync(abs);
    } catch {
      return false;
    }
    if (this.visited.has(real)) return false;
    this.visited.add(real);
    return true;
  }
}

/** Assets of one bundle folder, for callers that read a single post (the dev server). */
export function listBundleAssets(bundleDir: string, contentDir: string): BundleAsset[] {
  return new ContentWalker(contentDir, (p) => p).assets(bundleDir);
}
