import { writeFileSync } from 'node:fs';
import type { Element, Root } from 'hast';
import HighlightJs from 'highlight.js/lib/core';
import { all, createLowlight } from 'lowlight';
import rehypeHighlight from 'rehype-highlight';
import rehypeStringify from 'rehype-stringify';
import { remark } from 'remark';
import remarkRehype from 'remark-rehype';
import { describe, expect, it } from 'vitest';
import { GRAMMAR_FACTS } from '../../../src/markdown/highlight-facts.js';
import { deferredGrammars, grammarFacts, type GrammarFacts } from '../../../src/markdown/highlight-grammars.js';
import { createProcessor } from '../../../src/markdown/processor.js';
import { resolveMarkdownOptions } from '../../../src/markdown/options.js';

type Grammars = typeof all;

/** Code with something for many grammars, and for those that hand code to others (HTML's script and style, PHP, templates, HTTP bodies). */
const SAMPLE = [
  '<!DOCTYPE html>\n<html lang="en"><head><style>body { color: #f00; margin: 0 auto; }</style>',
  '<script type="module">const x = `t ${y}` + 1; // note\nfunction f(a) { return a?.b ?? null; }</script></head>',
  '<body><?php echo "hi"; $a = [1, 2]; ?> <%= @user.name %> {{#if ok}}{{name}}{{/if}} {% if x %}{{ y | upcase }}{% endif %}</body></html>',
  'GET /api/items?id=3 HTTP/1.1\nHost: example.com\nContent-Type: application/json\n\n{"a": [1, 2.5, null, true], "b": {"c": "d"}}',
  '```python\ndef f(x):\n    return x  # comment\n```',
  "SELECT id, name FROM users WHERE name = 'bob' AND age > 3; -- done",
  '#include <stdio.h>\nint main(void) { printf("%d\\n", 0x1F); return 0; } /* c */',
  'let v: Vec<u8> = vec![1, 2]; fn main() -> Result<(), E> { Ok(()) }',
  '---\nkey: value\nlist:\n  - a\n  - "b"\n[section]\nname = "x"',
].join('\n');

function block(language: string): Root {
  const code: Element = { type: 'element', tagName: 'code', properties: { className: [`language-${language}`] }, children: [] };
  return { type: 'root', children: [{ type: 'element', tagName: 'pre', properties: {}, children: [code] }] };
}

/** Highlights `code` as `language`, readying the grammar first as the Markdown pipeline does. */
function lazyHighlighter(grammars: Grammars = all) {
  const deferred = deferredGrammars(grammars);
  const lowlight = createLowlight(deferred.languages);
  return (language: string, code: string) => {
    deferred.prepare(block(language), []);
    return lowlight.highlight(language, code);
  };
}

/** Every name and alias the grammars answer to. */
function everyName(): string[] {
  const names = new Set(Object.keys(all));
  for (const facts of Object.values(GRAMMAR_FACTS.grammars)) for (const alias of [facts.aliases ?? []].flat()) names.add(alias);
  return [...names];
}

/** A fixed shuffle, so the grammars are readied in an order unlike the registry's. */
function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  let seed = 20_240_205;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function counting(grammars: Grammars): { grammars: Grammars; ran: string[] } {
  const ran: string[] = [];
  const out: Grammars = {};
  for (const [key, define] of Object.entries(grammars)) {
    out[key] = (hljs) => {
      ran.push(key);
      return define(hljs);
    };
  }
  return { grammars: out, ran };
}

