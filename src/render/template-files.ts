import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
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
  const files = new Map<string, string>();
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (dir === templatesDir && entry.name === 'assets') continue;
        walk(path);
      } else if (entry.isFile() && entry.name.endsWith(TEMPLATE_EXTENSION)) {
        files.set(relative(templatesDir, path).split(sep).join('/'), readFileSync(path, 'utf8'));
      }
    }
  };
  walk(templatesDir);
  return files;
}
