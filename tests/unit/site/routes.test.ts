import { describe, expect, it } from 'vitest';
import { planSite, RouteTable, unsafePathReason } from '../../../src/site/index.js';
import { config, post, publishedOnly } from './posts.js';

describe('route table', () => {
  it('accepts plain relative paths', () => {
    for (const ok of ['index.html', 'posts/a/index.html', 'tags/東京/feed.xml', 'posts/a/.well-known']) {
      expect(unsafePathReason(ok)).toBeUndefined();
    }
  });

  it('rejects paths that could leave the output folder or are malformed', () => {
    for (const bad of ['', '/etc/passwd', '../x', 'a/../../x', 'a/./b', 'a//b', 'a/', 'a\\b', 'a\0b', 'C:/x', 'a/\nb']) {
      expect(unsafePathReason(bad), JSON.stringify(bad)).toBeDefined();
    }
  });

  it('judges plain-looking paths by their segments: dots alone are refused, dots within a name are not', () => {
    for (const ok of ['.well-known/x', 'a/..b', 'a/b..', 'a/...', 'a.b/c~d-e_f', 'x/.htaccess']) {
      expect(unsafePathReason(ok), ok).toBeUndefined();
    }
    for (const bad of ['.', '..', './a', 'a/.', 'a/..', 'a/./b', 'a/../b', '/a', 'a/', 'a//b', 'C:', 'a\u007fb']) {
      expect(unsafePathReason(bad), JSON.stringify(bad)).toBeDefined();
    }
  });

  it('reports a second claim on a path as a conflict naming both origins', () => {
    const routes = new RouteTable();
    expect(routes.claim('posts/a/index.html', 'content/a.md')).toBe(true);
    expect(routes.claim('posts/a/index.html', 'content/other/a.md')).toBe(false);
    expect(routes.diagnostics).toHaveLength(1);
    const [d] = routes.diagnostics;
    expect(d).toMatchObject({ severity: 'error', code: 'route-conflict', file: 'content/other/a.md' });
    expect(d!.message).toContain('content/a.md');
    expect(d!.message).toContain('content/other/a.md');
    expect(d!.message).toContain('posts/a/index.html');
  });

  it('reports a file claimed where another claim needs a folder, both ways round', () => {
    const routes = new RouteTable();
    routes.claim('a/b/index.html', 'first');
    expect(routes.claim('a/b', 'second')).toBe(false);
    expect(routes.claim('x', 'third')).toBe(true);
    expect(routes.claim('x/y/z', 'fourth')).toBe(false);
    expect(routes.diagnostics.map((d) => d.message)).toEqual([
      'second and first both claim the output path "a/b".',
      'fourth and third both claim the output path "x".',
    ]);
  });
});

describe('routes in the plan', () => {
  it('reports two posts with one slug, naming both sources, and keeps the first', () => {
    const { value, diagnostics } = planSite(
      [post('same', '2024-01-02', { source: 'content/one.md' }), post('same', '2024-01-01', { source: 'content/two.md' })],
      config(),
      publishedOnly,
    );
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'route-conflict', file: 'content/two.md' });
    expect(diagnostics[0]!.message).toMatch(/content\/two\.md and content\/one\.md both claim the output path "posts\/same\/index\.html"/);
    expect(value.pages.filter((p) => p.file === 'posts/same/index.html').map((p) => p.origin)).toEqual(['content/one.md']);
  });

  it('reports a bundle asset that would overwrite its post page', () => {
    const { value, diagnostics } = planSite(
      [post('b', '2024-01-01', { source: 'content/b/index.md', assets: [{ relPath: 'index.html', absPath: '/c/b/index.html' }] })],
      config(),
      publishedOnly,
    );
    expect(diagnostics.map((d) => d.code)).toEqual(['route-conflict']);
    expect(value.assets).toEqual([]);
  });

  it('refuses a slug or asset path that would write outside the output folder', () => {
    const { value, diagnostics } = planSite(
      [
        post('..', '2024-01-02'),
        post('ok', '2024-01-01', { assets: [{ relPath: '../../../etc/passwd', absPath: '/x' }] }),
      ],
      config(),
      publishedOnly,
    );
    expect(diagnostics.map((d) => [d.code, d.file])).toEqual([
      ['unsafe-path', 'content/...md'],
      ['unsafe-path', 'content/ok.md'],
    ]);
    const written = [...value.pages.map((p) => p.file), ...value.files.map((f) => f.file), ...value.assets.map((a) => a.file)];
    for (const file of written) expect(unsafePathReason(file), file).toBeUndefined();
    expect(value.assets).toEqual([]);
  });

  it('refuses a tag slug that would climb out of tags/, and plans its posts anyway', () => {
    const { value, diagnostics } = planSite([post('a', '2024-01-01', { tags: [{ name: 'evil', slug: '..' }] })], config(), publishedOnly);
    expect(diagnostics.map((d) => [d.code, d.file])).toEqual([
      ['unsafe-path', 'content/a.md'],
      ['unsafe-path', 'content/a.md'],
    ]);
    expect(diagnostics[0]!.message).toContain('"tags/../index.html"');
    expect(value.pages.some((p) => p.file === 'posts/a/index.html')).toBe(true);
    expect(value.files.some((f) => f.file.includes('..'))).toBe(false);
  });
});