describe('highlight.js grammars defined when first needed', () => {
  it('know the name and aliases of every grammar of the installed highlight.js', () => {
    const fresh = grammarFacts(all, HighlightJs.newInstance());
    if (process.env.HASHMARK_WRITE_GRAMMAR_FACTS === '1') writeFacts(fresh);
    expect(GRAMMAR_FACTS, 'run this test with HASHMARK_WRITE_GRAMMAR_FACTS=1 to write src/markdown/highlight-facts.ts again').toEqual(fresh);
  });

  it('highlight every language and alias exactly as grammars registered at once, alone or after others', () => {
    const eager = createLowlight(all);
    const shared = lazyHighlighter();
    for (const name of shuffled(everyName())) {
      const expected = JSON.stringify(eager.highlight(name, SAMPLE));
      expect(JSON.stringify(lazyHighlighter()(name, SAMPLE)), name).toBe(expected);
      expect(JSON.stringify(shared(name, SAMPLE)), name).toBe(expected);
    }
  });

  it('run only the definitions a code block needs, with those it hands code to', () => {
    const { grammars, ran } = counting(all);
    const highlight = lazyHighlighter(grammars);
    expect(ran).toEqual([]);
    highlight('py', 'def f(): pass');
    expect(ran).toEqual(['python']);
    ran.length = 0;
    // HTML hands code to CSS and JavaScript, which hands template literals to others in turn.
    highlight('html', '<style>p { color: red }</style><script>let a = 1;</script>');
    expect(ran[0]).toBe('xml');
    expect(ran).toEqual(expect.arrayContaining(['css', 'javascript']));
    expect(ran.length).toBeLessThan(10);
    ran.length = 0;
    highlight('python', 'x = 1');
    highlight('xml', '<a/>');
    expect(ran).toEqual([]);
  });

  it('answer an unknown language as unknown, and leave plain text alone', () => {
    const { grammars, ran } = counting(all);
    const deferred = deferredGrammars(grammars);
    const lowlight = createLowlight(deferred.languages);
    deferred.prepare(block('no-such-language'), []);
    deferred.prepare(block('text'), ['text']);
    expect(ran).toEqual([]);
    expect(() => lowlight.highlight('no-such-language', 'x')).toThrow(/Unknown language/);
    expect(lowlight.registered('jsx')).toBe(true);
    expect(lowlight.listLanguages()).toEqual(createLowlight(all).listLanguages());
  });

  it('highlight correctly through a grammar that was not readied first, only slower', () => {
    const deferred = deferredGrammars(all);
    const lowlight = createLowlight(deferred.languages);
    // No prepare: highlight.js meets the stand-in itself.
    for (const name of ['python', 'html', 'http']) expect(JSON.stringify(lowlight.highlight(name, SAMPLE))).toBe(JSON.stringify(createLowlight(all).highlight(name, SAMPLE)));
  });

  it('run every definition as it registers for another version of highlight.js', () => {
    const { grammars, ran } = counting(all);
    const facts: GrammarFacts = { ...GRAMMAR_FACTS, version: '0.0.0' };
    const deferred = deferredGrammars(grammars, facts);
    createLowlight(deferred.languages);
    expect(ran).toEqual(Object.keys(all));
  });

  it('leave the Markdown pipeline output as with every grammar registered at once', () => {
    const plainText = ['text'];
    const blocks = [['html', SAMPLE], ['ts', 'const a = 1;'], ['nope', 'x'], ['text', 'plain'], ['http', SAMPLE]];
    const markdown = blocks.map(([language, code]) => `\`\`\`${language}\n${code}\n\`\`\`\n`).join('\n');
    const render = (languages: Grammars, ready?: (tree: Root) => void): string =>
      String(
        remark()
          .use(remarkRehype)
          .use(() => (tree: Root) => ready?.(tree))
          .use(rehypeHighlight, { languages, plainText })
          .use(rehypeStringify)
          .processSync(markdown),
      );
    const deferred = deferredGrammars(all);
    const html = render(deferred.languages, (tree) => deferred.prepare(tree, plainText));
    expect(html).toBe(render(all));
    expect(html).toContain('<span class="hljs-keyword">const</span>');
    // The processor's own code blocks come out of the same steps.
    const processed = String(createProcessor(resolveMarkdownOptions({})).processSync(markdown));
    for (const code of html.match(/<code class="hljs language-(?:html|ts)">[\s\S]*?<\/code>/g)!) expect(processed).toContain(code);
  });
});

function writeFacts(facts: GrammarFacts): void {
  const lines = Object.entries(facts.grammars).map(([key, value]) => `    ${JSON.stringify(key)}: ${JSON.stringify(value).replace(/,"/g, ', "').replace(/":/g, '": ')},`);
  const text = [
    '// Made from highlight.js by tests/unit/markdown/highlight-grammars.test.ts, which fails when it no longer',
    '// matches the installed version (run it with HASHMARK_WRITE_GRAMMAR_FACTS=1 to write it again).',
    "import type { GrammarFacts } from './highlight-grammars.js';",
    '',
    `/** Each grammar of lowlight's \`all\`: the name and aliases its definition gives, for highlight.js ${facts.version}. */`,
    'export const GRAMMAR_FACTS: GrammarFacts = {',
    `  version: ${JSON.stringify(facts.version)},`,
    '  grammars: {',
    ...lines,
    '  },',
    '};',
    '',
  ].join('\n');
  writeFileSync(new URL('../../../src/markdown/highlight-facts.ts', import.meta.url), text);
}
