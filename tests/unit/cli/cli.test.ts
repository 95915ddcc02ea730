import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const bin = path.join(root, 'bin', 'hashmark.js');
const invalid = path.join(root, 'tests', 'fixtures', 'posts-invalid');

function hashmark(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', HASHMARK_DEBUG: '', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, all: r.stdout + r.stderr };
}

const STACK = /^\s{4}at /m;

describe('hashmark check', () => {
  it('exits 0 on the repository content', () => {
    const r = hashmark(['check']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('names every broken file in one run, exits 1 and prints no stack trace', () => {
    const r = hashmark(['check', '--content', invalid]);
    expect(r.code).toBe(1);
    expect(r.all).not.toMatch(STACK);
    for (const dir of readdirSync(invalid)) {
      const expected = JSON.parse(readFileSync(path.join(invalid, dir, 'expected.json'), 'utf8')) as { file: string; code: string; line?: number }[];
      for (const e of expected) {
        const where = `tests/fixtures/posts-invalid/${dir}/${e.file}${e.line ? `:${e.line}:` : ''}`;
        expect(r.stdout, where).toContain(where);
      }
    }
    expect(r.stdout).toMatch(/\d+ errors, \d+ warnings? in \d+ files\n$/);
  });

  it('prints a code frame with a caret and the hint', () => {
    const r = hashmark(['check', '--content', path.join(invalid, 'date-rolled-over')]);
    expect(r.stdout).toContain('tests/fixtures/posts-invalid/date-rolled-over/post.txt:4:1 error invalid-date');
    expect(r.stdout).toContain('  > 4 | 2024-02-30\n      | ^\n');
    expect(r.stdout).toContain('  hint: Write it as YYYY-MM-DD');
    expect(r.stdout).toContain('1 error, 0 warnings in 1 file');
  });

  it('prints GitHub workflow commands with --format github', () => {
    const r = hashmark(['check', '--format', 'github', '--content', path.join(invalid, 'featured-yes')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^::error file=tests\/fixtures\/posts-invalid\/featured-yes\/post\.txt,line=4,col=1,title=invalid-boolean::.*yes.*\n/m,
    );
  });

  it('prints a JSON array only on stdout with --format json', () => {
    const r = hashmark(['check', '--format', 'json', '--content', path.join(invalid, 'many-problems')]);
    expect(r.code).toBe(1);
    const parsed = JSON.parse(r.stdout) as { code: string; line: number }[];
    expect(parsed.map((d) => [d.code, d.line])).toEqual([
      ['invalid-date', 4],
      ['invalid-boolean', 6],
      ['invalid-tags', 8],
    ]);
  });

  it('reports a missing content folder with exit 1, not a crash', () => {
    const r = hashmark(['check', '--content', 'does-not-exist']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('content-missing');
    expect(r.all).not.toMatch(STACK);
  });
});

describe('usage', () => {
  it('lists every flag of a command in its help', () => {
    const r = hashmark(['build', '--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--root', '--content', '--out', '--format', '--help', '--base', '--site-url', '--drafts', '--future', '--jobs', '--cache-dir', '--no-cache']) {
      expect(r.stdout).toContain(flag);
    }
    expect(hashmark(['dev', '--help']).stdout).toMatch(/--port[\s\S]*--host[\s\S]*--open/);
    expect(hashmark(['new', '--help']).stdout).toMatch(/<title>[\s\S]*--tags[\s\S]*--featured[\s\S]*--draft/);
  });

  it('lists every command in the main help', () => {
    const r = hashmark(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/check[\s\S]*build[\s\S]*dev[\s\S]*new/);
  });

  it('rejects an unknown flag with a suggestion and exit 2', () => {
    const r = hashmark(['check', '--contnet', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown flag '--contnet'");
    expect(r.stderr).toContain("Did you mean '--content'?");
  });

  it('rejects an unknown command with a suggestion and exit 2', () => {
    const r = hashmark(['chekc']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Did you mean 'check'?");
  });

  it('rejects an unknown format with exit 2', () => {
    expect(hashmark(['check', '--format', 'xml']).code).toBe(2);
  });

  it('accepts global flags before the command', () => {
    const r = hashmark(['--content', path.join(invalid, 'empty-file'), 'check']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('empty-file');
  });

  it('validates build flags before building', () => {
    const r = hashmark(['build', '--jobs', 'zero']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--jobs');
  });
});
