import { describe, expect, it } from 'vitest';
import { createMarkdownRenderer } from '../../../src/markdown/index.js';
import { fixture, input, OPTIONS } from './helpers.js';

const sanitizing = createMarkdownRenderer(OPTIONS);
const trusted = createMarkdownRenderer({ ...OPTIONS, rawHtml: 'trusted' });

/** Every start tag in the HTML with its attribute text. */
function tags(html: string): Array<{ name: string; attrs: string }> {
  return [...html.matchAll(/<([a-zA-Z][\w-]*)([^>]*)>/gu)].map((m) => ({ name: m[1]!.toLowerCase(), attrs: m[2]! }));
}

describe('sanitising raw HTML', () => {
  const { value } = sanitizing.render(input(fixture('xss-vectors')));

  it('leaves no scripting element from the OWASP vectors', () => {
    const names = new Set(tags(value.html).map((t) => t.name));
    for (const bad of ['script', 'iframe', 'object', 'embed', 'form', 'button', 'meta', 'link', 'style', 'svg', 'math', 'body']) {
      expect(names.has(bad), bad).toBe(false);
    }
  });

  it('reduces any input to the inert disabled checkbox task lists use', () => {
    for (const { name, attrs } of tags(value.html)) {
      if (name !== 'input') continue;
      expect(attrs).toMatch(/\stype="checkbox"/u);
      expect(attrs).toMatch(/\sdisabled/u);
      expect(attrs).not.toMatch(/autofocus|onfocus/u);
    }
  });

  it('leaves no event handler, javascript:/data: URL, srcdoc or style attribute', () => {
    for (const { name, attrs } of tags(value.html)) {
      expect(attrs, name).not.toMatch(/\son[a-z]+\s*=/iu);
      expect(attrs, name).not.toMatch(/javascript:|data:|srcdoc|style=/iu);
    }
  });

  it('drops script content instead of printing it', () => {
    expect(value.html).not.toContain("alert('s1')");
  });

  it('keeps tables, details, kbd, sup, sub and images with their alt text', () => {
    const { value: safe } = sanitizing.render(input(fixture('safe-markup')));
    expect(safe.html).toContain('<table>');
    expect(safe.html).toContain('<td>Cell</td>');
    expect(safe.html).toContain('<details><summary>More</summary>Hidden text</details>');
    expect(safe.html).toContain('<kbd>Ctrl</kbd>+<kbd>C</kbd>');
    expect(safe.html).toContain('mc<sup>2</sup>, H<sub>2</sub>O');
    expect(safe.html).toContain('<img src="chart.png" alt="A chart">');
  });

  it('turns obsolete GFM table align attributes into text-align styles', () => {
    const { value: safe } = sanitizing.render(input(fixture('safe-markup')));
    expect(safe.html).toContain('<th style="text-align:left">Left</th>');
    expect(safe.html).toContain('<td style="text-align:right">b</td>');
    expect(safe.html).not.toMatch(/\salign=/u);
  });

  it('passes raw HTML through untouched in trusted mode', () => {
    const { value: raw } = trusted.render(input('Hi <span onclick="go()">there</span>\n\n<script>run()</script>\n'));
    expect(raw.html).toContain('<span onclick="go()">there</span>');
    expect(raw.html).toContain('<script>run()</script>');
  });

  it('does not count script text as words in trusted mode', () => {
    const { value: raw } = trusted.render(input('One two.\n\n<script>var three = 4</script>\n'));
    expect(raw.words).toBe(2);
  });
});

