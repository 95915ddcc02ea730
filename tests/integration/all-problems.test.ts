import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, type BuildOptions } from '../../src/build.js';
import type { Diagnostic } from '../../src/diagnostics.js';
import { createMemoryWriter } from '../../src/output/index.js';
import { copyFixtureSite, hashTree } from '../support/tree.js';

/** Sorted codes, less the removed-html warning of the basic fixture's deliberate <script>, which these tests are not about. */
function codesOf(diagnostics: ReadonlyArray<{ code: string }>): string[] {
  return diagnostics.map((d) => d.code).filter((code) => code !== 'removed-html').sort();
}

const now = new Date('2026-06-01T12:00:00Z');

function options(root: string, extra: Partial<BuildOptions> = {}): BuildOptions {
  return { root, outDir: path.join(root, 'dist'), cacheDir: path.join(root, '.cache'), now, jobs: 1, ...extra };
}

/** What `check` runs: the same build into memory. */
const check = (root: string, extra: Partial<BuildOptions> = {}) => build(options(root, { writer: createMemoryWriter(), ...extra }));

const shown = (diagnostics: readonly Diagnostic[]): string[] =>
  diagnostics.map((d) => `${d.severity} ${d.code} ${d.file}:${d.line ?? ''}:${d.column ?? ''} ${d.message}`).sort();

/** The basic fixture plus three posts, each with one kind of problem, and one link into the bad post. */
function siteWithThreeProblems(): { root: string; badDate: string } {
  const root = copyFixtureSite('basic');
  const badDate = path.join(root, 'content/2024-04-01-bad-date.md');
  writeFileSync(badDate, '#title\nBad date\n#date\n2024-02-30\n#slug\nmoved-here\n#body\n## Some heading\n\nText.\n');
  writeFileSync(
    path.join(root, 'content/2024-04-02-linker.md'),
    [
      '#title', 'Linker', '#date', '2024-04-02', '#body',
      'Intro.', '',
      'A [missing page](/posts/nowhere/).', '',
      'The [bad post](/posts/moved-here/), [its heading](/posts/moved-here/#some-heading) and [relative](../moved-here/).', '',
    ].join('\n'),
  );
  writeFileSync(path.join(root, 'content/2024-04-03-code.md'), '#title\nCode\n#date\n2024-04-03\n#body\nSome code:\n\n```nosuchlang\nx = 1\n```\n');
  return { root, badDate };
}

