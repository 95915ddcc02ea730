import { afterEach, beforeEach, vi } from 'vitest';

/** What the command line wrote to stdout and stderr in the current test. */
export interface CapturedOutput {
  out: string;
  err: string;
}

/** Captures stdout and stderr for every test of the file (nothing reaches the terminal); restored after each. */
export function captureOutput(): CapturedOutput {
  const captured: CapturedOutput = { out: '', err: '' };
  beforeEach(() => {
    captured.out = '';
    captured.err = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      captured.out += String(chunk);
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      captured.err += String(chunk);
      return true;
    });
  });
  afterEach(() => vi.restoreAllMocks());
  return captured;
}
