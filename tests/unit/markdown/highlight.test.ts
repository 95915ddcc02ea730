import hljs from 'highlight.js/lib/core';
import { all } from 'lowlight';
import rehypeHighlightPackage from 'rehype-highlight';
import rehypeStringify from 'rehype-stringify';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { describe, expect, it, vi } from 'vitest';
import { ALIASES, EMBEDDED } from '../../../src/markdown/highlight-languages.js';

const PLAIN = ['text', 'plain', 'mermaid'];

/** The HTML and messages of `markdown` through rehype-highlight itself (every grammar registered) or ours. */
async function render(markdown: string, ours: boolean): Promise<{ html: string; messages: string[] }> {
  let processor;
  if (ours) {
    // A fresh module: its registry starts empty, as in a new thread.
    vi.resetModules();
    const { rehypeHighlight } = await import('../../../src/markdown/highlight.js');
    processor = unified().use(remarkParse).use(remarkRehype).use(rehypeHighlight, { plainText: PLAIN }).use(rehypeStringify);
  } else {
    processor = unified().use(remarkParse).use(remarkRehype).use(rehypeHighlightPackage, { languages: all, plainText: PLAIN }).use(rehypeStringify);
  }
  const file = await processor.process(markdown);
  return { html: String(file), messages: file.messages.map((m) => `${m.ruleId} ${m.line}:${m.column} ${m.reason}`) };
}

const fence = (lang: string, code: string): string => `\`\`\`${lang}\n${code}\n\`\`\`\n`;
const SAMPLE = 'let x = "<b>" + f(1); // note\n<style>p { color: red }</style><script>var y = `t`;</script>';

describe('code highlighting with grammars registered on first use', () => {
  it('gives the same HTML as rehype-highlight with every grammar, for every name and alias', async () => {
    const names = [...Object.keys(all), ...Object.keys(ALIASES)];
    const markdown = names.map((name) => fence(name, SAMPLE)).join('\n');
    const [ours, theirs] = await Promise.all([render(markdown, true), render(markdown, false)]);
    expect(ours.html).toContain('hljs-');
    expect(ours).toEqual(theirs);
  });

  it('resolves aliases two grammars claim as highlight.js does, whichever was used first', async () => {
    for (const order of [['lasso', 'ls', 'livescript', 'ls'], ['ls', 'lasso', 'ls'], ['ocaml', 'ml', 'sml', 'ml'], ['ml', 'ocaml', 'ml']]) {
      const markdown = order.map((name) => fence(name, 'a = b -> c # d; (* e *) end')).join('\n');
      expect(await render(markdown, true), order.join(' ')).toEqual(await render(markdown, false));
    }
  });

  it('highlights embedded languages (HTML with CSS and JavaScript) and warns about unknown ones the same way', async () => {
    for (const first of ['html', 'vue', 'ts', 'erb', 'markdown', 'php-template', 'nosuchlanguage', 'CONSTRUCTOR', 'toString', 'TS', 'no-highlight', 'text']) {
      const markdown = [fence(first, SAMPLE), fence('html', SAMPLE), fence('lang-x', 'x'), '<pre><code class="language-js">a<br>b</code></pre>\n'].join('\n');
      expect(await render(markdown, true), first).toEqual(await render(markdown, false));
    }
    const unknown = await render(fence('nosuchlanguage', 'x'), true);
    expect(unknown.messages).toEqual(['missing-language 1:1 Cannot highlight as `nosuchlanguage`, it’s not registered']);
  });

  it('has alias and embedded-grammar tables that match the installed highlight.js', () => {
    const instance = hljs.newInstance();
    const aliases: Record<string, string> = {};
    const embedded: Record<string, string[]> = {};
    for (const [name, grammar] of Object.entries(all)) {
      const definition = grammar(instance);
      for (const alias of definition.aliases ?? []) aliases[alias.toLowerCase()] = name;
      const found = new Set<string>();
      const seen = new Set<object>();
      const walk = (mode: unknown): void => {
        if (mode === null || typeof mode !== 'object' || seen.has(mode)) return;
        seen.add(mode);
        const sub = (mode as { subLanguage?: string | string[] }).subLanguage;
        for (const each of typeof sub === 'string' ? [sub] : sub ?? []) found.add(each);
        for (const value of Object.values(mode)) (Array.isArray(value) ? value : [value]).forEach(walk);
      };
      walk(definition);
      found.delete(name);
      if (found.size > 0) embedded[name] = [...found].sort();
    }
    expect(ALIASES).toEqual(aliases);
    expect(EMBEDDED).toEqual(embedded);
  });
});
