import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listFileTree } from '../file-tree.js';
import { themeLayers } from '../project.js';

export const TEMPLATE_EXTENSION = '.liquid';

/** The templates every site needs, one per page kind. */
export const REQUIRED_TEMPLATES = ['post', 'list', 'tags', 'archive', '404', 'layouts/base'] as const;

/**
 * Reads every `.liquid` file of the theme, keyed by its POSIX path relative to the templates folder
 * (`partials/head.liquid`): the site's own file where it has one, else the built-in theme's (see
 * themeLayers). Read once, so rendering never touches the file system.
 * The `assets/` folder holds the theme's client files and is skipped.
 */
export function readTemplateFiles(templatesDir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const layer of themeLayers(templatesDir)) {
    for (const [name, source] of readLayer(layer)) if (!files.has(name)) files.set(name, source);
  }
  // Sorted by name, as one folder's walk is, so the page keys do not depend on which layer a file came from.
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The file a template name (`partials/head.liquid`) is read from: the site's own, else the built-in theme's. */
export function templateFilePath(templatesDir: string, name: string): string {
  const layers = themeLayers(templatesDir);
  const found = layers.map((layer) => join(layer, name)).find((file) => existsSync(file));
  return found ?? join(templatesDir, name);
}

function readLayer(templatesDir: string): Map<string, string> {
  // Symbolic links are left out, as before; the files are read in the walk's sorted order.
  const names = listFileTree(templatesDir, { links: 'omit', skipDir: (rel) => rel === 'assets' });
  return new Map(names.filter((name) => name.endsWith(TEMPLATE_EXTENSION)).map((name) => [name, readFileSync(join(templatesDir, name), 'utf8')]));
}
