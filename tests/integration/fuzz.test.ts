import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { createMemoryWriter, type Writer } from '../../src/output/index.js';
import { liveMarkup, tempProject } from '../hostile/support.js';

/**
 * Whole-pipeline properties over random post files: random section layouts, random bytes and random
 * Markdown built from a grammar of risky constructs. Builds run in memory (one thread, no cache).
 */

const now = new Date('2026-06-01T12:00:00Z');

const RISKY_MARKDOWN = [
  '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '[x](javascript:alert(1))', '![x](data:text/html,<script>)',
  '<svg/onload=alert(1)>', '<a href="jav&#x09;ascript:alert(1)">a</a>', '<iframe srcdoc="<script>">', '<style>*{}</style>',
  '> '.repeat(150), '- '.repeat(150), '1. '.repeat(50), '    indented code', '```js\nx\n', '```\n', '~~~nolang\ny\n~~~',
  '| a | b |\n| - | - |\n| 1 | 2 |', '[^1]', '[^1]: note', '# ', '######## h8', '## Heading {#id}', '<!--', '-->',
  '<details><summary>s</summary>', '</div>', '***', '___', '\\', '`', '[', ']', '(', ')', '<', '>', '&amp;', '&#0;',
  '\u0000', '\u202e', '\u200b', '\ufeff', '\r', '\r\n', '#title', '#body', '#date', '---', 'https://example.com/a_b_',
  '[ref]: /x "t"', '[ref]', '<http://a.b>', '<mailto:x@y>', '~~strike~~', '- [ ] task', '<kbd>k</kbd>', '<sup>1</sup>',
  '[link](/posts/nowhere/)', '[anchor](#missing)', '$$', '{{ x }}', '{% include "../../etc/passwd" %}',
];

const SECTION_NAMES = ['title', 'date', 'tags', 'featured', 'draft', 'slug', 'description', 'body', 'updated', 'tilte', 'Body', ''];
const VALUES = [
  'Hello', '', ' ', '<script>alert(1)</script>', '2024-02-05', '2024-02-30', '2024-13-01', '2023-02-29', '2024-02-05T09:30:00+01:00',
  '9999-12-31', '0000-01-01', 'yesterday', '["a", "b"]', '["../../x"]', '[]', '[1]', '{"a":1}', '"str"', 'true', 'false', 'yes',
  '../../x', '..', '.', '/etc/passwd', 'index', '404.html', 'feed.xml', 'A'.repeat(300), '\u202eevil', 'null', '[["a"]]',
];

const markdown = fc
  .array(fc.oneof(fc.constantFrom(...RISKY_MARKDOWN), fc.string({ maxLength: 12 })), { maxLength: 25 })
  .chain((parts) => fc.array(fc.constantFrom(' ', '\n', '\n\n', ''), { minLength: parts.length, maxLength: parts.length }).map((seps) => parts.map((p, i) => p + seps[i]).join('')));

const sectioned = fc
  .array(fc.tuple(fc.constantFrom(...SECTION_NAMES), fc.oneof(fc.constantFrom(...VALUES), markdown)), { maxLength: 9 })
  .chain((sections) =>
    fc.boolean().map((complete) => {
      const all = complete ? [['title', 'T'], ['date', '2024-02-05'], ...sections, ['body', 'x']] : sections;
      return all.map(([name, value]) => `#${name}\n${value}\n`).join('');
    }),
  );

const frontMatter = fc
  .dictionary(fc.constantFrom('title', 'date', 'tags', 'draft', 'featured', 'slug', 'description', 'x'), fc.constantFrom(...VALUES), { maxKeys: 6 })
  .chain((fields) => markdown.map((body) => `---\n${Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join('\n')}\n---\n${body}`));

const bytes = fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b));

const fileName = fc.oneof(
  fc.constantFrom('2024-01-01-a.md', '2024-01-01-A.md', 'index.md', 'post.txt', '404.html.md', 'feed.xml.md', '2999-01-01-later.md', '..md', '\u202egnp.md'),
  fc.stringMatching(/^[a-zA-Z0-9 _.-]{1,20}$/).map((s) => `${s}.md`),
);

const postFile = fc.record({
  name: fileName,
  contents: fc.oneof(
    { weight: 4, arbitrary: sectioned.map((s) => Buffer.from(s)) },
    { weight: 2, arbitrary: frontMatter.map((s) => Buffer.from(s)) },
    { weight: 1, arbitrary: bytes },
  ),
});

/** Posts that pass validation but carry hostile titles, tags and bodies: these builds reach the writer. */
const HOSTILE_TEXT = ['<script>alert(1)</script>', '" onmouseover="x', '</title><svg onload=alert(1)>', ']]>', '\u202eevil', 'a & b', "'", '../../x', 'feed.xml', '%2e%2e'];
const validSite = fc
  .array(
    fc.record({
      title: fc.constantFrom(...HOSTILE_TEXT),
      tags: fc.uniqueArray(fc.constantFrom(...HOSTILE_TEXT.filter((t) => /[a-z0-9]/i.test(t))), { maxLength: 3 }),
      body: markdown,
    }),
    { minLength: 1, maxLength: 3 },
  )
  .map((posts) =>
    posts.map((p, i) => ({
      name: `2024-01-0${i + 1}-post-${i}.md`,
      contents: Buffer.from(`#title\n${p.title}\n#date\n2024-01-0${i + 1}\n#tags\n${JSON.stringify(p.tags)}\n#body\n${p.body}\n`),
    })),
  );

function isSafeRelativePath(file: string): boolean {
  return file !== '' && !file.startsWith('/') && !file.includes('\\') && !file.includes('\u0000')
    && file.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..');
}

describe('whole-pipeline properties over random post files', () => {
  let root: string;
  let dir: string;
  beforeAll(() => {
    ({ dir, root } = tempProject('hashmark-fuzz-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('never throws, writes only safe relative paths, names a file in every diagnostic and never emits live markup', async () => {
    let run = 0;
    let built = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.array(postFile, { minLength: 1, maxLength: 4 }), validSite), async (files) => {
        const contentDir = path.join(dir, `content-${run++}`);
        mkdirSync(contentDir);
        for (const f of files) writeFileSync(path.join(contentDir, f.name), f.contents);
        const memory = createMemoryWriter();
        const written: string[] = [];
        const writer: Writer = {
          write: async (file) => {
            written.push(file.file);
            await memory.write(file);
          },
          copy: async (file, from) => {
            written.push(file);
            await memory.copy(file, from);
          },
          commit: () => memory.commit(),
          abort: () => memory.abort(),
        };
        try {
          const result = await build({ root, contentDir, writer, cacheDir: null, jobs: 1, now });
          for (const file of written) expect(isSafeRelativePath(file), file).toBe(true);
          for (const d of result.diagnostics) {
            expect(typeof d.file === 'string' && d.file.length > 0, JSON.stringify(d)).toBe(true);
            expect(d.message.length).toBeGreaterThan(0);
          }
          if (result.ok) {
            built++;
            for (const [file, body] of memory.files) {
              if (file.endsWith('.html')) expect(liveMarkup(Buffer.from(body).toString('utf8'), file)).toEqual([]);
            }
          }
        } finally {
          rmSync(contentDir, { recursive: true, force: true });
        }
      }),
      { numRuns: 50, seed: 20240205, endOnFailure: true },
    );
    // Complete posts make up part of the runs, so whole sites were written, not only diagnostics.
    expect(built).toBeGreaterThan(5);
  }, 120_000);
});
