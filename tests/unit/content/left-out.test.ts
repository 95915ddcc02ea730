import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPosts } from '../../../src/content/index.js';

describe('posts left out for their errors', () => {
  it('are named by the slug each would have had', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'hashmark-left-out-'));
    const content = path.join(root, 'content');
    mkdirSync(path.join(content, 'My Trip'), { recursive: true });
    const post = (date: string, extra = ''): string => `#title\nT\n#date\n${date}\n${extra}#body\nx\n`;
    writeFileSync(path.join(content, '2024-01-01-good.md'), post('2024-01-01'));
    // A usable #slug wins over the file name.
    writeFileSync(path.join(content, '2024-01-02-named.md'), post('2024-02-30', '#slug\nChosen Slug\n'));
    // An unusable #slug (a path) falls back to the file name.
    writeFileSync(path.join(content, '2024-01-03-pathy.md'), post('2024-02-30', '#slug\na/b\n'));
    // A bundle is named by its folder.
    writeFileSync(path.join(content, 'My Trip', 'index.md'), post('2024-13-01'));
    // Not even parsed (no section marker), or not readable as UTF-8: the file name.
    writeFileSync(path.join(content, 'plain.md'), 'just text\n');
    writeFileSync(path.join(content, 'latin1.md'), Buffer.from([0x23, 0x74, 0x69, 0x74, 0x6c, 0x65, 0x0a, 0xe9, 0x0a]));
    const loaded = loadPosts({ root, contentDir: 'content' });
    expect(loaded.value.map((p) => p.slug)).toEqual(['good']);
    expect(loaded.leftOut).toEqual(['chosen-slug', 'latin1', 'my-trip', 'pathy', 'plain']);
  });
});
