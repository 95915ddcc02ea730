import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLinks, findLinkProblems, reportLinkProblems, scanPage, templateLocator, type CheckedPage } from '../../../src/links/index.js';

function page(file: string, html: string, extra: Partial<CheckedPage> = {}): CheckedPage {
  return { file, ...scanPage(html), ...extra };
}

const files = new Set(['index.html', 'posts/a/index.html', 'posts/a/chart.png', 'posts/b/index.html', 'feed.xml', 'tags/日本/index.html']);
const options = { origin: 'https://example.com', basePath: '/', files, severity: 'error' as const };

describe('link checking', () => {
  it('reads ids and urls, skipping code samples and scripts', () => {
    const scanned = scanPage(
      '<h2 id="intro">x</h2><a href="/posts/a/?x=1&amp;y=2">a</a><img src="chart.png" alt="">' +
        '<pre><code class="language-html">&#x3C;a href="/nowhere/">x&#x3C;/a></code></pre>' +
        '<script type="application/ld+json">{"a":" href=\\"/nope/\\""}</script>',
    );
    expect(scanned.ids).toEqual(['intro']);
    expect(scanned.urls).toEqual(['/posts/a/?x=1&y=2', 'chart.png']);
  });

  it('accepts links that resolve, in every form a site uses', () => {
    const pages = [
      page('posts/a/index.html', '<h2 id="setup">s</h2><img src="chart.png" alt="c"><a href="#setup">s</a><a href="../b/">b</a>'),
      page('posts/b/index.html', '<a href="/posts/a/#setup">a</a><a href="/posts/a">a</a><a href="https://example.com/feed.xml">f</a>' +
        '<a href="https://elsewhere.org/x">x</a><a href="mailto:a@b.c">m</a><a href="/tags/%E6%97%A5%E6%9C%AC/">t</a>'),
    ];
    expect(checkLinks(pages, options)).toEqual([]);
  });

  it('reports a missing page and a missing anchor against the post file and line', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hashmark-links-'));
    const source = path.join(dir, 'b.md');
    writeFileSync(source, '#title\nB\n#body\nIntro.\n\nSee [a](/posts/a/#nope) and\n[gone](/posts/gone/).\n');
    const pages = [
      page('posts/a/index.html', '<h2 id="setup">s</h2>'),
      page('posts/b/index.html', '<a href="/posts/a/#nope">a</a> <a href="/posts/gone/">g</a>', {
        bodyUrls: ['/posts/a/#nope', '/posts/gone/'],
        source: 'content/b.md',
        sourceAbsPath: source,
      }),
    ];
    const diagnostics = checkLinks(pages, options);
    expect(diagnostics.map((d) => [d.code, d.file, d.line, d.column])).toEqual([
      ['broken-link', 'content/b.md', 6, 9],
      ['broken-link', 'content/b.md', 7, 8],
    ]);
    expect(diagnostics[0]?.message).toContain('no element with id "nope"');
  });

  it('resolves links under a base path and rejects links that leave it', () => {
    const pages = [page('posts/a/index.html', '<a href="/blog/posts/b/">b</a><a href="chart.png">c</a><a href="/posts/b/">out</a>')];
    const diagnostics = checkLinks(pages, { ...options, basePath: '/blog/' });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]?.message).toContain('"/posts/b/"');
  });

  it('reports a broken template link once, not once per page', () => {
    const pages = ['index.html', 'posts/a/index.html', 'posts/b/index.html'].map((file) =>
      page(file, '<a href="/missing/">m</a>', file.startsWith('posts/') ? { source: 'content/x.md', bodyUrls: [] } : {}),
    );
    const diagnostics = checkLinks(pages, options);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'broken-link', file: 'index.html' });
    expect(diagnostics[0]?.message).toContain('index.html, posts/a/index.html, posts/b/index.html');
  });

  it('uses the configured severity', () => {
    const diagnostics = checkLinks([page('index.html', '<a href="/missing/">m</a>')], { ...options, severity: 'warning' });
    expect(diagnostics[0]?.severity).toBe('warning');
  });
});

describe('locating a broken link in its post', () => {
  it('finds unquoted raw HTML attributes instead of the first matching letters', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hashmark-links-'));
    const source = path.join(dir, 'x.md');
    writeFileSync(source, '#title\nxss test\n#body\nAn xss note.\n\n<img src=x alt="a">\n');
    const pages = [
      page('posts/x/index.html', '<img src="x" alt="a">', { bodyUrls: ['x'], source: 'content/x.md', sourceAbsPath: source, bodyLine: 4 }),
    ];
    const [diagnostic] = checkLinks(pages, options);
    expect([diagnostic?.line, diagnostic?.column]).toEqual([6, 10]);
  });
});

