import { describe, expect, it } from 'vitest';
import { scanPage } from '../../../src/html-links.js';

describe('scanPage', () => {
  it('decodes character references in ids and URLs as a browser reads the attribute', () => {
    const html =
      '<h2 id="caf&eacute;">x</h2><a href="/search/?q=a&amp;page=2">a</a><a href="/posts/&#x63;af&#233;/">b</a>' +
      '<img src="/img/&copy;-x.png"><a href="/?a=1&notin=2">c</a>';
    const { ids, urls } = scanPage(html);
    expect(ids).toEqual(['café']);
    // `&notin` with no semicolon before `=` stays as written in an attribute, as the HTML standard says.
    expect(urls).toEqual(['/search/?q=a&page=2', '/posts/café/', '/img/©-x.png', '/?a=1&notin=2']);
  });

  it('leaves values without a reference untouched, and skips code and scripts', () => {
    const { ids, urls } = scanPage('<p id="a">x</p><code class="x"><a href="/not-a-link/">y</a></code><script>"<a href=\\"/no/\\">"</script><a href="/yes/">z</a>');
    expect(ids).toEqual(['a']);
    expect(urls).toEqual(['/yes/']);
  });
});
