import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  didYouMean,
  loadPosts,
  parseDate,
  parseSource,
  postSlug,
  readSourceFile,
  tagSlug,
  validateDraft,
  type SourceFile,
} from '../../../src/content/index.js';

function source(text: string, file = 'content/post.md'): SourceFile {
  return { absPath: `/site/${file}`, path: file, text, assets: [] };
}

function check(text: string, file?: string) {
  const parsed = parseSource(source(text, file));
  const validated = parsed.value ? validateDraft(parsed.value) : { value: undefined, diagnostics: [] };
  return { post: validated.value, diagnostics: [...parsed.diagnostics, ...validated.diagnostics] };
}

const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hashmark-content-'));
  temps.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('sectioned format', () => {
  it('treats `# Heading` in the header as text, not a marker', () => {
    const { diagnostics } = check('# Heading\n#title\nT\n#date\n2024-01-01\n#body\nx\n');
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([['text-before-section', 1]]);
  });

  it('keeps lines that look like markers after #body as body text', () => {
    const { post } = check('#title\nT\n#date\n2024-01-01\n#body\n#tags\n#date\n#include <stdio.h>\n');
    expect(post?.body.read()).toBe('#tags\n#date\n#include <stdio.h>\n');
  });

  it('suggests #title for #titel and does not also call #title missing', () => {
    const { diagnostics } = check('#titel\nT\n#date\n2024-01-01\n#body\nx\n');
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'unknown-section', line: 1, column: 1 });
    expect(diagnostics[0]!.hint).toContain('Did you mean `#title`?');
  });

  it('names both lines of a duplicate section', () => {
    const { diagnostics } = check('#title\nA\n#title\nB\n#date\n2024-01-01\n#body\nx\n');
    expect(diagnostics[0]).toMatchObject({ code: 'duplicate-section', line: 3 });
    expect(diagnostics[0]!.message).toContain('lines 1 and 3');
  });

  it('accepts a title with markup characters as plain text', () => {
    const { post, diagnostics } = check('#title\n<script>x</script> & "q"\n#date\n2024-01-01\n#body\nx\n');
    expect(diagnostics).toEqual([]);
    expect(post?.title).toBe('<script>x</script> & "q"');
  });

  it('reports every problem in one file, each at its own line', () => {
    const { diagnostics } = check('#title\nA\n#date\nFeb 5, 2024\n#featured\nyes\n#draft\nTrue\n#tags\nKafka, Patterns\n#body\nx\n');
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([
      ['invalid-tags', 10],
      ['invalid-date', 4],
      ['invalid-boolean', 6],
      ['invalid-boolean', 8],
    ]);
  });

  it('points a JSON error in #tags at the line and column inside it', () => {
    const { diagnostics } = check('#title\nA\n#date\n2024-01-01\n#tags\n["a",\n "b" "c"]\n#body\nx\n');
    expect(diagnostics[0]).toMatchObject({ code: 'invalid-tags', line: 7, column: 6 });
  });

  it('keeps the calendar date as written for an RFC 3339 date-time', () => {
    const { post } = check('#title\nA\n#date\n2024-02-05T23:30:00-05:00\n#body\nx\n');
    expect(post?.date).toBe('2024-02-05');
    expect(post?.dateTime).toBe('2024-02-05T23:30:00-05:00');
  });

  it('rejects an explicit slug that is a relative path', () => {
    for (const slug of ['../../x', 'a/b', '..', 'a\\b']) {
      const { post, diagnostics } = check(`#title\nA\n#slug\n${slug}\n#date\n2024-01-01\n#body\nx\n`);
      expect(post).toBeUndefined();
      expect(diagnostics.map((d) => d.code)).toEqual(['invalid-slug']);
    }
  });
});

describe('YAML front matter', () => {
  it('rejects an unquoted date that does not exist instead of rolling it over', () => {
    const { diagnostics } = check('---\ntitle: A\ndate: 2024-02-30\n---\nx\n');
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'invalid-date', line: 3, column: 7 });
  });

  it('does not read `yes` as true', () => {
    const { diagnostics } = check('---\ntitle: A\ndate: 2024-02-01\nfeatured: yes\n---\nx\n');
    expect(diagnostics.map((d) => d.code)).toEqual(['invalid-boolean']);
  });

  it('explains a quoted "false" instead of accepting it', () => {
    const { diagnostics } = check('---\ntitle: A\ndate: 2024-02-01\ndraft: "false"\n---\nx\n');
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'invalid-boolean', line: 4, column: 8 });
    expect(diagnostics[0]!.message).toContain('without quotes');
  });

  it('rejects tags written as one string', () => {
    const { diagnostics } = check('---\ntitle: A\ndate: 2024-02-01\ntags: kafka patterns\n---\nx\n');
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([['invalid-tags', 4]]);
  });

  it('never evaluates `---js` front matter', () => {
    const { post, diagnostics } = check('---js\n{ title: (() => { throw new Error("ran") })() }\n---\nx\n');
    expect(post).toBeUndefined();
    expect(diagnostics[0]?.code).toBe('text-before-section');
  });

  it('warns about an unknown key that is no typo, and names a common Jekyll key as ignored', () => {
    const { post, diagnostics } = check('---\ntitle: A\ndate: 2024-02-01\nlayout: post\nmood: happy\n---\nx\n');
    expect(post?.title).toBe('A');
    expect(diagnostics.map((d) => [d.severity, d.code, d.line])).toEqual([['warning', 'ignored-field', 4], ['warning', 'unknown-field', 5]]);
  });
});

