import { constants, copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { listFileTree } from './file-tree.js';
import { BUILT_IN_TEMPLATES_DIR } from './project.js';

/** Every file of the built-in theme, by POSIX path under templates/ (`partials/header.liquid`), sorted. */
export function builtInThemeFiles(): string[] {
  return listFileTree(BUILT_IN_TEMPLATES_DIR, { links: 'omit' }).sort();
}

/**
 * The built-in file a name on the command line means: its path under templates/, with or without
 * the `templates/` prefix or the `.liquid` extension; undefined when there is none.
 */
export function themeFileNamed(name: string, files: readonly string[] = builtInThemeFiles()): string | undefined {
  const bare = name.split(path.sep).join('/').replace(/^(\.\/)?templates\//, '');
  return [bare, `${bare}.liquid`].find((candidate) => files.includes(candidate));
}

export type EjectOutcome = { file: string; copied: true } | { file: string; copied: false; reason: 'exists' };

/**
 * Copies built-in theme files into the site's templates/ for editing. A file the site already has is
 * left alone: it may hold the site's own edits.
 */
export function ejectThemeFiles(root: string, files: readonly string[]): EjectOutcome[] {
  return files.map((file) => {
    const target = path.join(root, 'templates', file);
    if (existsSync(target)) return { file, copied: false, reason: 'exists' };
    mkdirSync(path.dirname(target), { recursive: true });
    try {
      copyFileSync(path.join(BUILT_IN_TEMPLATES_DIR, file), target, constants.COPYFILE_EXCL);
    } catch (error) {
      // Created since the check above: still the site's file, still left alone.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { file, copied: false, reason: 'exists' };
      throw error;
    }
    return { file, copied: true };
  });
}
