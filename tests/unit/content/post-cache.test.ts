import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPosts } from '../../../src/content/index.js';
import { BodyChangedError, bodyDigest, FileBody, releaseKeptBodies } from '../../../src/content/body-ref.js';
import { DELTA_MAX } from '../../../src/cache/base-delta.js';
import type { Post } from '../../../src/content/types.js';

let root: string | undefined;
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

const LONG_AGO = new Date('2024-01-01T00:00:00Z');

function project(files: Record<string, string>): string {
  root = mkdtempSync(path.join(os.tmpdir(), 'hashmark-post-cache-'));
  mkdirSync(path.join(root, 'content'));
  for (const [name, text] of Object.entries(files)) write(name, text);
  return root;
}

/** Writes a post file dated in the past, as files are that were not just edited. */
function write(name: string, text: string): void {
  const file = path.join(root!, 'content', name);
  writeFileSync(file, text);
  utimesSync(file, LONG_AGO, LONG_AGO);
}

function sectioned(title: string, body: string, extra = ''): string {
  return `#title\n${title}\n#date\n2024-02-05\n#tags\n["Kafka"]\n${extra}#body\n${body}`;
}

/** A post as plain data, its body read from memory or from its file. */
function plain(post: Post) {
  return { ...post, body: post.body.read() };
}

function load(dir: string, cache: boolean) {
  const result = loadPosts({ root: dir, contentDir: 'content', cacheDir: cache ? path.join(dir, '.cache') : null, lazyBodies: true });
  return { posts: result.value.map(plain), diagnostics: result.diagnostics };
}

const files = {
  'a.txt': sectioned('Alpha', '\nFirst body with a ![](x.png).\n'),
  'b.txt': sectioned('Beta', 'Second body.\r\nWith CRLF.\r\n'),
  'c.md': '---\ntitle: Gamma\ndate: 2024-03-01\ntags: [Go]\n---\n\nThird body.\n',
};

describe('parsed posts kept between builds', () => {
  it('give the same posts, bodies and warnings as reading every file', () => {
    const dir = project({ ...files, 'bad.txt': '#title\nNo date\n#body\nx\n' });
    const fresh = load(dir, false);
    const first = load(dir, true);
    const second = load(dir, true);
    expect(first).toEqual(fresh);
    expect(second).toEqual(fresh);
    expect(fresh.posts.map((p) => p.title)).toEqual(['Gamma', 'Alpha', 'Beta']);
    expect(fresh.posts.find((p) => p.title === 'Beta')?.body).toBe('Second body.\nWith CRLF.\n');
    expect(second.diagnostics.some((d) => d.file === 'content/bad.txt' && d.severity === 'error')).toBe(true);
  });

  it('see an edited, added or deleted file', () => {
    const dir = project(files);
    load(dir, true);
    write('a.txt', sectioned('Alpha renamed', '\nA new body.\n'));
    write('d.txt', sectioned('Delta', 'Fourth.\n'));
    rmSync(path.join(dir, 'content', 'c.md'));
    const after = load(dir, true);
    expect(after).toEqual(load(dir, false));
    expect(after.posts.map((p) => p.title).sort()).toEqual(['Alpha renamed', 'Beta', 'Delta']);
    expect(after.posts.find((p) => p.title === 'Alpha renamed')?.body).toBe('\nA new body.\n');
  });

  it('see an edit that keeps the size and the modification time', () => {
    const dir = project(files);
    load(dir, true);
    // Same length, same mtime: only the change time tells.
    write('b.txt', sectioned('Bet4', 'Second body.\r\nWith CRLF.\r\n'));
    expect(load(dir, true).posts.map((p) => p.title)).toContain('Bet4');
  });

  it('do not trust a file modified in the last moments, whose stat may not show a second edit', () => {
    const dir = project(files);
    writeFileSync(path.join(dir, 'content', 'a.txt'), sectioned('Fresh', 'Just written.\n'));
    load(dir, true);
    const cacheFile = readdirSync(path.join(dir, '.cache', 'content.v5'))[0]!;
    const kept = readFileSync(path.join(dir, '.cache', 'content.v5', cacheFile), 'utf8');
    expect(kept).toContain('Beta');
    expect(kept).not.toContain('Fresh');
  });

  it('are ignored as a whole when the cache file is damaged', () => {
    const dir = project(files);
    load(dir, true);
    const cacheDir = path.join(dir, '.cache', 'content.v5');
    const cacheFile = path.join(cacheDir, readdirSync(cacheDir)[0]!);
    writeFileSync(cacheFile, readFileSync(cacheFile, 'utf8').replace('Alpha', 'Evil!'));
    expect(load(dir, true)).toEqual(load(dir, false));
  });
});

