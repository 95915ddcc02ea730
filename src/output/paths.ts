import path from 'node:path';

/**
 * The last line of defence for containment: the planner already produces safe paths, so a bad one
 * here is a bug upstream and throws.
 */
export function assertSafeOutputPath(file: string): void {
  const problem = unsafeReason(file);
  if (problem !== undefined) {
    throw new Error(`Refusing to write output path ${JSON.stringify(file)}: ${problem}.`);
  }
}

/**
 * Segments of plain characters, none starting with a dot: relative, inside the folder by construction.
 * Nearly every planned path matches, so the full checks below run only for the odd one.
 */
const PLAIN_PATH = /^[\w-][\w.-]*(?:\/[\w-][\w.-]*)*$/u;

function unsafeReason(file: string): string | undefined {
  if (typeof file === 'string' && PLAIN_PATH.test(file)) return undefined;
  if (typeof file !== 'string' || file.length === 0) return 'it is empty';
  if (file.includes('\0')) return 'it contains a NUL character';
  if (file.includes('\\')) return 'it contains a backslash';
  if (path.posix.isAbsolute(file) || path.win32.isAbsolute(file)) return 'it is absolute';
  if (/^[a-zA-Z]:/.test(file)) return 'it starts with a drive letter';
  for (const segment of file.split('/')) {
    if (segment === '') return 'it has an empty segment';
    if (segment === '.' || segment === '..') return `it has a "${segment}" segment`;
  }
  // Belt and braces: whatever the rules above miss must still resolve inside the folder.
  const root = path.resolve('/hashmark-out');
  const resolved = path.resolve(root, file);
  if (!resolved.startsWith(root + path.sep)) return 'it resolves outside the output folder';
  return undefined;
}

/** Every folder that must exist for `file`, outermost first (`a/b/c.html` → `a`, `a/b`). */
export function parentDirs(file: string): string[] {
  const dirs: string[] = [];
  let i = file.indexOf('/');
  while (i !== -1) {
    dirs.push(file.slice(0, i));
    i = file.indexOf('/', i + 1);
  }
  return dirs;
}
