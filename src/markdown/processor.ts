import type { Element, Root } from 'hast';
import { all } from 'lowlight';
import rehypeAutolinkHeadings from 'rehype-autolink-headings';
import rehypeHighlight from 'rehype-highlight';
import rehypeKatex from 'rehype-katex';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import { remark } from 'remark';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkRehype from 'remark-rehype';
import type { Processor } from 'unified';
import type { VFile } from 'vfile';
import { rehypeBasePath, rehypeFragmentLinks, rehypeValidMarkup, walk } from './hast-fixes.js';
import { rehypeHeadingIds, rehypeTitleHeadings } from './hast-headings.js';
import { hasClass } from './hast-util.js';
import { remarkLeanParser } from './lean-parser.js';
import { featuresIn, rehypeAlerts, rehypeCodeBlocks, rehypeEmbeds, rehypeRecordRaw, rehypeReportRemoved } from './features.js';
import { deferredGrammars, type DeferredGrammars } from './highlight-grammars.js';
import { named, NO_PLUGINS, type LoadedPlugins } from './plugins.js';
import { extendedSchema } from './sanitize-schema.js';
import type { MarkdownOptions } from './types.js';

/** The processor type once rehype-stringify is the compiler: mdast in, hast through, string out. */
export type BodyProcessor = Processor<import('mdast').Root, import('mdast').Root, Root, Root, string>;

/**
 * Builds the one processor a renderer reuses for every post (frozen: building it per post costs
 * about half as much again, mostly the highlighter's language registry). `math` adds remark-math
 * to the parser, which changes how `$` reads, so it is a processor of its own, used only for posts
 * that contain a `$`.
 *
 * Order matters (docs/architecture.md, "Markdown pipeline"): user rehype plugins run before
 * sanitising, so what they add is cleaned like author HTML; Hashmark's own steps come after it, so
 * the classes and ids it adds are not stripped or prefixed.
 */
export function createProcessor(options: MarkdownOptions, plugins: LoadedPlugins = NO_PLUGINS, math = false): BodyProcessor {
  const sanitize = options.rawHtml !== 'trusted';
  const grammars = deferredGrammars(all);
  const processor = remark().use(remarkGfm);
  if (math) processor.use(remarkMath);
  // Before user plugins: one that brings its own parser replaces this one.
  processor.use(remarkLeanParser);
  for (const plugin of plugins.remark) processor.use(named(plugin), ...(optionsOf(plugin) as []));
  processor
    // Footnote ids are left unprefixed here when sanitising, because sanitising prefixes them.
    .use(remarkRehype, { allowDangerousHtml: true, clobberPrefix: sanitize ? '' : 'user-content-' })
    .use(rehypeRawWhenPresent);
  if (sanitize) processor.use(rehypeRecordRaw);
  for (const plugin of plugins.rehype) processor.use(named(plugin), ...(optionsOf(plugin) as []));
  if (sanitize) processor.use(rehypeSanitize, extendedSchema(options)).use(rehypeReportRemoved).use(rehypeFragmentLinks);
  if (math) processor.use(rehypeKatex, { output: 'htmlAndMathml' }).use(rehypeScrollableMath);
  return processor
    .use(rehypeAlerts)
    .use(rehypeTitleHeadings)
    .use(rehypeHeadingIds, { scheme: options.headingIds })
    .use(rehypeAutolinkHeadings, {
      behavior: 'after',
      // GitHub's pattern: the link sits after the heading and is named "Permalink: <heading>",
      // so the heading's own accessible name stays exactly its text.
      group: () => ({ type: 'element', tagName: 'div', properties: { className: ['heading'] }, children: [] }),
      properties: (heading: Element) => ({
        className: ['heading-anchor'],
        ariaLabel: `Permalink: ${textOf(heading)}`,
      }),
      content: { type: 'element', tagName: 'span', properties: { ariaHidden: 'true' }, children: [{ type: 'text', value: '#' }] },
      test: (heading: Element) => !hasClass(heading, 'sr-only'),
    })
    .use(rehypeValidMarkup)
    .use(sanitize ? rehypeEmbeds : () => undefined, { embeds: options.embeds })
    .use(rehypeBasePath, { basePath: options.basePath })
    // Each grammar's definition runs when a code block first needs it (highlight-grammars.ts).
    .use(rehypeReadyGrammars, grammars)
    .use(rehypeHighlight, { languages: grammars.languages, plainText: PLAIN_TEXT })
    .use(rehypeCodeBlocks)
    .use(rehypeStringify)
    .freeze() as unknown as BodyProcessor;
}

/** Code block languages shown as plain text, not highlighted. */
const PLAIN_TEXT = ['text', 'txt', 'plain', 'plaintext', 'none', 'output', 'mermaid'];

/**
 * Readies the grammars a tree's code blocks need, just before rehype-highlight uses them. A body
 * without a fence or raw HTML has no code block with a language: the tree is not walked for one.
 */
function rehypeReadyGrammars(grammars: DeferredGrammars) {
  return (tree: Root, file: VFile): void => {
    if (featuresIn(file).code || (file.data as { hadRaw?: boolean }).hadRaw === true) grammars.prepare(tree, PLAIN_TEXT);
  };
}

function optionsOf(plugin: { options?: unknown }): unknown[] {
  return plugin.options === undefined ? [] : [plugin.options];
}

/**
 * rehype-raw re-parses the whole tree through an HTML parser, a fifth of the render cost; a body
 * without raw HTML gains nothing from it, so it runs only when the tree holds `raw` nodes.
 */
function rehypeRawWhenPresent(this: Processor) {
  const raw = (rehypeRaw as unknown as (this: Processor) => (tree: Root, file: VFile) => Root).call(this);
  return (tree: Root, file: VFile): Root => {
    if (!hasRaw(tree)) return tree;
    (file.data as { hadRaw?: boolean }).hadRaw = true;
    // Re-parsing drops node data, where remark-rehype keeps a fence's meta (its title and lines).
    const metas = new Map<number, string>();
    walk(tree, (node) => {
      const offset = node.position?.start.offset;
      if (node.tagName === 'code' && typeof node.data?.meta === 'string' && offset !== undefined) metas.set(offset, node.data.meta);
    });
    (file.data as { codeMeta?: Map<number, string> }).codeMeta = metas;
    return raw(tree, file);
  };
}

function hasRaw(tree: Root): boolean {
  const stack: Array<Root | Root['children'][number]> = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'raw') return true;
    if ('children' in node) for (const child of node.children) stack.push(child);
  }
  return false;
}

function textOf(node: Element): string {
  let out = '';
  for (const child of node.children) {
    if (child.type === 'text') out += child.value;
    else if (child.type === 'element') out += textOf(child);
  }
  return out.replace(/\s+/gu, ' ').trim();
}

/**
 * A display formula wider than the column scrolls sideways in its box; keyboard users must be able
 * to reach it to scroll it (WCAG 2.1.1, axe's scrollable-region-focusable), so the box takes focus.
 */
function rehypeScrollableMath() {
  return (tree: Root): void => {
    walk(tree, (node) => {
      if (hasClass(node, 'katex-display')) node.properties.tabIndex = 0;
    });
  };
}