describe('the post cache after a few edits', () => {
  const cacheFiles = (dir: string): string[] => readdirSync(path.join(dir, '.cache', 'content.v5')).sort();
  const bytes = (dir: string, name: string): string => readFileSync(path.join(dir, '.cache', 'content.v5', name), 'utf8');
  /** Loads with the cache; true when every post came from it (nothing read, nothing gone). */
  const allKept = (dir: string): boolean => {
    let unchanged = false;
    loadPosts({ root: dir, contentDir: 'content', cacheDir: path.join(dir, '.cache'), lazyBodies: true, onFingerprint: (c) => (unchanged = c.unchanged) });
    return unchanged;
  };
  const editSome = (dir: string): void => {
    write('a.txt', sectioned('Alpha renamed', '\nA new body.\n'));
    write('d.txt', sectioned('Delta', 'Fourth.\n'));
    rmSync(path.join(dir, 'content', 'c.md'));
  };

  it('keeps the base entry as it was and writes the changes beside it, which the next build uses', () => {
    const dir = project(files);
    load(dir, true);
    const [base] = cacheFiles(dir);
    const before = bytes(dir, base!);
    editSome(dir);
    expect(load(dir, true)).toEqual(load(dir, false));
    expect(cacheFiles(dir)).toEqual([base, `${base}-delta`]);
    expect(bytes(dir, base!)).toBe(before);
    expect(bytes(dir, `${base}-delta`)).toContain('Alpha renamed');
    expect(bytes(dir, `${base}-delta`)).not.toContain('Beta');
    expect(allKept(dir)).toBe(true);
    expect(load(dir, true)).toEqual(load(dir, false));
  });

  it('still gives the right posts when the changes are damaged, or belong to another base', () => {
    const dir = project(files);
    load(dir, true);
    const [base] = cacheFiles(dir);
    editSome(dir);
    load(dir, true);
    const deltaFile = path.join(dir, '.cache', 'content.v5', `${base}-delta`);
    const delta = readFileSync(deltaFile, 'utf8');
    writeFileSync(deltaFile, delta.replace('Alpha renamed', 'Alpha damaged'));
    expect(load(dir, true)).toEqual(load(dir, false));
    // A new base (the cache was cleared), then the old delta put back: it names the old base and is not used.
    rmSync(path.join(dir, '.cache'), { recursive: true });
    write('c.md', files['c.md']);
    load(dir, true);
    expect(allKept(dir)).toBe(true);
    writeFileSync(deltaFile, delta);
    expect(allKept(dir)).toBe(true);
    expect(load(dir, true)).toEqual(load(dir, false));
  });

  it(`writes a new base, and no delta, past ${DELTA_MAX} changed posts`, () => {
    const dir = project(files);
    load(dir, true);
    const [base] = cacheFiles(dir);
    const before = bytes(dir, base!);
    for (let i = 0; i <= DELTA_MAX; i++) write(`n${i}.txt`, sectioned(`New ${i}`, `Body ${i}.\n`));
    expect(load(dir, true)).toEqual(load(dir, false));
    expect(cacheFiles(dir)).toEqual([base]);
    expect(bytes(dir, base!)).not.toBe(before);
    expect(allKept(dir)).toBe(true);
  });
});

describe('bodies of a build', () => {
  it('are kept from the one read while they fit the budget, until released', () => {
    const dir = project(files);
    const posts = loadPosts({ root: dir, contentDir: 'content', lazyBodies: true, bodyBudget: 40 }).value;
    const bodies = posts.map((p) => p.body.read());
    for (const post of posts) expect(post.body.length).toBe(post.body.read().length);
    // With the files gone, a kept body still comes from memory; the others cannot be read.
    for (const name of Object.keys(files)) rmSync(path.join(dir, 'content', name));
    const readable = (post: Post): boolean => {
      try {
        return post.body.read() === bodies[posts.indexOf(post)];
      } catch (error) {
        expect(error).toBeInstanceOf(BodyChangedError);
        return false;
      }
    };
    const kept = posts.filter(readable);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(posts.length);
    expect(kept.reduce((sum, p) => sum + p.body.length, 0)).toBeLessThanOrEqual(40);
    // A post's JSON holds where its body is, never the kept text.
    posts.forEach((post, i) => expect(JSON.stringify(post)).not.toContain(JSON.stringify(bodies[i]).slice(1, -1)));
    releaseKeptBodies(kept);
    expect(posts.filter(readable)).toEqual([]);
  });
});

describe('bodies on disk', () => {
  it('are read from the file when read, and know their length and digest without reading', () => {
    const dir = project(files);
    const [post] = loadPosts({ root: dir, contentDir: 'content', lazyBodies: true, bodyBudget: 0 }).value.filter((p) => p.title === 'Alpha');
    expect(post!.body).toBeInstanceOf(FileBody);
    expect(post!.body.length).toBe('\nFirst body with a ![](x.png).\n'.length);
    expect(post!.body.digest).toBe(bodyDigest('\nFirst body with a ![](x.png).\n'));
    expect(post!.body.read()).toBe('\nFirst body with a ![](x.png).\n');
  });

  it('refuse to give a body that changed since the file was validated', () => {
    const dir = project(files);
    const [post] = loadPosts({ root: dir, contentDir: 'content', lazyBodies: true, bodyBudget: 0 }).value.filter((p) => p.title === 'Alpha');
    write('a.txt', sectioned('Alpha', '\nFirst body with a ![](y.png).\n'));
    expect(() => post!.body.read()).toThrow(BodyChangedError);
  });

  it('tell the caller once, before the first file they do not hold, so a Markdown worker starts only for a build with something to render', () => {
    const dir = project(files);
    const changes = (cache: boolean): number => {
      let calls = 0;
      loadPosts({ root: dir, contentDir: 'content', cacheDir: cache ? path.join(dir, '.cache') : null, lazyBodies: true, onChange: () => calls++ });
      return calls;
    };
    expect(changes(false)).toBe(1);
    expect(changes(true)).toBe(1);
    expect(changes(true)).toBe(0);
    write('b.txt', sectioned('Beta', 'Edited.\n'));
    write('c.md', '---\ntitle: Gamma\ndate: 2024-03-01\n---\n\nEdited.\n');
    expect(changes(true)).toBe(1);
    expect(changes(true)).toBe(0);
    rmSync(path.join(dir, 'content', 'a.txt'));
    expect(changes(true)).toBe(0);
  });
});
