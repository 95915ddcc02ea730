import { afterAll, describe, expect, it } from 'vitest';
import type { PlainDate } from '../../../src/content/types.js';
import { documentHtml, leanBody, searchDocument } from '../../../src/search/documents.js';
import { closePagefind, indexShard, type BundleFile } from '../../../src/search/pagefind-runner.js';
import type { SearchPost } from '../../../src/search/types.js';

afterAll(() => closePagefind());

const post = (slug: string): SearchPost => ({
  slug,
  url: `/posts/${slug}/`,
  title: `Notes on ${slug}`,
  description: `What ${slug} taught us`,
  date: '2024-05-01' as PlainDate,
  tags: [{ name: 'Rust', slug: 'rust' }],
});

/** Bodies as the Markdown stage writes them: every inline element the lean body drops, in context. */
const BODIES: Record<string, string> = {
  code:
    '<div class="heading"><h2 id="setup">Set<em>up</em> the <code>queue</code></h2><a class="heading-anchor" aria-label="Permalink: Setup" href="#setup"><span aria-hidden="true">#</span></a></div>' +
    '<p>Use <a href="https://example.com/a?b=1&#x26;c=2" title="a>b">the <strong>rollout</strong> status</a>, then <kbd>Ctrl</kbd>+<kbd>C</kbd>.</p>' +
    '<div class="code-block"><div class="code-header"><span class="code-lang">rust</span></div><pre><code class="hljs language-rust"><span class="hljs-keyword">fn</span> <span class="hljs-title function_">main</span>() {\n    <span class="hljs-built_in">println!</span>(<span class="hljs-string">"hello &#x3C;world>"</span>);\n}\n</code></pre></div>',
  prose:
    '<p>H<sub>2</sub>O and E=mc<sup>2</sup>; <mark>marked</mark>, <del>gone</del>, <s>struck</s>, <ins>added</ins>, <b>bold</b>, <i>it</i>, <u>under</u>, <small>fine print</small>.</p>' +
    '<p><abbr title="HyperText">HTML</abbr> <q>quoted</q> <cite>Cited</cite> <time datetime="2024-01-01">New year</time> <var>x</var> <samp>out</samp> <dfn>term</dfn>.</p>' +
    '<h3 id="lists">Lists</h3><ul><li>one <em>item</em></li><li>two</li></ul><table><thead><tr><th>Key</th><th>Value</th></tr></thead><tbody><tr><td><code>a</code></td><td>b</td></tr></tbody></table>' +
    '<blockquote><p>Said <span class="katex"><span class="katex-html">x+y</span></span> once</p></blockquote>',
};

function same(a: readonly BundleFile[], b: readonly BundleFile[]): void {
  expect(b.map((f) => f.path)).toEqual(a.map((f) => f.path));
  a.forEach((f, i) => expect(Buffer.from(b[i]!.contents).equals(Buffer.from(f.contents)), f.path).toBe(true));
}

describe('the lean search document', () => {
  it('gives Pagefind the same index, byte for byte, as the whole body', async () => {
    const slugs = Object.keys(BODIES);
    const whole = await indexShard(slugs.map((s) => ({ url: `/posts/${s}/`, html: () => documentHtml(post(s), BODIES[s]!, 'en') })), 'en');
    const lean = await indexShard(slugs.map((s) => ({ url: `/posts/${s}/`, html: () => searchDocument(post(s), BODIES[s]!, 'en') })), 'en');
    expect(whole.errors).toEqual([]);
    expect(whole.files.some((f) => f.path.startsWith('fragment/'))).toBe(true);
    same(whole.files, lean.files);
  }, 60_000);

  it('drops the inline elements, keeps the text, and leaves block elements and headings with their ids', () => {
    const lean = leanBody(BODIES.code!);
    expect(lean).not.toMatch(/<(span|a|em|strong|code|kbd)\b/);
    expect(lean).toContain('<h2 id="setup">Setup the queue</h2>');
    // The title attribute's `>` does not end the tag early: none of its value leaks into the text.
    expect(lean).toContain('<p>Use the rollout status, then Ctrl+C.</p>');
    expect(lean).toContain('<pre>fn main() {\n    println!("hello &#x3C;world>");\n}\n</pre>');
    expect(lean).not.toContain('Permalink');
  });

  it('leaves bodies alone where dropping a tag could change what Pagefind indexes', () => {
    for (const body of [
      '<div data-pagefind-ignore><p>Hidden <em>words</em></p></div><p>Shown <em>words</em></p>',
      '<p>Text<sup><a href="#fn-1" id="fnref-1" data-footnote-ref>1</a></sup></p>',
      '<p>A <span id="here">spot</span></p>',
      '<script>var a = "<em>x</em>";</script><p><em>y</em></p>',
    ]) {
      expect(leanBody(body)).toBe(body);
    }
  });

  it('keeps elements whose names only start like an inline one', () => {
    const body = '<section><p>a<br>b</p><img src="x.png" alt="An image"><aside>c</aside><summary>d</summary></section>';
    expect(leanBody(body)).toBe(body);
  });
});
