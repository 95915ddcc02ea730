import { formatDiagnostics, type Diagnostic, type DiagnosticFormat } from '../diagnostics.js';

/** Exit codes: 0 ok, 1 content or build errors, 2 usage errors, 70 internal error (a bug in Hashmark). */
export const EXIT = { ok: 0, errors: 1, usage: 2, internal: 70 } as const;

/** A mistake on the command line: printed without a stack, exit code 2. */
export class UsageError extends Error {}

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

export const io: Io = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
};

/** What every command is given: the folders and the output format. */
export interface Common {
  root: string;
  contentDir: string;
  outDir: string;
  format: DiagnosticFormat;
}

export type Values = Record<string, string | boolean | undefined>;

export function stringFlag(values: Values, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

export function printDiagnostics(diagnostics: Diagnostic[], common: Common): void {
  const color = common.format === 'text' && process.stdout.isTTY === true && process.env.NO_COLOR === undefined;
  io.out(formatDiagnostics(diagnostics, common.format, { root: common.root, color }));
}

/** Human lines go to stdout, except with --format json, where stdout must stay pure JSON. */
export function note(common: Common, line: string): void {
  (common.format === 'json' ? io.err : io.out)(`${line}\n`);
}

/** A progress bar on stderr, for a terminal. */
export function progressBar(): { update: (done: number, total: number) => void; clear: () => void } {
  let last = 0;
  let shown = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (done < total && now - last < 100) return;
      last = now;
      const width = 30;
      const filled = total > 0 ? Math.round((done / total) * width) : width;
      io.err(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} posts`);
      shown = true;
    },
    clear() {
      if (shown) io.err('\r\u001b[K');
    },
  };
}
