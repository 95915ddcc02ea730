import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPosts } from '../../../src/content/index.js';

const fixtures = fileURLToPath(new URL('../../fixtures/', import.meta.url));

interface ExpectedDiagnostic {
  file: string;
  code: string;
  line?: number;
  column?: number;
  messageIncludes?: string;
  hintIncludes?: string;
}

function cases(folder: string): string[] {
  return readdirSync(path.join(fixtures, folder)).sort();
}

function load(dir: string) {
  return loadPosts({ root: dir, contentDir: dir });
}

describe('valid post fixtures give exactly the expected records', () => {
  it.each(cases('posts'))('%s', (name) => {
    const dir = path.join(fixtures, 'posts', name);
    const expected: unknown = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8'));
    const result = load(dir);
    // Keys of other generators (`layout`, `categories`) are named as ignored, and nothing else is said.
    expect(result.diagnostics.filter((d) => d.code !== 'ignored-field')).toEqual([]);
    const actual = result.value.map((post) => ({
      ...post,
      body: post.body.read(),
      assets: post.assets.map((a) => ({ relPath: a.relPath, absPath: path.relative(dir, a.absPath).split(path.sep).join('/') })),
    }));
    expect(actual).toEqual(expected);
  });
});

describe('invalid post fixtures give exactly the expected diagnostics', () => {
  it.each(cases('posts-invalid'))('%s', (name) => {
    const dir = path.join(fixtures, 'posts-invalid', name);
    const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as ExpectedDiagnostic[];
    const result = load(dir);
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => ({ file: d.file, code: d.code, line: d.line, column: d.column }))).toEqual(
      expected.map((e) => ({ file: e.file, code: e.code, line: e.line, column: e.column })),
    );
    expected.forEach((e, i) => {
      const d = errors[i]!;
      expect(d.message.length).toBeGreaterThan(0);
      expect(d.hint, `${d.code} has a hint`).toBeTruthy();
      if (e.messageIncludes) expect(d.message).toContain(e.messageIncludes);
      if (e.hintIncludes) expect(d.hint).toContain(e.hintIncludes);
    });
  });
});