describe('one run reports every problem of a build', () => {
  it('reports a bad date, a broken link and an unknown language together, and fixing the date removes only that one', async () => {
    const { root, badDate } = siteWithThreeProblems();
    const first = await check(root);
    expect(first.ok).toBe(false);
    const codes = first.diagnostics.map((d) => `${d.code} ${d.file}:${d.line}`);
    expect(codes).toContain('invalid-date content/2024-04-01-bad-date.md:4');
    expect(codes).toContain('broken-link content/2024-04-02-linker.md:8');
    expect(codes.filter((c) => c.startsWith('unknown-language content/2024-04-03-code.md:'))).toHaveLength(1);
    // Links to the post left out for its date (its #slug, a heading on it, a relative form) are not broken.
    expect(first.diagnostics.filter((d) => d.code === 'broken-link')).toHaveLength(1);

    writeFileSync(badDate, readFileSync(badDate, 'utf8').replace('2024-02-30', '2024-02-29'));
    const fixed = await check(root);
    const expected = shown(first.diagnostics.filter((d) => d.code !== 'invalid-date'));
    expect(shown(fixed.diagnostics)).toEqual(expected);
    // Built to disk, cold and then warm (stored link verdicts reused), the same problems again.
    const cold = await build(options(root));
    expect(shown(cold.diagnostics)).toEqual(expected);
    const warm = await build(options(root));
    expect(shown(warm.diagnostics)).toEqual(expected);
  });

  it('reports the same set from check and build, cold and warm, and writes nothing', async () => {
    const { root } = siteWithThreeProblems();
    const checked = await check(root, { cacheDir: null });
    const cold = await build(options(root));
    expect(cold.ok).toBe(false);
    expect(hashTree(root)['dist/index.html']).toBeUndefined();
    const warm = await build(options(root));
    const checkedWarm = await check(root);
    expect(shown(cold.diagnostics)).toEqual(shown(checked.diagnostics));
    expect(shown(warm.diagnostics)).toEqual(shown(checked.diagnostics));
    expect(shown(checkedWarm.diagnostics)).toEqual(shown(checked.diagnostics));
  });

  it('leaves the previous output untouched when a build with a bad post still checks the rest', async () => {
    const root = copyFixtureSite('basic');
    expect((await build(options(root))).ok).toBe(true);
    const before = hashTree(path.join(root, 'dist'));
    writeFileSync(path.join(root, 'content/2024-04-01-bad.md'), '#title\nBad\n#date\n2024-02-30\n#body\nA [dead link](/posts/gone/).\n');
    writeFileSync(path.join(root, 'content/2024-04-02-ok.md'), '#title\nOk\n#date\n2024-04-02\n#body\nA [dead link](/posts/gone-too/).\n');
    const failed = await build(options(root));
    expect(codesOf(failed.diagnostics)).toEqual(['broken-link', 'invalid-date']);
    expect(failed.diagnostics.find((d) => d.code === 'broken-link')?.message).toContain('/posts/gone-too/');
    expect(hashTree(path.join(root, 'dist'))).toEqual(before);
  });

  it('still renders and checks every page when the output folder cannot be used', async () => {
    const root = copyFixtureSite('basic');
    mkdirSync(path.join(root, 'elsewhere'));
    symlinkSync(path.join(root, 'elsewhere'), path.join(root, 'dist'));
    writeFileSync(path.join(root, 'content/2024-04-02-ok.md'), '#title\nOk\n#date\n2024-04-02\n#body\nA [dead link](/posts/gone/).\n');
    const result = await build(options(root));
    expect(result.ok).toBe(false);
    expect(codesOf(result.diagnostics)).toEqual(['broken-link', 'write-failed']);
    expect(hashTree(path.join(root, 'elsewhere'))).toEqual({});
  });

  it('counts a left-out bundle post, its assets and its ids as present', async () => {
    const root = copyFixtureSite('basic');
    const index = path.join(root, 'content/bundle-post/index.md');
    writeFileSync(index, readFileSync(index, 'utf8').replace(/^(#date\n)\S+/m, '$12023-13-01'));
    writeFileSync(
      path.join(root, 'content/2024-04-02-ok.md'),
      '#title\nOk\n#date\n2024-04-02\n#body\n![chart](/posts/bundle-post/chart.svg) and [the post](/posts/bundle-post/).\n',
    );
    const result = await check(root);
    // The second post links to /posts/bundle-post/#the-chart: not reported either.
    expect(result.diagnostics.filter((d) => d.code !== 'removed-html').map((d) => `${d.code} ${d.file}`)).toEqual(['invalid-date content/bundle-post/index.md']);
  });

  it('names a file left out for a parse error by its file name, and still checks the other posts', async () => {
    const root = copyFixtureSite('basic');
    writeFileSync(path.join(root, 'content/2024-04-01-unreadable.md'), 'no markers here\n');
    writeFileSync(path.join(root, 'content/2024-04-02-ok.md'), '#title\nOk\n#date\n2024-04-02\n#body\n[x](/posts/unreadable/) [y](/posts/absent/)\n');
    const result = await check(root);
    expect(codesOf(result.diagnostics)).toEqual(['broken-link', 'text-before-section']);
    expect(result.diagnostics.find((d) => d.code === 'broken-link')?.message).toContain('/posts/absent/');
  });
});
