import { describe, expect, it } from 'vitest';
import { createMarkdownRenderer } from '../../../src/markdown/renderer.js';
import { resolveMarkdownOptions } from '../../../src/markdown/options.js';
import { input, OPTIONS } from './helpers.js';

const renderer = createMarkdownRenderer(OPTIONS);
const render = (body: string) => renderer.render(input(body));

describe('GitHub alerts', () => {
  it('turns each kind into a titled blockquote, marker removed', () => {
    for (const [marker, title] of [['NOTE', 'Note'], ['TIP', 'Tip'], ['IMPORTANT', 'Important'], ['WARNING', 'Warning'], ['CAUTION', 'Caution']]) {
      const { value } = render(`> [!${marker}]\n> Read **this** first.\n`);
      expect(value.html).toBe(
        `<blockquote class="markdown-alert markdown-alert-${title!.toLowerCase()}">\n<p class="markdown-alert-title">${title}</p>\n<p>Read <strong>this</strong> first.</p>\n</blockquote>`,
      );
    }
  });

  it('leaves an ordinary quote, and a marker that is not alone on its line, alone', () => {
    expect(render('> Just a quote.\n').value.html).toBe('<blockquote>\n<p>Just a quote.</p>\n</blockquote>');
    expect(render('> [!NOTE] inline text\n').value.html).toContain('<p>[!NOTE] inline text</p>');
    expect(render('> [!FOO]\n> x\n').value.html).not.toContain('markdown-alert');
  });
});

describe('code blocks', () => {
  it('label the language and name the file from the fence meta', () => {
    const { value, diagnostics } = render('```ts title="app.ts"\nconst a = 1;\n```\n');
    expect(diagnostics).toEqual([]);
    expect(value.html).toMatch(
      /^<div class="code-block"><div class="code-header"><span class="code-title">app\.ts<\/span><span class="code-lang">ts<\/span><\/div><pre><code class="hljs language-ts">/,
    );
  });

  it('highlight the lines named in braces, splitting highlighter spans across lines', () => {
    const { value } = render('```js {1,3-4}\nconst a = `x\ny`;\nlet b = 2;\nlet c = 3;\nlet d = 4;\nlet e = 5;\n```\n');
    const highlighted = [...value.html.matchAll(/<span class="code-line-highlight">([\s\S]*?)\n<\/span>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ''));
    expect(highlighted).toEqual(['const a = `x', 'let b = 2;', 'let c = 3;']);
    // The template string spans lines 1-2: its span is closed and reopened at the break.
    expect(value.html).toContain('<span class="hljs-string">`x</span>\n</span><span class="hljs-string">y`</span>');
    // The code text is unchanged.
    expect(value.html.replace(/<[^>]+>/g, '')).toContain('const a = `x\ny`;\nlet b = 2;\nlet c = 3;\nlet d = 4;\nlet e = 5;\n');
  });

  it('keep the file name and lines in a post with raw HTML (which is parsed again)', () => {
    const { value } = render('<b>raw</b>\n\n```py title="hello.py" {2}\none\ntwo\n```\n');
    expect(value.html).toContain('<span class="code-title">hello.py</span><span class="code-lang">py</span>');
    expect(value.html).toContain('<span class="code-line-highlight">two\n</span>');
  });

  it('leave a block without language or title as it was', () => {
    expect(render('```\nplain\n```\n').value.html).toBe('<pre><code>plain\n</code></pre>');
  });
});

describe('math', () => {
  it('renders $…$ and $$…$$ with KaTeX at build time, with MathML', () => {
    const { value, diagnostics } = render('Energy: $E = mc^2$.\n\n$$\n\\int_0^1 x\\,dx\n$$\n');
    expect(diagnostics).toEqual([]);
    expect(value.html).toContain('<span class="katex">');
    expect(value.html).toContain('<span class="katex-display" tabindex="0">');
    expect(value.html).toContain('<math xmlns="http://www.w3.org/1998/Math/MathML"');
    expect(value.html).not.toContain('<script');
  });

  it('lets keyboard users reach a display formula, which may scroll sideways, and leaves inline math alone', () => {
    const { html } = render('Inline $x$.\n\n$$\n\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}\n$$\n').value;
    expect(html).toMatch(/<span class="katex-display" tabindex="0">/);
    expect(html.match(/tabindex="0"/g)).toHaveLength(1);
  });

  it('reports invalid TeX as math-error at the file line and shows the source', () => {
    const { value, diagnostics } = render('Fine.\n\nBroken: $\\frac{1$ here.\n');
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'math-error', file: 'content/a-post.md', line: 12 }),
    ]);
    expect(value.html).toContain('katex-error');
    expect(value.html).toContain('\\frac{1');
  });
});

describe('mermaid', () => {
  it('keeps the diagram source as readable text in pre.mermaid, without an unknown-language warning', () => {
    const { value, diagnostics } = render('```mermaid\ngraph TD\n  A --> B\n```\n');
    expect(diagnostics).toEqual([]);
    expect(value.html).toBe('<pre class="mermaid">graph TD\n  A --> B</pre>');
  });
});

describe('embeds and removed HTML', () => {
  it('lets an allowed origin through, lazy and sandboxed', () => {
    const { value, diagnostics } = render(
      'Watch:\n\n<iframe src="https://www.youtube-nocookie.com/embed/abc" title="A talk" width="560" height="315" frameborder="0" allowfullscreen></iframe>\n',
    );
    expect(diagnostics).toEqual([]);
    expect(value.html).toContain(
      '<iframe src="https://www.youtube-nocookie.com/embed/abc" title="A talk" width="560" height="315" allowfullscreen loading="lazy" sandbox="allow-scripts allow-same-origin allow-presentation allow-popups"></iframe>',
    );
  });

  it('removes other origins with a removed-html warning naming the line, and warns on a missing title', () => {
    const { value, diagnostics } = render(
      'One.\n\n<iframe src="https://evil.example/x"></iframe>\n\n<iframe src="https://player.vimeo.com/video/1"></iframe>\n',
    );
    expect(value.html).not.toContain('evil.example');
    expect(value.html).toContain('player.vimeo.com');
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'removed-html', line: 12, message: expect.stringContaining('https://evil.example') }),
      expect.objectContaining({ code: 'embed-missing-title', line: 14 }),
    ]);
  });

  it('names each element the sanitiser drops, with its line, once per removed subtree', () => {
    const { diagnostics } = render('Text.\n\n<form action="/x">\n<input name="a">\n</form>\n\n<style>p{}</style>\n');
    expect(diagnostics.map((d) => [d.code, d.line, d.message])).toEqual([
      ['removed-html', 12, 'The raw HTML element <form> was removed by the sanitiser.'],
      ['removed-html', 16, 'The raw HTML element <style> was removed by the sanitiser.'],
    ]);
  });

  it('an empty embeds list removes every iframe', () => {
    const strict = createMarkdownRenderer(resolveMarkdownOptions({ ...OPTIONS, embeds: [] }));
    const { value, diagnostics } = strict.render(input('<iframe src="https://www.youtube-nocookie.com/embed/a" title="t"></iframe>\n'));
    expect(value.html).not.toContain('iframe');
    expect(diagnostics.map((d) => d.code)).toEqual(['removed-html']);
  });
});
