import { fromMarkdown, type Options } from 'mdast-util-from-markdown';
import type { Root } from 'mdast';
import type { Processor } from 'unified';

type Extensions = NonNullable<Options['extensions']>;
type Extension = Extensions[number];

/**
 * GFM's literal autolinks are tried at the start of every word (email) and at every `w` and `h`,
 * and each failed try is undone: about a fifth of the parse on prose. A construct that cannot match
 * anywhere in a document is left out of its parser; each test is true wherever its construct could
 * start a match, so the tree is the same (tests/unit/markdown/lean-parser.test.ts).
 */
const SKIPPABLE: ReadonlyArray<readonly [name: string, couldMatch: RegExp]> = [
  // An email literal is an atext character (`[A-Za-z0-9+._-]`) right before its `@`.
  ['emailAutolink', /[\w+.-]@/],
  ['wwwAutolink', /www\./i],
  ['protocolAutolink', /https?:\/\//i],
];

/**
 * Replaces remark-parse's parser with the same call to mdast-util-from-markdown, minus the literal
 * autolink constructs a document gives no chance to match. The processor's extensions are read at
 * parse time, as remark-parse does, so plugins used after this one still count.
 */
export function remarkLeanParser(this: Processor): void {
  const self = this as unknown as Processor<Root>;
  let source: Extensions | undefined;
  const variants = new Map<string, Extensions>();
  self.parser = (document: string): Root => {
    const extensions = (self.data('micromarkExtensions') ?? []) as Extensions;
    if (extensions !== source) {
      source = extensions;
      variants.clear();
    }
    const skipped = skippedConstructs(document);
    const key = skipped.join();
    let chosen = variants.get(key);
    if (!chosen) {
      chosen = withoutConstructs(extensions, new Set(skipped));
      variants.set(key, chosen);
    }
    return fromMarkdown(document, {
      ...(self.data('settings') as Options | undefined),
      extensions: chosen,
      mdastExtensions: (self.data('fromMarkdownExtensions') ?? []) as NonNullable<Options['mdastExtensions']>,
    });
  };
}

/** The names of the skippable constructs that cannot match anywhere in `document`. */
export function skippedConstructs(document: string): string[] {
  return SKIPPABLE.filter(([, couldMatch]) => !couldMatch.test(document)).map(([name]) => name);
}

/** The extensions without the text constructs named in `names`; parts without them are shared. */
export function withoutConstructs(extensions: Extensions, names: ReadonlySet<string>): Extensions {
  return names.size === 0 ? extensions : extensions.map((extension) => without(extension, names));
}

function without(extension: Extension, names: ReadonlySet<string>): Extension {
  const text = extension.text;
  if (!text) return extension;
  const kept: Record<string, unknown> = {};
  let changed = false;
  for (const [code, value] of Object.entries(text)) {
    const list = Array.isArray(value) ? value : [value];
    const left = list.filter((construct) => !(construct && typeof construct.name === 'string' && names.has(construct.name)));
    if (left.length !== list.length) changed = true;
    if (left.length > 0) kept[code] = Array.isArray(value) ? left : left[0];
  }
  return changed ? { ...extension, text: kept as Extension['text'] } : extension;
}
