import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadPosts } from '../../../src/content/index.js';
import { newPost } from '../../../src/dev/new-post.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'hashmark-new-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

const load = () => loadPosts({ root, contentDir: 'content' });

describe('newPost', () => {
  it('writes content/<slug>.md in the sectioned format that loads without problems', async () => {
    const result = await newPost({ root, title: 'A Fresh Post', tags: ['Kafka', ' Patterns ', ''], now: new Date('2024-02-05T12:00:00Z') });
    expect(result.diagnostics).toEqual([]);
    expect(result.value?.file).toBe('content/a-fresh-post.md');
    const text = readFileSync(path.join(root, 'content', 'a-fresh-post.md'), 'utf8');
    expect(text.startsWith('#title\nA Fresh Post\n#description\n\n#date\n2024-02-05\n#tags\n["Kafka","Patterns"]\n#featured\nfalse\n#body\n')).toBe(true);
    const loaded = load();
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.value).toHaveLength(1);
    expect(loaded.value[0]).toMatchObject({ slug: 'a-fresh-post', title: 'A Fresh Post', date: '2024-02-05', featured: false, draft: false });
    expect(loaded.value[0]!.tags.map((t) => t.name)).toEqual(['Kafka', 'Patterns']);
  });

  it("dates the post today in the site's time zone, not UTC", async () => {
    writeFileSync(path.join(root, 'site.config.ts'), "export default { timeZone: 'Pacific/Auckland' };\n");
    // 2024-02-05 20:00 UTC is already 2024-02-06 in Auckland (UTC+13 in summer).
    await newPost({ root, title: 'Late night', now: new Date('2024-02-05T20:00:00Z') });
    expect(load().value[0]!.date).toBe('2024-02-06');
  });

  it('marks drafts and featured posts when asked', async () => {
    await newPost({ root, title: 'Work in progress', draft: true, featured: true });
    expect(load().value[0]).toMatchObject({ draft: true, featured: true });
  });

  it('keeps quotes, emoji and accents in the title exactly', async () => {
    const title = 'Don’t "quote" me: Café ☕ & <tags>';
    const result = await newPost({ root, title });
    expect(result.diagnostics).toEqual([]);
    const loaded = load();
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.value[0]!.title).toBe(title);
    expect(path.basename(result.value!.absPath)).toBe(`${loaded.value[0]!.slug}.md`);
  });

  it('refuses to overwrite an existing file and leaves it unchanged', async () => {
    mkdirSync(path.join(root, 'content'));
    const file = path.join(root, 'content', 'a-fresh-post.md');
    writeFileSync(file, 'mine');
    const result = await newPost({ root, title: 'A Fresh Post' });
    expect(result.value).toBeUndefined();
    expect(result.diagnostics).toMatchObject([{ severity: 'error', code: 'post-exists' }]);
    expect(result.diagnostics[0]!.message).toContain('already exists');
    expect(readFileSync(file, 'utf8')).toBe('mine');
  });

  it('refuses a slug another post already uses under a different file name', async () => {
    await newPost({ root, title: 'A Fresh Post' });
    const { renameSync } = await import('node:fs');
    renameSync(path.join(root, 'content', 'a-fresh-post.md'), path.join(root, 'content', '2024-01-01-a-fresh-post.md'));
    const result = await newPost({ root, title: 'A fresh post' });
    expect(result.diagnostics).toMatchObject([{ code: 'post-exists', file: 'content/2024-01-01-a-fresh-post.md' }]);
    expect(readdirSync(path.join(root, 'content'))).toEqual(['2024-01-01-a-fresh-post.md']);
  });

  it('refuses titles with nothing to make a file name from, or that would read back as a section marker', async () => {
    expect((await newPost({ root, title: '  ' })).diagnostics).toMatchObject([{ code: 'invalid-title' }]);
    expect((await newPost({ root, title: '???' })).diagnostics).toMatchObject([{ code: 'invalid-title' }]);
    const marker = await newPost({ root, title: '#tags' });
    expect(marker.value).toBeUndefined();
    expect(marker.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    expect(existsSync(path.join(root, 'content', 'tags.md'))).toBe(false);
  });

  it('honours another content folder', async () => {
    const result = await newPost({ root, contentDir: 'posts', title: 'Elsewhere' });
    expect(result.value?.file).toBe('posts/elsewhere.md');
    expect(existsSync(path.join(root, 'posts', 'elsewhere.md'))).toBe(true);
  });
});
