import path from 'node:path';
import { isIgnoredName, isPostFileName } from '../content/index.js';

/** What a changed file is, which decides how much the dev session redoes. */
export type ChangeKind =
  /** A post file (`*.md`, `*.txt`) under content/: re-read, re-parse and re-render that one post. */
  | 'post'
  /** Any other file under content/ (a bundle's image): re-read the bundle's post for its asset list. */
  | 'content-asset'
  /** A Liquid template: recreate the page renderer, no Markdown work. */
  | 'template'
  /** A file under templates/assets/: rebuild the theme's CSS and script. */
  | 'theme-asset'
  /** A file under public/: served straight from disk, so only the browser reloads. */
  | 'public'
  /** site.config.ts: everything depends on it. */
  | 'config'
  /** Editor backups, ignored names, files outside the watched folders. */
  | 'ignore';

export interface ProjectLayout {
  /** Absolute paths. */
  contentDir: string;
  templatesDir: string;
  publicDir: string;
  configFile: string;
}

/** Editor leftovers that are never content: `post.md~`, `#post.md#`, `.post.md.swp` (a dotfile, ignored anyway), `4913`. */
const EDITOR_TEMP = /(~|\.sw[a-p]|\.tmp|\.bak)$|^#.*#$|^4913$/;

/** Sorts one changed path by kind; pure (no disk access), so unit tests need no files. */
export function classifyChange(absPath: string, layout: ProjectLayout): ChangeKind {
  const file = path.resolve(absPath);
  if (file === path.resolve(layout.configFile)) return 'config';
  const inside = (dir: string): string[] | undefined => {
    const rel = path.relative(path.resolve(dir), file);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    return rel.split(path.sep);
  };
  const content = inside(layout.contentDir);
  if (content) {
    if (content.some(isIgnoredName) || EDITOR_TEMP.test(content[content.length - 1]!)) return 'ignore';
    return isPostFileName(file) ? 'post' : 'content-asset';
  }
  const template = inside(layout.templatesDir);
  if (template) {
    const name = template[template.length - 1]!;
    if (isIgnoredName(name) || EDITOR_TEMP.test(name)) return 'ignore';
    if (template[0] === 'assets') return 'theme-asset';
    return name.endsWith('.liquid') ? 'template' : 'ignore';
  }
  const pub = inside(layout.publicDir);
  if (pub) return EDITOR_TEMP.test(pub[pub.length - 1]!) ? 'ignore' : 'public';
  return 'ignore';
}
