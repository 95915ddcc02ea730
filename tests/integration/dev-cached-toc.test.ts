import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { DevSession, type DevResponse } from '../../src/dev/index.js';

// Dev with a warm cache takes a cached post's table of contents from its render cache entry only
// when its page is shown (src/markdown/lazy-toc.ts): the page must show the build's.

const roots: string[] = [];
const sessions: DevSession[] = [];
afterAll(async () => {
  for (const session of sessions) await session.close();
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

function html(response: DevResponse): string {
  if (response.kind !== 'page') throw new Error(`expected a page, got ${response.kind}`);
  return response.html;
}

function tocOf(page: string): string {
  return /<nav class="toc"[\s\S]*?<\/nav>/.exec(page)?.[0] ?? '';
}

describe('dev with a warm render cache', () => {
  it('shows a cached post with the table of contents a build gives it', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'hashmark-dev-toc-'));
    roots.push(root);
    mkdirSync(path.join(root, 'content'));
    for (const n of [1, 2, 3]) {
      const headings = ['Background', 'The design', `Trade-offs ${n}`, 'What we learned'].map((h) => `## ${h}\n\nText about ${h.toLowerCase()}.\n`).join('\n');
      writeFileSync(path.join(root, `content/post-${n}.md`), `#title\nHeadings ${n}\n#date\n2024-04-0${n}\n#tags\n["Design"]\n#body\nIntro ${n}.\n\n${headings}`);
    }
    const cacheDir = path.join(root, '.cache');
    const built = await build({ root, cacheDir, jobs: 1, now: new Date('2026-06-01T12:00:00Z') });
    expect(built.ok).toBe(true);
    const expected = tocOf(readFileSync(path.join(root, 'dist/posts/post-2/index.html'), 'utf8'));
    expect(expected).toContain('href="#trade-offs-2"');

    const session = new DevSession({ root, cacheDir, jobs: 2 });
    sessions.push(session);
    await session.load();
    await session.filled();
    expect(tocOf(html(await session.respond('/posts/post-2/')))).toBe(expected);
    // An edit renders the post afresh in dev: its new heading is in the table of contents.
    writeFileSync(path.join(root, 'content/post-2.md'), readFileSync(path.join(root, 'content/post-2.md'), 'utf8') + '\n## A new heading\n\nMore.\n');
    await session.applyChanges([path.join(root, 'content/post-2.md')]);
    expect(tocOf(html(await session.respond('/posts/post-2/')))).toContain('href="#a-new-heading"');
    expect(tocOf(html(await session.respond('/posts/post-3/')))).toContain('href="#trade-offs-3"');
  });
});
