import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempProjects, repoRoot, runBuild, snapshot, tempProject } from './support.js';

// The temp projects go when the file is done.
afterAll(removeTempProjects);

/** What a build may read and write, and what it never does with content. */

const PASSWD_LINE = /root:x?:0:0:/;

describe('security', () => {
  // The lint config (eslint.config.js) forbids every way src/ could evaluate a string as code; its two
  // exceptions, heap-growth.ts borrowing V8's gc with vm.runInNewContext('gc') and markdown/code-cache.ts
  // compiling Hashmark's own renderer bundle with a code cache, are inline disables there.
  it('has no eval, new Function or node:vm evaluation anywhere in src/ (the lint rules)', async () => {
    const rules = ['no-eval', 'no-new-func', 'no-implied-eval', 'no-restricted-properties', 'no-restricted-imports'];
    const eslint = new ESLint({ cwd: repoRoot, ruleFilter: ({ ruleId }) => rules.includes(ruleId) });
    const config = (await eslint.calculateConfigForFile(path.join(repoRoot, 'src/build.ts'))) as { rules: Record<string, unknown[]> };
    for (const rule of rules) expect(config.rules[rule]?.[0], rule).toBe(2);
    const results = await eslint.lintFiles(['src']);
    expect(results.length).toBeGreaterThan(20);
    const hits = results.flatMap((r) => r.messages.map((m) => `${path.relative(repoRoot, r.filePath)}:${m.line} ${m.ruleId}: ${m.message}`));
    expect(hits).toEqual([]);
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
