import type { Diagnostic } from '../diagnostics.js';

const PLAIN_PATH = /^[A-Za-z0-9._~-]+(?:\/[A-Za-z0-9._~-]+)*$/;
const DOT_SEGMENT = /(?:^|\/)\.{1,2}(?:\/|$)/;

/**
 * Why a file path is unsafe to write below the output folder, or undefined when it is safe.
 * Slugs and tags arrive normalised from the content stage; this is the last guard before a write.
 */
export function unsafePathReason(file: string): string | undefined {
  // The usual path, plain URL-safe segments with no `.` or `..` among them, passes every check below.
  if (PLAIN_PATH.test(file) && !DOT_SEGMENT.test(file)) return undefined;
  if (file === '') return 'it is empty';
  if (file.includes('\0')) return 'it contains a NUL character';
  if (file.includes('\\')) return 'it contains a backslash';
  if (file.startsWith('/')) return 'it is absolute';
  if (/^[A-Za-z]:/.test(file)) return 'it starts with a drive letter';
  for (const segment of file.split('/')) {
    if (segment === '') return 'it has an empty segment';
    if (segment === '.' || segment === '..') return `it has a "${segment}" segment`;
    if (/[\u0000-\u001f\u007f]/.test(segment)) return 'it contains a control character';
  }
  return undefined;
}

/**
 * Every output path is claimed once. A second claim on a path, or a file claimed where another
 * claim needs a folder (`a/b` vs `a/b/c`), is a `route-conflict` naming both origins; an unsafe path
 * is an `unsafe-path` error. Rejected claims are not written.
 */
export class RouteTable {
  readonly diagnostics: Diagnostic[] = [];
  private readonly files = new Map<string, string>();
  /** Folder → origin of the first file claimed below it. */
  private readonly folders = new Map<string, string>();

  /** Returns true when the claim is accepted. */
  claim(file: string, origin: string): boolean {
    const unsafe = unsafePathReason(file);
    if (unsafe !== undefined) {
      this.diagnostics.push({
        severity: 'error',
        code: 'unsafe-path',
        message: `The output path ${JSON.stringify(file)} from ${origin} was not written because ${unsafe}.`,
        file: origin,
        hint: 'Use slugs, tags and asset names made of plain URL-safe segments.',
      });
      return false;
    }
    const first = this.claimed(file);
    if (first !== undefined) {
      this.diagnostics.push({
        severity: 'error',
        code: 'route-conflict',
        message: `${origin} and ${first.origin} both claim the output path ${JSON.stringify(first.path)}.`,
        file: origin,
        hint: `Change one of them (a slug, tag, asset name, \`url\` or alias) so that each page has its own path; ${first.origin} keeps it.`,
      });
      return false;
    }
    this.files.set(file, origin);
    let slash = file.lastIndexOf('/');
    while (slash > 0) {
      const folder = file.slice(0, slash);
      if (this.folders.has(folder)) break;
      this.folders.set(folder, origin);
      slash = folder.lastIndexOf('/');
    }
    return true;
  }

  /** The earlier claim this path collides with: the same file, a file below it, or a file above it. */
  private claimed(file: string): { origin: string; path: string } | undefined {
    const same = this.files.get(file);
    if (same !== undefined) return { origin: same, path: file };
    const below = this.folders.get(file);
    if (below !== undefined) return { origin: below, path: file };
    let slash = file.lastIndexOf('/');
    while (slash > 0) {
      const folder = file.slice(0, slash);
      const origin = this.files.get(folder);
      if (origin !== undefined) return { origin, path: folder };
      slash = folder.lastIndexOf('/');
    }
    return undefined;
  }
}
