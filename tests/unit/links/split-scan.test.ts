import fc from 'fast-check';
import { decodeHTMLAttribute } from 'entities';
import { describe, expect, it } from 'vitest';
import { scanAroundBody, scanPage, scanRenderedPage } from '../../../src/html-links.js';

/**
 * The whole-page scan as it was before the split: every attribute of the page after removing
 * scripts and emptying code elements, and the body scanned again on its own for its URLs.
 */
function reference(html: string, body: string | undefined): { ids: string[]; urls: string[]; bodyUrls?: string[] } {
  const one = (text: string): { ids: string[]; urls: string[] } => {
    const ids: string[] = [];
    const urls: string[] = [];
    const scanned = text.replace(/<script\b[\s\S]*?<\/script>|<code\b[\s\S]*?<\/code>/g, (block) =>
      block.startsWith('<code') ? block.replace(/>[\s\S]*<\/code>$/, '>') : '',
    );
    for (const match of scanned.matchAll(/\s(id|name|href|src)="([^"]*)"/g)) {
      const raw = match[2] ?? '';
      const value = raw.includes('&') ? decodeHTMLAttribute(raw) : raw;
      if (match[1] === 'id' || match[1] === 'name') ids.push(value);
      else urls.push(value);
    }
    return { ids, urls };
  };
  const page = one(html);
  return body === undefined ? page : { ...page, bodyUrls: one(body).urls };
}

const template = (body: string): string =>
  '<!doctype html><html><head><script type="application/ld+json">{"url":"x id=\\"no\\""}</script>' +
  '<link href="/style.css"></head><body><nav><a href="/">Home</a> <a href="/tags/">Tags</a></nav>' +
  `<article><h1 id="title">T</h1><div class="post-body">\n${body}\n</div></article>` +
  '<footer><a href="/feed.xml" id="feed">Feed</a></footer></body></html>';

const tricky =
  '<h2 id="caf&eacute;"><a href="#caf&eacute;">Caf&eacute;</a></h2>' +
  '<p>Text with id="not-an-attribute-but-read-anyway" and <a href="/posts/a/?x=1&amp;y=2">a link</a>.</p>' +
  '<pre><code class="language-html">&lt;a href="/inside-code/"&gt; <span id="in-code">x</span> href="/raw-in-code/"</code></pre>' +
  '<p><img src="/img/&#x63;at.png" alt="cat"> <a name="anchor"></a></p>';

