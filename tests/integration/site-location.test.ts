import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics.js';
import { copyFixtureSite, readText, repoRoot } from '../support/tree.js';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** The basic fixture site with its settings replaced by `config` (none at all when undefined). */
function site(config: string | undefined): string {
  const root = copyFixtureSite('basic');
  roots.push(root);
  const file = path.join(root, 'site.config.ts');
  if (config === undefined) rmSync(file);
  else writeFileSync(file, config);
  return root;
}

function hashmark(root: string, args: string[]) {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin/hashmark.js'), ...args, '--root', root, '--format', 'json', ...(args[0] === 'build' ? ['--jobs', '1'] : [])], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', HASHMARK_DEBUG: '' },
  });
  // The basic fixture's first post holds a <script> on purpose: its removed-html warning is not what these tests are about.
  const diagnostics = r.status === 2 ? [] : (JSON.parse(r.stdout) as Diagnostic[]).filter((d) => d.code !== 'removed-html');
  return { code: r.status, diagnostics, stderr: r.stderr };
}

const settings = (lines: string[]): string => `export default {\n${lines.map((l) => `  ${l},\n`).join('')}};\n`;

describe('a site url with a path', () => {
  it('is one config-invalid error on the line of url, not a broken link per page', () => {
    const root = site(settings(["title: 'Blog'", "url: 'https://example.com/blog/'", 'postsPerPage: 2']));
    const r = hashmark(root, ['build']);
    expect(r.code).toBe(1);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', code: 'config-invalid', file: 'site.config.ts', line: 3 }),
    ]);
    expect(r.diagnostics[0]?.hint).toBe("Write url: 'https://example.com' and move the path to basePath: '/blog/'.");
  });

  it('is a usage error naming --site-url and --base when it comes from the command line', () => {
    const r = hashmark(site(settings(["url: 'https://example.com'"])), ['build', '--site-url', 'https://example.com/blog/']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--site-url "https://example.com/blog/" has a path');
    expect(r.stderr).toContain('Pass --site-url https://example.com --base /blog/.');
  });
});

describe('--base', () => {
  it('takes /blog as /blog/: every generated link is under it and the build is clean', () => {
    const root = site(settings(["url: 'https://example.com'", 'postsPerPage: 2']));
    const r = hashmark(root, ['build', '--base', '/blog']);
    expect(r.diagnostics).toEqual([]);
    expect(r.code).toBe(0);
    const home = readText(path.join(root, 'dist'), 'index.html');
    expect(home).toContain('href="/blog/posts/second/"');
    expect(readFileSync(path.join(root, 'dist', 'sitemap.xml'), 'utf8')).toContain('<loc>https://example.com/blog/posts/second/</loc>');
  });

  it('refuses a query as a usage error, blaming the flag and not site.config.ts', () => {
    const r = hashmark(site(settings(["url: 'https://example.com'"])), ['build', '--base', '/blog?x=1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^hashmark: --base "\/blog\?x=1" contains "\?"/);
    expect(r.stderr).toContain('--base /blog/.');
    expect(r.stderr).not.toContain('site.config.ts');
  });
});

describe('a build without a site url', () => {
  it('warns once, naming url and --site-url, and still exits 0', () => {
    const root = site(settings(["title: 'Blog'"]));
    const r = hashmark(root, ['build']);
    expect(r.code).toBe(0);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'default-site-url', file: 'site.config.ts' }),
    ]);
    expect(r.diagnostics[0]?.message).toContain('"url" is not set in site.config.ts');
    expect(r.diagnostics[0]?.hint).toContain('--site-url');
    expect(readFileSync(path.join(root, 'dist', 'sitemap.xml'), 'utf8')).toContain('http://localhost:4321/');
    // A build that reuses the last one's result reports the same warning.
    expect(hashmark(root, ['build']).diagnostics.map((d) => d.code)).toEqual(['default-site-url']);
  });

  it('warns with no config file at all, and not once --site-url is given', () => {
    const root = site(undefined);
    const bare = hashmark(root, ['build']);
    expect(bare.diagnostics.map((d) => d.code)).toEqual(['default-site-url']);
    expect(bare.diagnostics[0]?.message).toContain('There is no site.config.ts');
    const given = hashmark(root, ['build', '--site-url', 'https://example.com']);
    expect(given.diagnostics).toEqual([]);
    expect(given.code).toBe(0);
  });

  it('does not warn in check, which writes nothing to publish', () => {
    const r = hashmark(site(undefined), ['check']);
    expect(r.diagnostics).toEqual([]);
    expect(r.code).toBe(0);
  });
});
