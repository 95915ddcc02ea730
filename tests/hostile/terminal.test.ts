import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostics } from '../../src/diagnostics.js';

// Post text reaches the terminal (and CI logs) through messages and code frames.
describe('diagnostics printed for hostile content', () => {
  it('show control characters as symbols, so content cannot drive the terminal, and keep the caret aligned', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'hashmark-terminal-'));
    writeFileSync(path.join(root, 'post.md'), '#title\n\u001b[2J\u001b]0;owned\u0007A\u0000B\tC\n#body\nx\n');
    const text = formatDiagnostics(
      [{ severity: 'error', code: 'invalid-title', message: 'The title `\u001b[31mred\u001b[0m` has a control character.', file: 'post.md', line: 2, column: 17, hint: 'Remove \u009b.' }],
      'text',
      { root, color: false },
    );
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(text).toContain('␛[2J␛]0;owned␇A␀B\tC');
    expect(text).toContain('The title `␛[31mred␛[0m` has a control character.');
    const lines = text.split('\n');
    const frame = lines.findIndex((l) => l.includes('␛[2J'));
    // Column 17 is the `B` after the NUL; the caret sits under it.
    expect(lines[frame + 1]!.indexOf('^') - lines[frame + 1]!.indexOf('|')).toBe(lines[frame]!.indexOf('B') - lines[frame]!.indexOf('|'));
  });
});
