import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics.js';
import { copyFixtureSite, repoRoot } from '../support/tree.js';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('a site using every Markdown feature', () => {
  it('builds with the plugin in workers, and the pages carry each feature', () => {
    const root = copyFixtureSite('markdown-features');
    roots.push(root);
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin/hashmark.js'), 'build', '--root', root, '--format', 'json', '--jobs', '2'], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', HASHMARK_DEBUG: '' },
    });
    expect(r.status).toBe(0);
    const diagnostics = JSON.parse(r.stdout) as Diagnostic[];
    expect(diagnostics.map((d) => [d.code, d.file, d.line])).toEqual([
      ['math-error', 'content/2024-05-01-everything.md', 13],
      ['removed-html', 'content/2024-05-01-everything.md', 27],
    ]);
    const page = readFileSync(path.join(root, 'dist/posts/everything/index.html'), 'utf8');
    expect(page).toContain('<a href="https://example.org/" rel="nofollow">outside link</a>');
    expect(page).toContain('<blockquote class="markdown-alert markdown-alert-tip">\n<p class="markdown-alert-title">Tip</p>');
    expect(page).toContain('<span class="katex">');
    expect(page).toMatch(/<link rel="stylesheet" href="\/assets\/math-[\w-]+\.css">/);
    expect(page).toContain('<span class="code-title">hello.py</span><span class="code-lang">py</span>');
    expect(page).toContain('<span class="code-line-highlight">');
    expect(page).toContain('<pre class="mermaid">graph TD\n  A --> B</pre>');
    expect(page).toContain('loading="lazy" sandbox="allow-scripts allow-same-origin allow-presentation allow-popups"');
    expect(page).not.toContain('tracker.example');

    // A page without math does not load KaTeX's stylesheet; the file is there for those that do.
    const plain = readFileSync(path.join(root, 'dist/posts/plain/index.html'), 'utf8');
    expect(plain).not.toContain('assets/math-');
    const css = /href="\/(assets\/math-[\w-]+\.css)"/.exec(page)![1]!;
    expect(readFileSync(path.join(root, 'dist', css), 'utf8')).toMatch(/font-family:KaTeX_Main;[^}]*src:url\(\/assets\/KaTeX_Main-Regular-[\w-]+\.woff2\)/);

    // Feeds carry alerts as a quote that starts with its title.
    expect(readFileSync(path.join(root, 'dist/feed.xml'), 'utf8')).toContain('<blockquote class="markdown-alert markdown-alert-tip">\n<p class="markdown-alert-title">Tip</p>\n<p>Alerts work.</p>');
  });
});