describe('dates', () => {
  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2024-04-31', false],
    ['2024-13-01', false],
    ['2024-2-5', false],
    ['Feb 5, 2024', false],
    ['2024-02-05T10:00:00Z', true],
    ['2024-02-05T24:00:00Z', false],
    ['2024-02-05 10:00', true],
    ['2024-02-05 25:00', false],
  ])('%s accepted: %s', (input, ok) => {
    expect(parseDate(input).ok).toBe(ok);
  });
});

describe('slugs and tags', () => {
  it('keeps Unicode letters in post slugs', () => {
    expect(postSlug('Über Café')).toBe('über-café');
    expect(postSlug('日本語')).toBe('日本語');
  });

  it('folds case and accents in tag slugs, keeping C, C++ and C# apart', () => {
    expect(tagSlug('Café')).toBe(tagSlug('cafe'));
    expect(tagSlug('JavaScript')).toBe('javascript');
    expect(new Set([tagSlug('C'), tagSlug('C++'), tagSlug('C#')]).size).toBe(3);
  });

  it('gives every post with a tag one shared tag, in the display form of the first source', () => {
    const root = tempDir();
    mkdirSync(path.join(root, 'content'));
    const post = (file: string, tags: string): void =>
      writeFileSync(path.join(root, 'content', file), `#title\n${file}\n#date\n2024-01-01\n#tags\n${tags}\n#body\nx\n`);
    post('b.md', '["javascript", "Café"]');
    post('a.md', '["JavaScript"]');
    post('c.md', '["cafe", "JAVASCRIPT"]');
    const { value: posts } = loadPosts({ root, contentDir: path.join(root, 'content') });
    const bySource = new Map(posts.map((p) => [p.source, p]));
    const [a, b, c] = ['content/a.md', 'content/b.md', 'content/c.md'].map((s) => bySource.get(s)!);
    expect(a!.tags.map((t) => t.name)).toEqual(['JavaScript']);
    expect(c!.tags.map((t) => t.name)).toEqual(['Café', 'JavaScript']);
    // The same object, not an equal copy: a large site holds each tag once.
    expect(b!.tags[0]).toBe(a!.tags[0]);
    expect(c!.tags[1]).toBe(a!.tags[0]);
    expect(c!.tags[0]).toBe(b!.tags[1]);
    expect(Object.isFrozen(a!.tags[0])).toBe(true);
  });

  it('suggests only close names', () => {
    expect(didYouMean('titel', ['title', 'date'])).toBe('title');
    expect(didYouMean('desc', ['title', 'description'])).toBe('description');
    expect(didYouMean('zzz', ['title', 'date'])).toBeUndefined();
  });
});

describe('reading files', () => {
  it('never reads a symlink that leads outside the content folder, and warns', () => {
    const outside = tempDir();
    const root = tempDir();
    writeFileSync(path.join(outside, 'secret.md'), '#title\nS\n#date\n2024-01-01\n#body\nx\n');
    mkdirSync(path.join(root, 'content'));
    writeFileSync(path.join(root, 'content', 'ok.md'), '#title\nOK\n#date\n2024-01-01\n#body\nx\n');
    symlinkSync(path.join(outside, 'secret.md'), path.join(root, 'content', 'link.md'));
    symlinkSync(outside, path.join(root, 'content', 'folder'));
    const result = loadPosts({ root, contentDir: 'content' });
    expect(result.value.map((p) => p.slug)).toEqual(['ok']);
    expect(result.diagnostics.map((d) => [d.severity, d.code, d.file])).toEqual([
      ['warning', 'symlink-outside', 'content/folder'],
      ['warning', 'symlink-outside', 'content/link.md'],
    ]);
  });

  it('follows a symlink that stays inside the content folder', () => {
    const root = tempDir();
    mkdirSync(path.join(root, 'content', 'real'), { recursive: true });
    writeFileSync(path.join(root, 'content', 'real', 'a.md'), '#title\nA\n#date\n2024-01-01\n#body\nx\n');
    symlinkSync(path.join(root, 'content', 'real', 'a.md'), path.join(root, 'content', 'b.md'));
    const result = loadPosts({ root, contentDir: 'content' });
    expect(result.value.map((p) => p.slug).sort()).toEqual(['a', 'b']);
  });

  it('reports a missing content folder as a diagnostic', () => {
    const root = tempDir();
    const result = loadPosts({ root, contentDir: 'nope' });
    expect(result.diagnostics.map((d) => [d.code, d.file])).toEqual([['content-missing', 'nope']]);
  });

  it('names files outside the root by absolute path', () => {
    const root = tempDir();
    const content = tempDir();
    writeFileSync(path.join(content, 'x.md'), '');
    const result = loadPosts({ root, contentDir: content });
    expect(result.diagnostics[0]?.file).toBe(path.join(content, 'x.md').split(path.sep).join('/'));
  });

  it('reads a bundle index alone with its assets (for the dev server)', () => {
    const root = tempDir();
    const bundle = path.join(root, 'content', 'trip');
    mkdirSync(path.join(bundle, 'img'), { recursive: true });
    writeFileSync(path.join(bundle, 'index.md'), '#title\nTrip\n#date\n2024-01-01\n#body\nx\n');
    writeFileSync(path.join(bundle, 'img', 'a.png'), 'png');
    writeFileSync(path.join(bundle, '.DS_Store'), '');
    const read = readSourceFile(path.join(bundle, 'index.md'), root, path.join(root, 'content'));
    expect(read.value?.path).toBe('content/trip/index.md');
    expect(read.value?.bundleName).toBe('trip');
    expect(read.value?.assets.map((a) => a.relPath)).toEqual(['img/a.png']);
  });
});