describe('scanRenderedPage', () => {
  it('reads a body with code, ids and entities as the whole-page scan does, in document order', () => {
    const html = template(tricky);
    const links = scanRenderedPage(html, tricky);
    expect(links).toEqual(reference(html, tricky));
    // Read in three parts, the body once.
    expect(scanAroundBody(html, tricky)).toEqual(links);
    expect(links.ids).toEqual(['title', 'café', 'not-an-attribute-but-read-anyway', 'anchor', 'feed']);
    expect(links.bodyUrls).toEqual(['#café', '/posts/a/?x=1&y=2', '/img/cat.png']);
    expect(links.urls[0]).toBe('/style.css');
    expect(links.urls.at(-1)).toBe('/feed.xml');
  });

  it('gives the same results without interning', () => {
    const html = template(tricky);
    expect(scanRenderedPage(html, tricky, { intern: false })).toEqual(reference(html, tricky));
  });

  it('handles an empty body, a body printed twice and a body not printed', () => {
    const empty = template('');
    expect(scanRenderedPage(empty, '')).toEqual(reference(empty, ''));
    expect(scanRenderedPage(empty, '').bodyUrls).toEqual([]);
    expect(scanAroundBody(empty, '')).toBeUndefined();

    const twice = template(tricky) + template(tricky);
    expect(scanRenderedPage(twice, tricky)).toEqual(reference(twice, tricky));
    expect(scanRenderedPage(twice, tricky).urls.filter((url) => url === '/posts/a/?x=1&y=2')).toHaveLength(2);
    // Split at the first copy; the second is part of the page after it.
    expect(scanAroundBody(twice, tricky)).toEqual(reference(twice, tricky));

    const without = template('<p>No body here.</p>');
    expect(scanRenderedPage(without, tricky)).toEqual(reference(without, tricky));
    expect(scanRenderedPage(without, tricky).urls).not.toContain('/posts/a/?x=1&y=2');
    expect(scanAroundBody(without, tricky)).toBeUndefined();
  });

  it('falls back to the whole page when a code element or an attribute crosses an edge of the body', () => {
    // The template opens <code> before the body; the body closes it: the body's link is inside code.
    const codeBody = '<a href="/hidden/">x</a></code><a href="/shown/">y</a>';
    const codePage = `<p><code>${codeBody}</p><a href="/after/">z</a>`;
    expect(scanAroundBody(codePage, codeBody)).toBeUndefined();
    expect(scanRenderedPage(codePage, codeBody)).toEqual(reference(codePage, codeBody));
    expect(scanRenderedPage(codePage, codeBody).urls).toEqual(['/shown/', '/after/']);

    // The body printed inside an attribute value: the template's href swallows the body's start.
    const attributeBody = 'x" <a href="/in-body/">y</a>';
    const attributePage = `<a href="/before/${attributeBody}">z</a>`;
    expect(scanAroundBody(attributePage, attributeBody)).toBeUndefined();
    expect(scanRenderedPage(attributePage, attributeBody)).toEqual(reference(attributePage, attributeBody));

    // A script left open at the end of the body, closed by the template.
    const scriptBody = '<a href="/one/">1</a><script>var s = \'<a href="/two/">\';';
    const scriptPage = `<main>${scriptBody}</script><a href="/three/">3</a></main>`;
    expect(scanAroundBody(scriptPage, scriptBody)).toBeUndefined();
    expect(scanRenderedPage(scriptPage, scriptBody)).toEqual(reference(scriptPage, scriptBody));
    expect(scanRenderedPage(scriptPage, scriptBody).urls).toEqual(['/one/', '/three/']);

    // A start tag cut at the body's edge.
    const cutBody = 'de><a href="/in-code/">x</a></code><a href="/out/">y</a>';
    const cutPage = `<p><co${cutBody}</p>`;
    expect(scanAroundBody(cutPage, cutBody)).toBeUndefined();
    expect(scanRenderedPage(cutPage, cutBody)).toEqual(reference(cutPage, cutBody));
  });

  it('matches the whole-page scan on random pages around random bodies', () => {
    const token = fc.constantFrom(
      '<code>', '</code>', '<code class="x">', '<script>', '</script>', '<scr', 'ipt>', '<co', 'de>', '</co',
      ' id="a"', ' href="/b"', ' src="/c&amp;d"', ' name="n"', ' href="', ' id=', '"', '=', ' ', '\n', 'id', 'href',
      '<a href="/x/">x</a>', '<p>', '</p>', '>', '<', 'text', '&amp;', ' data-id="q"',
      // Starts that are not a script or code element, names cut into pieces, whitespace other than ASCII's.
      '<codex>', '<scripts>', '<code_', '<script-x>', '<code\n>',
      'hr', 'ef', 'na', 'me', 's', 'rc', 'i', 'd', '="', '\u00a0', '\u2028', '\ufeff', '\u3000id="u"', '\tname="t"',
    );
    let splits = 0;
    const piece = fc.array(token, { maxLength: 12 }).map((tokens) => tokens.join(''));
    fc.assert(
      fc.property(piece, piece, piece, (before, body, after) => {
        const html = before + body + after;
        const expected = reference(html, body);
        expect(scanRenderedPage(html, body)).toEqual(expected);
        expect(scanRenderedPage(html, body, { intern: false })).toEqual(expected);
        const split = scanAroundBody(html, body);
        if (split) {
          splits++;
          expect(split).toEqual(expected);
        }
      }),
      { numRuns: 3000 },
    );
    // The split itself is exercised (about a fifth of these pages), not only the whole-page fallback.
    expect(splits).toBeGreaterThan(300);
  });

  it('scans a page without a body as scanPage does', () => {
    const html = template(tricky);
    expect(scanRenderedPage(html, undefined)).toEqual(scanPage(html));
    expect(scanRenderedPage(html, undefined)).toEqual(reference(html, undefined));
  });
});
