import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export const TEMPLATE_EXTENSION = '.liquid';

/** The templates every site needs, one per page kind. */
export const REQUIRED_TEMPLATES = ['post', 'list', 'tags', 'archive', '404', 'layouts/base'] as const;

/**
 * Reads every `.liquid` file under the templates folder, keyed by its POSIX path relative to that
 * folder (`partials/head.liquid`). Read once, so rendering never touches the file system.
 * The `assets/` folder holds the theme's client files and is skipped.
 */
export function readTemplateFiles(templatesDir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
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
