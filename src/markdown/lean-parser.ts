import { fromMarkdown, type Options } from 'mdast-util-from-markdown';
import type { Root } from 'mdast';
import type { Processor } from 'unified';

type Extensions = NonNullable<Options['extensions']>;
type MdastExtensions = NonNullable<Options['mdastExtensions']>;

/**
 * GFM's literal autolinks are tried at the start of every word (email) and at every `w` and `h`,
 * its table at the start of every paragraph line, and each failed try is undone: about a quarter of
 * the parse of prose. A construct that cannot match anywhere in a document is left out of its
 * parser. Each test is true wherever its construct could start a match, on the source as the
 * tokenizer reads it, so the tree is the same (tests/unit/markdown/lean-parser.test.ts).
 */
const SKIPPABLE: ReadonlyArray<{ name: string; couldMatch: RegExp }> = [
  // An email literal is an atext character (`[A-Za-z0-9+._-]`) right before its `@`.
  { name: 'emailAutolink', couldMatch: /[\w+.-]@/ },
  { name: 'wwwAutolink', couldMatch: /www\./i },
  { name: 'protocolAutolink', couldMatch: /https?:\/\//i },
  // A delimiter row is told from a paragraph by a `|`, or by a colon beside a dash.
  { name: 'table', couldMatch: /\||:-|-:/ },
];

/**
 * The tree transform that links literal URLs and emails (mdast-util-gfm-autolink-literal) walks
 * the tree once per pattern, and every pattern needs one of these in a text node's value: it runs
 * only on trees where some text node has one.
 */
const AUTOLINK_TRANSFORM = 'transformGfmAutolinkLiterals';
const AUTOLINK_TEXT = /[\w+.-]@|www\.|https?:\/\//i;

/**
 * Replaces remark-parse's parser with the same call to mdast-util-from-markdown, minus the
 * constructs a document gives no chance to match. The processor's extensions are read at parse
 * time, as remark-parse does, so plugins used after this one still count.
 */
export function remarkLeanParser(this: Processor): void {
  const self = this as unknown as Processor<Root>;
  let source: Extensions | undefined;
  let mdastSource: MdastExtensions | undefined;
  const variants = new Map<string, Extensions>();
  let mdastGuarded: MdastExtensions | undefined;
  self.parser = (document: string): Root => {
    const extensions = (self.data('micromarkExtensions') ?? []) as Extensions;
    const mdastExtensions = (self.data('fromMarkdownExtensions') ?? []) as MdastExtensions;
    if (extensions !== source || mdastExtensions !== mdastSource) {
      source = extensions;
      mdastSource = mdastExtensions;
      variants.clear();
      mdastGuarded = undefined;
    }
    const skipped = skippedConstructs(document);
    const key = skipped.join();
    let chosen = variants.get(key);
    if (!chosen) {
      chosen = withoutConstructs(extensions, new Set(skipped));
      variants.set(key, chosen);
    }
    mdastGuarded ??= guardTransform(mdastExtensions, AUTOLINK_TRANSFORM, (tree) => someText(tree, AUTOLINK_TEXT));
    return fromMarkdown(document, { ...(self.data('settings') as Options | undefined), extensions: chosen, mdastExtensions: mdastGuarded });
  };
}

/** The names of the skippable constructs that cannot match anywhere in `document`. */
export function skippedConstructs(document: string): string[] {
  return SKIPPABLE.filter(({ couldMatch }) => !couldMatch.test(document)).map(({ name }) => name);
}

/** The extensions without the constructs named in `names`; parts without them are shared. */
export function withoutConstructs(extensions: Extensions, names: ReadonlySet<string>): Extensions {
  if (names.size === 0) return extensions;
  return extensions.map((extension) => {
    let copy = extension;
    for (const map of ['text', 'flow'] as const) {
      const kept = withoutIn(extension[map], names);
      if (kept) copy = { ...copy, [map]: kept };
    }
    return copy;
  });
}

/** A construct map without the named constructs, or undefined when none of them is in it. */
function withoutIn<T extends object>(constructs: T | undefined, names: ReadonlySet<string>): T | undefined {
  if (!constructs) return undefined;
  const kept: Record<string, unknown> = {};
  let changed = false;
  for (const [code, value] of Object.entries(constructs) as Array<[string, unknown]>) {
    const list: unknown[] = Array.isArray(value) ? value : [value];
    const left = list.filter((construct) => !names.has((construct as { name?: unknown } | null)?.name as string));
    if (left.length !== list.length) changed = true;
    if (left.length > 0) kept[code] = Array.isArray(value) ? left : left[0];
  }
  return changed ? (kept as T) : undefined;
}

/** The mdast extensions (nested lists, as remark plugins add them) with the named transform run only where `needed`. */
export function guardTransform(extensions: MdastExtensions, name: string, needed: (tree: Root) => boolean): MdastExtensions {
  return extensions.map((entry) => {
    if (Array.isArray(entry)) return guardTransform(entry, name, needed);
    const transforms = entry.transforms;
    if (!transforms?.some((transform) => transform.name === name)) return entry;
    const guarded = transforms.map((transform) =>
      transform.name === name ? (tree: Root): ReturnType<typeof transform> => (needed(tree) ? transform(tree) : undefined) : transform,
    );
    return { ...entry, transforms: guarded };
  }) as MdastExtensions;
}

/** Whether any text node of the tree matches `pattern` (not global, so `test` keeps no state). */
export function someText(tree: Root, pattern: RegExp): boolean {
  const stack: Array<{ type: string; value?: unknown; children?: unknown[] }> = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'text' && typeof node.value === 'string' && pattern.test(node.value)) return true;
    if (node.children) for (const child of node.children) stack.push(child as { type: string });
  }
  return false;
}
