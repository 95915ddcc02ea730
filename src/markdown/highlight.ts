import type { Element, Root } from 'hast';
import { toText } from 'hast-util-to-text';
import { all, createLowlight } from 'lowlight';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { ALIASES, EMBEDDED } from './highlight-languages.js';

export interface HighlightOptions {
  /** Languages shown as plain text, without a warning. */
  plainText: readonly string[];
}

/**
 * rehype-highlight's transform (7.0, without auto-detection), with one change: a grammar is
 * registered when a code block first asks for it. Registering all 192 grammars, as rehype-highlight
 * does when its processor is made, costs about 50 ms of CPU in every thread that renders Markdown,
 * for the handful of languages a site uses. The HTML and the `missing-language` message are the same.
 */
export function rehypeHighlight(options: HighlightOptions) {
  return (tree: Root, file: VFile): void => {
    visit(tree, 'element', (node, _index, parent) => {
      if (node.tagName !== 'code' || !parent || parent.type !== 'element' || parent.tagName !== 'pre') return;
      const lang = languageOf(node);
      if (lang === false || !lang || options.plainText.includes(lang)) return;
      if (!Array.isArray(node.properties.className)) node.properties.className = [];
      if (!node.properties.className.includes('hljs')) node.properties.className.unshift('hljs');
      if (!ensureLanguage(lang)) {
        file.message(`Cannot highlight as \`${lang}\`, it’s not registered`, {
          ancestors: [parent, node],
          place: node.position,
          ruleId: 'missing-language',
          source: 'rehype-highlight',
        });
        return;
      }
      const result = lowlight.highlight(lang, toText(node, { whitespace: 'pre' }));
      if (result.children.length > 0) node.children = result.children as Element['children'];
    });
  };
}

/** One registry per thread, shared by every processor: the grammars are the same for all. */
const lowlight = createLowlight();
const registered = new Set<string>();
let complete = false;

/** Registers the grammar `lang` names (and those it embeds); false when highlight.js has none. */
export function ensureLanguage(lang: string): boolean {
  const lower = lang.toLowerCase();
  // Looked up before asking lowlight: `ls` may already answer for lasso while its owner here is livescript.
  const name = Object.hasOwn(all, lower) ? lower : Object.hasOwn(ALIASES, lower) ? ALIASES[lower] : undefined;
  if (name !== undefined) register(name);
  // A name the tables do not know (a newer highlight.js, or no such language): every grammar, as before.
  if (!lowlight.registered(lang) && !complete) {
    complete = true;
    for (const each of Object.keys(all)) register(each);
  }
  return lowlight.registered(lang);
}

function register(name: string): void {
  const pending = [name];
  let added = false;
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (registered.has(next) || !Object.hasOwn(all, next)) continue;
    const grammar = all[next]!;
    registered.add(next);
    lowlight.register(next, grammar);
    added = true;
    for (const embedded of EMBEDDED[next] ?? []) pending.push(Object.hasOwn(all, embedded) || !Object.hasOwn(ALIASES, embedded) ? embedded : ALIASES[embedded]!);
  }
  // Two grammars claim `ls` and two `ml`; the one registered last wins, as when all are registered in order.
  if (added) for (const [alias, owner] of Object.entries(ALIASES)) if (registered.has(owner)) lowlight.registerAlias(owner, alias);
}

function languageOf(node: Element): string | false | undefined {
  const list = node.properties.className;
  if (!Array.isArray(list)) return undefined;
  let name: string | undefined;
  for (const item of list) {
    const value = String(item);
    if (value === 'no-highlight' || value === 'nohighlight') return false;
    if (!name && value.startsWith('lang-')) name = value.slice(5);
    if (!name && value.startsWith('language-')) name = value.slice(9);
  }
  return name;
}
