import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempProjects, repoRoot, runBuild, snapshot, tempProject } from './support.js';

// The temp projects go when the file is done.
afterAll(removeTempProjects);

/** What a build may read and write, and what it never does with content. */

const PASSWD_LINE = /root:x?:0:0:/;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const abs = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(abs));
    else if (/\.(ts|mts|js|mjs)$/.test(entry.name)) out.push(abs);
  }
  return out;
}

describe('security', () => {
  it('has no eval or new Function anywhere in src/', () => {
    const files = sourceFiles(path.join(repoRoot, 'src'));
    expect(files.length).toBeGreaterThan(20);
    const hits = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, where: `${path.relative(repoRoot, file)}:${i + 1}` }))
        // One exception, a constant: heap-growth.ts borrows V8's `gc` function from a fresh context.
        .filter(({ line }) => /(^|[^\w.])eval\s*\(|new\s+Function\s*\(|\bvm\.(runIn|compileFunction|Script)/.test(line.replace(/\/\/.*$/, '').replace("vm.runInNewContext('gc')", ''))),
    );
    expect(hits.map((h) => `${h.where}: ${h.line.trim()}`)).toEqual([]);
  });

  it('refuses template includes, renders and layouts that climb out of templates/, without leaking the file', async () => {
    const { dir, root } = tempProject('hashmark-templates-');
    cpSync(path.join(repoRoot, 'templates'), path.join(root, 'templates'), { recursive: true });
    writeFileSync(path.join(root, 'site.config.ts'), `${readFileSync(path.join(root, 'site.config.ts'), 'utf8')}// CONFIG-SECRET-91c\n`);
    const inject = (name: string, tag: string): void => {
      const file = path.join(root, 'templates', name);
      const text = readFileSync(file, 'utf8');
      expect(text).toContain('{% block main -%}');
      writeFileSync(file, text.replace('{% block main -%}', `{% block main -%}${tag}`));
    };
    inject('404.liquid', `{% include '../../../../../../../../etc/passwd' %}`);
    inject('archive.liquid', `{% render '/etc/passwd' %}`);
    inject('tags.liquid', `{% include '../site.config.ts' %}`);
    const content = path.join(dir, 'content');
    mkdirSync(content);
    writeFileSync(path.join(content, '2024-01-01-a.md'), '#title\nA\n#date\n2024-01-01\n#body\nText.\n');
    const out = path.join(dir, 'out');
    const run = await runBuild(['--root', root, '--content', content, '--out', out, '--cache-dir', path.join(dir, 'cache')]);
    expect(run.code, run.stdout + run.stderr).toBe(1);
    for (const name of ['404.liquid', 'archive.liquid', 'tags.liquid']) {
      expect(run.stdout, name).toMatch(new RegExp(`templates/${name.replace('.', '\\.')}\\S* error template-error`));
    }
    expect(run.stdout + run.stderr).not.toMatch(PASSWD_LINE);
    expect(run.stdout + run.stderr).not.toContain('CONFIG-SECRET-91c');
    expect(run.stdout + run.stderr).not.toMatch(/^\s+at /m);
    expect(snapshot(out)).toEqual({});
  }, 60_000);
});
