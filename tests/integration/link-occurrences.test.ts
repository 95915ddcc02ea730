import { spawnSync } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, type BuildOptions } from '../../src/build.js';
import type { Diagnostic } from '../../src/diagnostics.js';
import { copyFixtureSite, repoRoot } from '../support/tree.js';

const now = new Date('2026-06-01T12:00:00Z');

function options(root: string): BuildOptions {
  return { root, outDir: path.join(root, 'dist'), cacheDir: path.join(root, '.cache'), now, jobs: 1 };
}

function check(root: string, format: string) {
  return spawnSync(process.execPath, [path.join(repoRoot, 'bin/hashmark.js'), 'check', '--root', root, '--format', format], { encoding: 'utf8' });
}

const places = (diagnostics: readonly Diagnostic[]): string[] =>
  diagnostics.filter((d) => d.code === 'broken-link').map((d) => `${d.file}:${d.line}:${d.column} ${d.message.split(' on ')[0]}`);

const POST = 'content/2024-04-02-people.md';
const EXPECTED = [
  `${POST}:6:19 Broken link to "github.com/epage"`,
  `${POST}:8:16 Broken link to "github.com/epage"`,
  `${POST}:8:50 Broken link to "github.com/epage"`,
  `${POST}:15:17 Broken link to "github.com/epage"`,
  `${POST}:10:19 Broken link to "#missing-id"`,
  `${POST}:15:44 Broken link to "#missing-id"`,
];

function siteWithRepeatedLinks(): string {
  const root = copyFixtureSite('basic');
  writeFileSync(
    path.join(root, POST),
    [
      '#title', 'People', '#date', '2024-04-02', '#body',
      'Thanks to [epage](github.com/epage) for the review.', // 6
      '',
      'Again: [epage](github.com/epage), or rather [Ed](github.com/epage).', // 8
      '',
      'See [the section](#missing-id).', // 10
      '',
      '```md', '[epage](github.com/epage) in a code sample is no link.', '```', // 12-14
      'Finally [epage](github.com/epage) and [up](#missing-id).', // 15
      '',
    ].join('\n'),
  );
  return root;
}

describe('every occurrence of a broken link', () => {
  it('is its own diagnostic at its own line and column, in a build and a warm build', async () => {
    const root = siteWithRepeatedLinks();
    const first = await build(options(root));
    expect(places(first.diagnostics)).toEqual(EXPECTED);
    // Another post changes: the people post keeps its stored verdict, and every occurrence is still named.
    appendFileSync(path.join(root, 'content/2024-01-10-first.md'), '\nOne more line.\n');
    const warm = await build(options(root));
    expect(places(warm.diagnostics)).toEqual(EXPECTED);
    const unchanged = await build(options(root));
    expect(places(unchanged.diagnostics)).toEqual(EXPECTED);
  });

  it('is named with its line in text, github and json output', () => {
    const root = siteWithRepeatedLinks();
    const json = check(root, 'json');
    expect(json.status).toBe(1);
    expect(places(JSON.parse(json.stdout) as Diagnostic[])).toEqual(EXPECTED);

    const github = check(root, 'github');
    const annotations = github.stdout.split('\n').filter((l) => l.includes('title=broken-link'));
    expect(annotations.map((l) => /line=(\d+),col=(\d+)/.exec(l)?.slice(1).join(':'))).toEqual(['6:19', '8:16', '8:50', '15:17', '10:19', '15:44']);

    const text = check(root, 'text');
    for (const place of EXPECTED.map((e) => e.split(' ')[0]!)) expect(text.stdout).toContain(`${place} error broken-link`);
  });
});