describe('highlighting', () => {
  it('highlights known languages at build time', () => {
    const { value, diagnostics } = sanitizing.render(input('```ts\nconst x: number = 1;\n```\n'));
    expect(value.html).toContain('<code class="hljs language-ts">');
    expect(value.html).toContain('<span class="hljs-keyword">const</span>');
    expect(diagnostics).toEqual([]);
  });

  it('warns about an unknown language at the fence line of the file and shows the code as text', () => {
    const body = 'Intro.\n\n```nosuchlang\nlet a = <b>\n```\n';
    const { value, diagnostics } = sanitizing.render(input(body, { bodyLine: 8, source: 'content/x.md' }));
    // The fence is body line 3; the body starts at file line 8.
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'unknown-language', file: 'content/x.md', line: 10 }),
    ]);
    expect(diagnostics[0]!.message).toContain('nosuchlang');
    expect(value.html).toContain('let a = &#x3C;b>');
    expect(value.html).not.toContain('hljs-');
  });
});

describe('images', () => {
  it('warns about an image without alt text at its file line and still gives it an empty alt', () => {
    const { value, diagnostics } = sanitizing.render(input('Text.\n\n![](chart.png)\n', { bodyLine: 20 }));
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'missing-alt', file: 'content/a-post.md', line: 22 }),
    ]);
    expect(value.html).toContain('<img src="chart.png" alt="">');
  });

  it('warns about a raw HTML image without alt', () => {
    const { diagnostics } = sanitizing.render(input('<p><img src="a.png"></p>\n', { bodyLine: 5 }));
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'missing-alt', line: 5 })]);
  });
});

describe('headings', () => {
  const article = sanitizing.render(input(fixture('article'), { title: 'Sample Article' })).value;

  it('removes a first heading that repeats the title, ignoring case and spacing', () => {
    expect(article.html).not.toContain('<h1');
    expect(article.html).not.toMatch(/Sample\s+ARTICLE/u);
  });

  it('keeps a first heading that differs from the title, demoted below the page title', () => {
    const { value } = sanitizing.render(input('# Another\n\n## Part\n\n# Second top\n', { title: 'A Post' }));
    expect(value.html).not.toContain('<h1');
    expect(value.html).toContain('<h2 id="another">Another</h2>');
    expect(value.html).toContain('<h3 id="part">Part</h3>');
    expect(value.html).toContain('<h2 id="second-top">Second top</h2>');
  });

  it('does not shift levels when no h1 remains', () => {
    expect(article.html).toContain('<h2 id="getting-started">Getting Started</h2>');
  });

  it('gives repeated headings unique ids', () => {
    expect(article.html).toContain('id="getting-started"');
    expect(article.html).toContain('id="getting-started-1"');
  });

  it('adds a named permalink after each heading without repeating it inside the heading', () => {
    expect(article.html).toContain(
      '<div class="heading"><h3 id="install">Install</h3><a class="heading-anchor" aria-label="Permalink: Install" href="#install"><span aria-hidden="true">#</span></a></div>',
    );
  });

  it('never reuses an id already in the body', () => {
    const { value } = trusted.render(input('<p id="intro">x</p>\n\n## Intro\n'));
    expect(value.html).toContain('<h2 id="intro-1">Intro</h2>');
  });
});

describe('facts read off the tree', () => {
  const article = sanitizing.render(input(fixture('article'), { title: 'Sample Article' })).value;

  it('lists h2 to h4 in the table of contents', () => {
    expect(article.toc).toEqual([
      { depth: 2, id: 'getting-started', text: 'Getting Started' },
      { depth: 3, id: 'install', text: 'Install' },
      { depth: 2, id: 'getting-started-1', text: 'Getting Started' },
      { depth: 4, id: 'deep', text: 'Deep' },
    ]);
  });

  it('counts words of the printed text (see fixtures/markdown/article/README.md)', () => {
    expect(article.words).toBe(26);
    expect(article.readingMinutes).toBe(1);
  });

  it('rounds reading time up', () => {
    const slow = createMarkdownRenderer({ ...OPTIONS, wordsPerMinute: 10 });
    expect(slow.render(input(fixture('article'), { title: 'Sample Article' })).value.readingMinutes).toBe(3);
  });

  it('takes the excerpt from the paragraphs', () => {
    expect(article.excerpt).toBe('First paragraph has exactly seven words here. Second one, with a link inside. Run it.');
  });

  it('cuts the excerpt at a word boundary with an ellipsis', () => {
    const short = createMarkdownRenderer({ ...OPTIONS, excerptLength: 40 });
    expect(short.render(input(fixture('article'), { title: 'Sample Article' })).value.excerpt).toBe(
      'First paragraph has exactly seven words…',
    );
    const shorter = createMarkdownRenderer({ ...OPTIONS, excerptLength: 38 });
    expect(shorter.render(input(fixture('article'), { title: 'Sample Article' })).value.excerpt).toBe(
      'First paragraph has exactly seven…',
    );
  });

  it('counts each CJK character as a word', () => {
    expect(sanitizing.render(input('日本語 text')).value.words).toBe(4);
  });
});

