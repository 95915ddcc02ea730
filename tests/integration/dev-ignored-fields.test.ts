import { appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DevSession } from '../../src/dev/session.js';

describe('dev, on a blog moved from another generator', () => {
  it('names a key every post carries once, before and after an edit', async () => {
    const root = path.join(mkdtempSync(path.join(os.tmpdir(), 'hashmark-dev-ignored-')), 'site');
    mkdirSync(path.join(root, 'content'), { recursive: true });
    writeFileSync(path.join(root, 'site.config.ts'), `export default { title: 'T', url: 'https://t.example' };\n`);
    for (const name of ['a', 'b', 'c']) {
      writeFileSync(path.join(root, 'content', `${name}.md`), `---\ntitle: ${name}\ndate: 2024-01-0${name.charCodeAt(0) - 96}\nlayout: post\n---\nText.\n`);
    }
    const session = new DevSession({ root, cacheDir: null, jobs: 1, now: () => new Date('2026-06-01T12:00:00Z') });
    const ignored = (list: ReadonlyArray<{ code: string; file: string; message: string }>) =>
      list.filter((d) => d.code === 'ignored-field').map((d) => [d.file, d.message]);
    expect(ignored(await session.load())).toEqual([['content/a.md', '`layout` (here and in 2 more posts) is not used by Hashmark; it is ignored.']]);
    const edited = path.join(root, 'content', 'b.md');
    appendFileSync(edited, '\nMore text.\n');
    const outcome = await session.applyChanges([edited]);
    expect(ignored(outcome.diagnostics)).toEqual([['content/a.md', '`layout` (here and in 2 more posts) is not used by Hashmark; it is ignored.']]);
  }, 60_000);
});
