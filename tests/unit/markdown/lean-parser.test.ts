import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { remark } from 'remark';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import { describe, expect, it } from 'vitest';
import { generatePost } from '../../../bench/lib/corpus.mjs';
import { remarkLeanParser, guardTransform, skippedConstructs, someText, withoutConstructs } from '../../../src/markdown/lean-parser.js';

const full = remark().use(remarkGfm).freeze();
const lean = remark().use(remarkGfm).use(remarkLeanParser).freeze();
const fullMath = remark().use(remarkGfm).use(remarkMath).freeze();
const leanMath = remark().use(remarkGfm).use(remarkMath).use(remarkLeanParser).freeze();

function expectSameTree(document: string, a = full, b = lean): void {
  expect(b.parse(document), JSON.stringify(document)).toEqual(a.parse(document));
}

/** Documents near every edge of the three literal autolinks, each alone and in company. */
const EDGES = [
  'Mail me at someone@example.com or at SOMEONE@EXAMPLE.ORG today.',
  'a+b@c.de, _x@y.z, .a@b.c, -a@b.c, a.@b.c, a@b, a@-b.c, a@b_c.d, a@b.c_',
  'Mentions like @user and @ example and x @y are not email.',
  'See www.example.com, WWW.Example.Com/path?q=1, wWw.x.y and www. spaced.',
  'Links: http://example.com, HTTPS://EXAMPLE.COM/a(b), Https://x.y/z., http:/one-slash, httpx://no',
  'Not links: ftp://example.com, mailto:a@b.c, xmpp:a@b.c/d, h t t p',
  '**www.bold.com** _http://em.com_ `code@inside.com` ~~a@b.c~~ [www.in.label](http://x.y)',
  '<http://angle.com> <a@b.c> &#64;entity@after.com a&#64;b.c www&#46;x.y',
  '```\nfenced http://x.y and a@b.c and www.z.w\n```\n\n    indented www.a.b\n\n| a | www.t.u |\n|---|---|\n| x@y.z | http://q.r |',
  '- [ ] task www.list.item\n- [x] done a@b.c\n\n> quote http://q.q\n\nFoot[^1].\n\n[^1]: note www.n.o',
  'Only https://secure.example/path here.',
  'Only +@host.example and -@x.y here.',
  'Escaped a\\@b.c and www\\.x.y and http\\://q.r, decoded a&#64;b.c, www&#46;x.y and http&#58;//s.t',
  'a\n:-',
  'a\n-:\n\nb',
  'a b\n:-: | -\n',
  'a | b\n-|-\nc | d',
  '| one |\n| --- |\n| two |',
  'Setext\n---\n\nrule\n\n- - -\n\nx: - y',
  'Trailing punctuation: (www.a.b). "http://c.d". www.e.f! a@b.c. a@b.c-',
];

/** Random strings over the characters the autolinks turn on, with Markdown around them. */
function randomDocuments(count: number): string[] {
  const pieces = ['a', 'Z', '0', '@', '.', '_', '-', '+', 'w', 'W', 'www.', 'h', 'http', 'HTTPS', ':', '/', '//', ' ', '\n', '\n\n', '*', '`', '[', ']', '(', ')', '<', '>', '~', '|', '#', 'x.y', ':-', '-:', '&#64;', '&#46;', '&amp;', '\\', '\\@', '---', '-', '\n| '];
  let seed = 12345;
  const next = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  return Array.from({ length: count }, () => Array.from({ length: 5 + Math.floor(next() * 60) }, () => pieces[Math.floor(next() * pieces.length)]).join(''));
}

describe('the lean parser', () => {
  it('builds the same tree as remark-gfm on the edges of every literal autolink', () => {
    for (const document of EDGES) expectSameTree(document);
    for (const document of EDGES) for (const other of EDGES) expectSameTree(`${document}\n\n${other}`);
  });

  it('builds the same tree on 2000 random documents of autolink characters', () => {
    for (const document of randomDocuments(2000)) expectSameTree(document);
  });

  it('builds the same tree on the bench corpus of both profiles, the seeds and the fixtures', () => {
    const documents = [0, 1, 2, 3, 4, 5, 6, 7].flatMap((i) => [generatePost(i).body, generatePost(i, undefined, 'light').body]);
    const fixtures = join(import.meta.dirname, '..', '..', 'fixtures');
    for (const name of readdirSync(fixtures, { recursive: true, encoding: 'utf8' })) {
      if (name.endsWith('.md') || name.endsWith('.txt')) documents.push(readFileSync(join(fixtures, name), 'utf8'));
    }
    expect(documents.length).toBeGreaterThan(20);
    for (const document of documents) expectSameTree(document);
  });

  it('keeps remark-math working when it is used too', () => {
    for (const document of ['$x$ and www.a.b', '$$\na@b.c\n$$\n\nhttp://z.y $y$', ...EDGES]) expectSameTree(document, fullMath, leanMath);
  });

  it('skips a construct only when its document gives it no start', () => {
    expect(skippedConstructs('plain words, no links')).toEqual(['emailAutolink', 'wwwAutolink', 'protocolAutolink', 'table']);
    expect(skippedConstructs('write to a@b.c')).toEqual(['wwwAutolink', 'protocolAutolink', 'table']);
    expect(skippedConstructs('a | b')).not.toContain('table');
    expect(skippedConstructs('a\n:--')).not.toContain('table');
    expect(skippedConstructs('@handle only')).toContain('emailAutolink');
    expect(skippedConstructs('WWW.X.Y')).not.toContain('wwwAutolink');
    expect(skippedConstructs('Http://x')).not.toContain('protocolAutolink');
  });

  it('runs the autolink transform only on trees with a text node where a literal autolink can start', () => {
    const pattern = /[\w+.-]@|www\.|https?:\/\//i;
    expect(someText(full.parse('plain *words* and [a link](http://x.y)'), pattern)).toBe(false);
    expect(someText(full.parse('decoded a&#64;b.c'), pattern)).toBe(true);
    expect(someText(full.parse('escaped www\\.a.b'), pattern)).toBe(true);
    expect(someText(full.parse('> in a quote: HTTPS://x.y'), pattern)).toBe(true);
    const mdast = (full.data('fromMarkdownExtensions') ?? []) as Parameters<typeof guardTransform>[0];
    const calls: boolean[] = [];
    const guarded = guardTransform(mdast, 'transformGfmAutolinkLiterals', (tree) => {
      const needed = someText(tree, pattern);
      calls.push(needed);
      return needed;
    });
    const parse = (document: string): unknown => remark().use(remarkGfm).use(function (this: import('unified').Processor) {
      this.data('fromMarkdownExtensions', guarded);
    }).parse(document);
    expect(parse('see www.example.com')).toEqual(full.parse('see www.example.com'));
    expect(parse('nothing to link')).toEqual(full.parse('nothing to link'));
    expect(calls).toEqual([true, false]);
  });

  it('removes the skipped constructs from the text map and shares the rest', () => {
    const extensions = (full.data('micromarkExtensions') ?? []) as Parameters<typeof withoutConstructs>[0];
    const names = (list: typeof extensions): Set<string> =>
      new Set(list.flatMap((e) => Object.values(e.text ?? {}).flatMap((v) => (Array.isArray(v) ? v : [v]).map((c) => c?.name ?? ''))));
    expect(names(extensions)).toContain('emailAutolink');
    const lean = withoutConstructs(extensions, new Set(['emailAutolink']));
    expect(names(lean)).not.toContain('emailAutolink');
    expect(names(lean)).toContain('wwwAutolink');
    expect(withoutConstructs(extensions, new Set())).toBe(extensions);
  });
});