describe('footnotes', () => {
  for (const renderer of [sanitizing, trusted]) {
    it(`links references and footnotes both ways (${renderer.options.rawHtml})`, () => {
      const { value } = renderer.render(input('Claim[^src] and more[^2].\n\n[^src]: Source.\n[^2]: Two.\n'));
      const ids = new Set([...value.html.matchAll(/\sid="([^"]+)"/gu)].map((m) => m[1]));
      const hrefs = [...value.html.matchAll(/\shref="#([^"]+)"/gu)].map((m) => m[1]!);
      expect(hrefs.length).toBe(4);
      for (const href of hrefs) expect(ids.has(href), href).toBe(true);
      const describedBy = [...value.html.matchAll(/aria-describedby="([^"]+)"/gu)].map((m) => m[1]!);
      for (const id of describedBy) expect(ids.has(id), id).toBe(true);
      expect(value.excerpt).toBe('Claim and more.');
    });
  }

  it('points a same-page link at an author id the sanitiser prefixed', () => {
    const { value } = sanitizing.render(input('<div id="here">x</div>\n\n[go](#here)\n'));
    expect(value.html).toContain('<div id="user-content-here">');
    expect(value.html).toContain('<a href="#user-content-here">go</a>');
  });
});

describe('bounds', () => {
  it('refuses 20,000 nested blockquotes quickly with a diagnostic at the file line', () => {
    const started = performance.now();
    const { value, diagnostics } = sanitizing.render(input(`Fine.\n\n${'>'.repeat(20_000)} deep\n`, { bodyLine: 7 }));
    expect(performance.now() - started).toBeLessThan(200);
    expect(value.html).toBe('');
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', code: 'markdown-too-deep', file: 'content/a-post.md', line: 9 }),
    ]);
  });

  it('refuses deep list nesting by markers or by indentation', () => {
    expect(sanitizing.render(input(`${'- '.repeat(10_000)}x\n`)).diagnostics[0]?.code).toBe('markdown-too-deep');
    const indented = Array.from({ length: 150 }, (_, i) => `${'  '.repeat(i)}- item`).join('\n');
    expect(sanitizing.render(input(indented)).diagnostics[0]?.code).toBe('markdown-too-deep');
  });

  it('renders moderate nesting', () => {
    const { value, diagnostics } = sanitizing.render(input(`${'> '.repeat(50)}quoted\n`));
    expect(diagnostics).toEqual([]);
    expect(value.html.match(/<blockquote>/gu)?.length).toBe(50);
  });

  it('turns an exception inside the pipeline into markdown-failed', () => {
    const { value, diagnostics } = sanitizing.render(input(`${'<div>'.repeat(30_000)}x`));
    expect(value.html).toBe('');
    expect(diagnostics).toEqual([expect.objectContaining({ severity: 'error', code: 'markdown-failed' })]);
  });

  it('renders a megabyte line', () => {
    const { value, diagnostics } = sanitizing.render(input('word '.repeat(200_000)));
    expect(diagnostics).toEqual([]);
    expect(value.words).toBe(200_000);
  });
});
