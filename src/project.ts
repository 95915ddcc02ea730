import { existsSync } from 'node:fs';
import path from 'node:path';
import { packageDirOf } from './worker-url.js';

/** Hashmark's own public/ (the favicon its theme links to). */
export const BUILT_IN_PUBLIC_DIR = path.join(packageDirOf(import.meta.url), 'public');

/** A project without its own public/ gets Hashmark's. */
export function resolvePublicDir(root: string): string {
  const own = path.join(root, 'public');
  return existsSync(own) ? own : BUILT_IN_PUBLIC_DIR;
}

/** The theme Hashmark ships with: the package's own templates/. */
export const BUILT_IN_TEMPLATES_DIR = path.join(packageDirOf(import.meta.url), 'templates');

/** A project without its own templates/ gets the theme Hashmark ships with. */
export function resolveTemplatesDir(root: string): string {
  const own = path.join(root, 'templates');
  return existsSync(own) ? own : BUILT_IN_TEMPLATES_DIR;
}

/**
 * The folders a theme file is looked up in, first match wins: the site's templates folder, then the
 * built-in theme, so a site holds only the files it overrides.
 */
export function themeLayers(templatesDir: string): string[] {
  return path.resolve(templatesDir) === BUILT_IN_TEMPLATES_DIR ? [BUILT_IN_TEMPLATES_DIR] : [templatesDir, BUILT_IN_TEMPLATES_DIR];
}