describe('every occurrence of a broken link in a post', () => {
  it('reports each line and column that has it, outside code samples', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hashmark-links-'));
    const source = path.join(dir, 'b.md');
    writeFileSync(
      source,
      [
        '#title', 'B', '#body',
        'See [epage](github.com/epage).', // 4
        '', '```md', 'Written as [epage](github.com/epage) in a sample.', '```', '',
        'Again [epage](github.com/epage) and [him](github.com/epage).', // 10
        'Jump to [x](#missing-id).', // 11
        '', 'Last [epage](github.com/epage), and [x](#missing-id) again.', // 13
      ].join('\n'),
    );
    const epage = '<a href="github.com/epage">e</a>';
    const body = `${epage}<pre><code>[epage](github.com/epage)</code></pre>${epage}${epage}<a href="#missing-id">x</a>${epage}<a href="#missing-id">x</a>`;
    const pages = [
      page('posts/b/index.html', body, {
        bodyUrls: scanPage(body).urls,
        source: 'content/b.md',
        sourceAbsPath: source,
        bodyLine: 4,
      }),
    ];
    const diagnostics = checkLinks(pages, options);
    expect(diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.message.split(' on ')[0]}`)).toEqual([
      'content/b.md:4:13 Broken link to "github.com/epage"',
      'content/b.md:10:15 Broken link to "github.com/epage"',
      'content/b.md:10:43 Broken link to "github.com/epage"',
      'content/b.md:13:14 Broken link to "github.com/epage"',
      'content/b.md:11:13 Broken link to "#missing-id"',
      'content/b.md:13:41 Broken link to "#missing-id"',
    ]);
  });

  it('finds a link Markdown percent-encoded, as the author wrote it', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hashmark-links-'));
    const source = path.join(dir, 'a.md');
    writeFileSync(source, '#title\nA\n#body\nOne [x](café/menu).\n\nTwo [x](café/menu).\n');
    const html = '<a href="caf%C3%A9/menu">x</a><a href="caf%C3%A9/menu">x</a>';
    const pages = [page('posts/a/index.html', html, { bodyUrls: scanPage(html).urls, source: 'content/a.md', sourceAbsPath: source, bodyLine: 4 })];
    expect(checkLinks(pages, options).map((d) => [d.line, d.column])).toEqual([[4, 9], [6, 9]]);
  });

  it('finds a root-relative link the base path was added to, as the author wrote it', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hashmark-links-'));
    const source = path.join(dir, 'a.md');
    writeFileSync(source, '#title\nA\n#body\nOne [gone](/posts/gone/).\n\nTwo [gone](/posts/gone/).\n');
    const html = '<a href="/blog/posts/gone/">g</a><a href="/blog/posts/gone/">g</a>';
    const pages = [page('posts/a/index.html', html, { bodyUrls: scanPage(html).urls, source: 'content/a.md', sourceAbsPath: source, bodyLine: 4 })];
    const diagnostics = checkLinks(pages, { ...options, basePath: '/blog/', files: new Set(['posts/a/index.html']) });
    expect(diagnostics.map((d) => [d.line, d.column])).toEqual([[4, 12], [6, 12]]);
  });
});

describe('a broken link from a template', () => {
  const sources = new Map([
    ['layouts/base.liquid', '<body>\n{% include "partials/header" %}\n{% block main %}{% endblock %}\n</body>'],
    ['partials/header.liquid', '<nav>\n<a href="{{ links.home }}">Home</a>\n<a href="/about/">About</a>\n</nav>'],
    ['post.liquid', '{% layout "layouts/base" %}\n{% block main %}\n{{ content | raw }}\n<a href="{{ post.url }}comments/">Comments</a>\n<a href="{{ post.url }}">Self</a>\n{% endblock %}'],
  ]);
  const locateTemplate = templateLocator(sources, (name) => `templates/${name}`);

  it('is reported once, at the template line that writes it, with the number of pages', () => {
    const files = ['index.html', 'tags/index.html', 'posts/a/index.html', 'posts/b/index.html', 'posts/c/index.html'];
    const found = files.map((file) => ({ page: { file }, problems: [{ url: '/about/', problem: 'no page or file has this path', body: false }] }));
    const diagnostics = reportLinkProblems(found, { severity: 'error', locateTemplate });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ file: 'templates/partials/header.liquid', line: 3, column: 10 });
    expect(diagnostics[0]?.message).toContain('on 5 pages (index.html, tags/index.html, posts/a/index.html and 2 more)');
  });

  it('made by an expression, is found by the literal text beside it, once for every page', () => {
    const found = ['a', 'b'].map((slug) => ({
      page: { file: `posts/${slug}/index.html`, template: 'templates/post.liquid' },
      problems: [{ url: `/posts/${slug}/comments/`, problem: 'no page or file has this path', body: false }],
    }));
    const diagnostics = reportLinkProblems(found, { severity: 'error', locateTemplate });
    expect(diagnostics.map((d) => `${d.file}:${d.line}`)).toEqual(['templates/post.liquid:4']);
    expect(diagnostics[0]?.message).toMatch(/^2 broken links \(such as "\/posts\/a\/comments\/"\)/);
  });

  it('falls back to the template that rendered the page when nothing written matches', () => {
    const found = [{ page: { file: 'posts/a/index.html', template: 'templates/post.liquid' }, problems: [{ url: '/elsewhere/x', problem: 'no page or file has this path', body: false }] }];
    const [diagnostic] = reportLinkProblems(found, { severity: 'error', locateTemplate });
    expect(diagnostic).toMatchObject({ file: 'templates/post.liquid' });
    expect(diagnostic?.line).toBeUndefined();
    expect(diagnostic?.message).toContain('rendered by templates/post.liquid');
  });

  it('is reported from the template as well when a post body has the same link', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hashmark-links-'));
    const source = path.join(dir, 'a.md');
    writeFileSync(source, '#title\nA\n#body\nSee [about](/about/).\n');
    const html = '<a href="/about/">About</a><main><a href="/about/">about</a></main>';
    const pages = [page('posts/a/index.html', html, { bodyUrls: ['/about/'], source: 'content/a.md', sourceAbsPath: source, bodyLine: 4 })];
    const found = findLinkProblems(pages, () => undefined, options);
    const diagnostics = reportLinkProblems(pages.map((p) => ({ page: p, problems: found.get(p.file) ?? [] })), { severity: 'error', locateTemplate });
    expect(diagnostics.map((d) => `${d.file}:${d.line}`)).toEqual(['content/a.md:4', 'templates/partials/header.liquid:3']);
  });
});
