import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevSession, type DevResponse } from '../../src/dev/index.js';

// Enough posts, each long enough, that the background rendering is still filling when the edit lands.
const POSTS = 160;
let root: string;
let session: DevSession;

function postText(i: number, extra = '', head: { title?: string; tag?: string } = {}): string {
  const paragraphs = Array.from({ length: 20 }, (_, n) => `Paragraph ${n} of post ${i}, with **bold** words, \`code\` and a [link](https://example.com/${i}/${n}).`);
  return [`#title\n${head.title ?? `Post ${i}`}\n#date\n2024-01-${String(1 + (i % 28)).padStart(2, '0')}\n#tags\n["${head.tag ?? `Tag${i % 7}`}"]\n#body\n`, ...paragraphs, '```js\nconst answer = 42;\n```', extra].join('\n\n');
}

function html(response: DevResponse): string {
  if (response.kind !== 'page') throw new Error(`expected a page, got ${response.kind}`);
  return response.html;
}

/** The `<img>` tag of /pic.svg on a page. */
function picture(page: string): string {
  return /<img[^>]*\/pic\.svg[^>]*>/.exec(page)?.[0] ?? '';
}

/** Nice values of this process's threads other than the main one (Linux keeps one per thread). */
function workerNiceValues(): number[] {
  const values: number[] = [];
  for (const task of readdirSync('/proc/self/task')) {
    if (Number(task) === process.pid) continue;
    try {
      // Field 19 of stat, counted after the command name (which may hold spaces) ends with ')'.
      const fields = readFileSync(`/proc/self/task/${task}/stat`, 'utf8').split(') ')[1]!.split(' ');
      values.push(Number(fields[16]));
    } catch {
      // The thread ended meanwhile.
    }
  }
  return values;
}

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'hashmark-dev-edit-'));
  mkdirSync(path.join(root, 'content'));
  for (let i = 0; i < POSTS; i++) writeFileSync(path.join(root, 'content', `post-${i}.md`), postText(i, i === 150 ? '![A picture](/pic.svg)' : ''));
  mkdirSync(path.join(root, 'public'));
  writeFileSync(path.join(root, 'public', 'pic.svg'), '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 150"><rect width="300" height="150"/></svg>\n');
  session = new DevSession({ root, cacheDir: null, jobs: 2 });
  await session.load();
});

afterAll(async () => {
  await session?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('hashmark dev edits while the background rendering fills the other bodies', () => {
  it('serves an edit at once, rendered in this thread, while the workers are still rendering', async () => {
    let filled = false;
    const filling = session.filled().then(() => (filled = true));
    // The first page answered starts the background rendering.
    expect(html(await session.respond('/posts/post-7/'))).toContain('Paragraph 3 of post 7');
    const file = path.join(root, 'content', 'post-100.md');
    writeFileSync(file, postText(100, 'A sentence added while the site fills.'));
    const outcome = await session.applyChanges([file]);
    expect(outcome.kinds).toEqual(['post']);
    expect(html(await session.respond('/posts/post-100/'))).toContain('A sentence added while the site fills.');
    // The edit did not wait for the background rendering to end.
    expect(filled).toBe(false);
    expect(session.progress().rendered).toBeLessThan(POSTS);
    await filling;
    expect(session.progress()).toEqual({ rendered: POSTS, total: POSTS });
    // The background result for the edited post (read before the edit) did not replace the edit.
    expect(html(await session.respond('/posts/post-100/'))).toContain('A sentence added while the site fills.');
  });

  it('renders in the background on workers at the lowest priority, leaving this thread and the process as they were', async () => {
    const file = path.join(root, 'content', 'post-3.md');
    writeFileSync(file, postText(3, 'Reloaded to fill again.'));
    // A config change loads everything again, and with it a new background rendering; one the
    // Markdown depends on misses the render cache for every post, so the workers are seen at work.
    const config = path.join(root, 'site.config.ts');
    writeFileSync(config, `export default { title: 'Edits', wordsPerMinute: 201 };\n`);
    await session.applyChanges([config]);
    await session.respond('/posts/post-3/');
    let seen: number[] = [];
    const deadline = Date.now() + 20_000;
    while (session.progress().rendered < POSTS && Date.now() < deadline) {
      seen = [...seen, ...workerNiceValues()];
      if (seen.includes(19)) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // Linux lowers a single thread's priority; elsewhere that would lower the whole process, so it is left alone.
    expect(seen.includes(19)).toBe(process.platform === 'linux');
    expect(os.getPriority()).toBe(0);
    await session.filled();
    expect(html(await session.respond('/posts/post-3/'))).toContain('Reloaded to fill again.');
  });

  it('gives the images stage the posts with images rendered in the background, and edits that add an image', async () => {
    await session.filled();
    // Never asked for before the background rendering rendered it: its image still gets its size.
    expect(picture(html(await session.respond('/posts/post-150/')))).toContain('width="300"');
    const file = path.join(root, 'content', 'post-20.md');
    writeFileSync(file, postText(20, 'Now with a picture: ![Added](/pic.svg)'));
    await session.applyChanges([file]);
    expect(picture(html(await session.respond('/posts/post-20/')))).toContain('width="300"');
    // And an edit of a post without images leaves the others' images as they were.
    const plain = path.join(root, 'content', 'post-21.md');
    writeFileSync(plain, postText(21, 'Still no picture.'));
    await session.applyChanges([plain]);
    expect(html(await session.respond('/posts/post-21/'))).toContain('Still no picture.');
    expect(picture(html(await session.respond('/posts/post-20/')))).toContain('width="300"');
  });

  it('plans again after a title or tags edit: related posts show the new title, and follow the new tags', async () => {
    const related = async (): Promise<string> => /<section class="related"[\s\S]*?<\/section>/.exec(html(await session.respond('/posts/post-7/')))?.[0] ?? '';
    const first = /href="\/posts\/post-(\d+)\/"/.exec(await related());
    expect(first).not.toBeNull();
    const n = Number(first![1]);
    const file = path.join(root, 'content', `post-${n}.md`);
    writeFileSync(file, postText(n, '', { title: `Retitled ${n}` }));
    await session.applyChanges([file]);
    expect(await related()).toContain(`Retitled ${n}`);
    // A tag no other post has: it is nobody's related post any more.
    writeFileSync(file, postText(n, '', { title: `Retitled ${n}`, tag: 'Lonely' }));
    await session.applyChanges([file]);
    expect(await related()).not.toContain(`/posts/post-${n}/`);
    expect(html(await session.respond(`/posts/post-${n}/`))).not.toContain('class="related"');
  });

  it('builds the search index again after edits only once asked for it or once the saves stop', async () => {
    await session.search.settled();
    const before = session.search.builds;
    const file = path.join(root, 'content', 'post-5.md');
    writeFileSync(file, postText(5, 'A word for search.'));
    await session.applyChanges([file]);
    // A request for the index does not wait for the quiet time: it gets the index of the edited site.
    expect(await session.search.file('pagefind/pagefind-entry.json')).toBeDefined();
    expect(session.search.builds).toBe(before + 1);
  });
});
