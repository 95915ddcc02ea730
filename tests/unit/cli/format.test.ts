import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDiagnostics, type Diagnostic } from '../../../src/diagnostics.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'hashmark-format-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
writeFileSync(path.join(root, 'post.md'), '#title\nHello\n#date\n\t2024-02-30\n#body\n');

const date: Diagnostic = {
  severity: 'error',
  code: 'invalid-date',
  message: '`#date` is `2024-02-30`: February 2024 has 29 days.',
  file: 'post.md',
  line: 4,
  column: 2,
  hint: 'Write it as YYYY-MM-DD, like `2024-02-05`.',
};
const warning: Diagnostic = { severity: 'warning', code: 'symlink-outside', message: 'A link, leading out: not read.', file: 'content/a,b:c.md' };

describe('text format', () => {
  it('prints position, code, message, a code frame with the caret under the column, the hint and a summary', () => {
    const text = formatDiagnostics([date, warning], 'text', { root });
    expect(text).toBe(
      'post.md:4:2 error invalid-date `#date` is `2024-02-30`: February 2024 has 29 days.\n' +
        '    3 | #date\n' +
        '  > 4 | \t2024-02-30\n' +
        '      | \t^\n' +
        '  hint: Write it as YYYY-MM-DD, like `2024-02-05`.\n' +
        'content/a,b:c.md warning symlink-outside A link, leading out: not read.\n' +
        '1 error, 1 warning in 2 files\n',
    );
  });

  it('prints nothing for no diagnostics', () => {
    expect(formatDiagnostics([], 'text', { root })).toBe('');
  });

  it('colours only when asked', () => {
    expect(formatDiagnostics([date], 'text', { root })).not.toContain('\u001b[');
    expect(formatDiagnostics([date], 'text', { root, color: true })).toContain('\u001b[31m');
  });
});

describe('github format', () => {
  it('escapes %, newlines, and , and : in properties', () => {
    const out = formatDiagnostics(
      [{ ...date, message: '100% wrong\nsecond line' }, warning],
      'github',
      { root },
    );
    expect(out).toBe(
      '::error file=post.md,line=4,col=2,title=invalid-date::100%25 wrong%0Asecond line (Write it as YYYY-MM-DD, like `2024-02-05`.)\n' +
        '::warning file=content/a%2Cb%3Ac.md,title=symlink-outside::A link, leading out: not read.\n',
    );
  });
});

describe('json format', () => {
  it('prints the diagnostics as an array with a fixed key order', () => {
    const out = formatDiagnostics([warning, date], 'json', { root });
    expect(JSON.parse(out)).toEqual([warning, date]);
    expect(out.indexOf('"severity"')).toBeLessThan(out.indexOf('"code"'));
    expect(formatDiagnostics([], 'json', { root })).toBe('[]\n');
  });
});
