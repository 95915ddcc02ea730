import type { Diagnostic } from '../diagnostics.js';

const EXPLANATIONS: Record<string, string> = {
  ENOSPC: 'there is no space left on the device',
  EDQUOT: 'the disk quota is exceeded',
  EFBIG: 'the file is larger than this process may write',
  EACCES: 'permission was denied',
  EPERM: 'the operation is not permitted',
  EROFS: 'the file system is read-only',
  EXDEV: 'the folders are on different file systems',
  EBUSY: 'the folder is busy or is a mount point',
  EMFILE: 'too many files are open',
  ENAMETOOLONG: 'a file name is too long',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'a folder is in the way of a file',
  ENOENT: 'a file or folder does not exist',
  EIO: 'the device reported an input/output error',
};

/**
 * The output could not be written. `commit()` rejects with this instead of a raw I/O error; the
 * previous output is unchanged whenever it is thrown. The message (no final full stop) says what
 * failed and why, e.g. "Could not write /site/dist/a.html: there is no space left on the device (ENOSPC)".
 */
export class WriteError extends Error {
  override readonly name = 'WriteError';
  /** The errno code (`ENOSPC`, `EACCES`, …) when an I/O call failed. */
  readonly code: string | undefined;
  /** The file or folder the failing call was about. */
  readonly path: string | undefined;

  constructor(message: string, options: { code?: string; path?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = options.code;
    this.path = options.path;
  }
}

/** Wraps an I/O failure into a {@link WriteError} whose message says what failed and why. */
export function toWriteError(error: unknown, action: string, target: string): WriteError {
  if (error instanceof WriteError) return error;
  const code = errnoCode(error);
  const why = code === undefined ? describe(error) : `${EXPLANATIONS[code] ?? 'the system refused'} (${code})`;
  return new WriteError(`Could not ${action} ${target}: ${why}`, {
    ...(code === undefined ? {} : { code }),
    path: target,
    cause: error,
  });
}

/** The `write-failed` diagnostic for a failed commit. */
export function writeErrorDiagnostic(error: WriteError, outDir: string): Diagnostic {
  return {
    severity: 'error',
    code: 'write-failed',
    message: `${error.message}. The previous output is unchanged.`,
    file: outDir,
    hint:
      error.code === 'ENOSPC' || error.code === 'EDQUOT'
        ? 'Free some disk space and build again.'
        : 'Check that the output folder and its parent are writable, then build again.',
  };
}

export function errnoCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
