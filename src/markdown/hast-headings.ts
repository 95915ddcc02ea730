import type { Element, ElementContent, Root, RootContent } from 'hast';
import { toString } from 'hast-util-to-string';
import type { VFile } from 'vfile';
import { headingIdAllocator, type HeadingIdScheme } from './heading-ids.js';
import { headingText } from './heading-text.js';
import { isFootnoteSection, isHeading, rankOf } from './hast-util.js';

/**
 * The page prints the post title as its only `h1`. So a first body heading that repeats the title
 * is removed, and when other `h1`s remain every body heading moves down one level (h1→h2 … h5→h6,
 * h6 stays), keeping the author's hierarchy under the page title.
 */
export function rehypeTitleHeadings() {
  return (tree: Root, file: VFile): void => {
    const title = typeof file.data.title === 'string' ? normalise(file.data.title) : '';
    const headings: Array<{ node: Element; parent: Root | Element }> = [];
    collectHeadings(tree, headings);
    const first = headings[0];
    if (first && first.node.tagName === 'h1' && title !== '' && normalise(toString(first.node).replace(EXPLICIT_ID, '')) === title) {
      const siblings = first.parent.children as RootContent[];
      siblings.splice(siblings.indexOf(first.node), 1);
      headings.shift();
    }
    if (headings.some((h) => h.node.tagName === 'h1')) {
      for (const { node } of headings) node.tagName = `h${Math.min(rankOf(node) + 1, 6)}`;
    }
  };
}

/**
 * Gives every heading an id, unique within the post. A heading ending in `{#my-id}` (Hugo's, Zola's
 * and kramdown's syntax) takes that id and loses the suffix; a repeated explicit id is a
 * `duplicate-heading-id` warning and the heading gets an automatic one. The others get the `scheme`'s
 * slug: an id already in the tree (raw HTML, footnotes, explicit ids) is never reused, later
 * duplicates get `-1`, `-2`, ….
 */
export function rehypeHeadingIds(options: { scheme?: HeadingIdScheme } = {}) {
  const scheme = options.scheme ?? 'github';
  return (tree: Root, file: VFile): void => {
    const used = new Set<string>();
    collectIds(tree, used);
    const headings: Array<{ node: Element; parent: Root | Element }> = [];
    collectHeadings(tree, headings);
    const auto: Element[] = [];
    for (const { node } of headings) {
      if (typeof node.properties.id === 'string' && node.properties.id !== '') continue;
      const explicit = takeExplicitId(node);
      if (explicit === undefined) auto.push(node);
      else if (used.has(explicit)) {
        const message = file.message(`The heading id "${explicit}" is already used in this post; this heading gets an automatic id instead.`, {
          place: node.position,
          ruleId: 'duplicate-heading-id',
          source: 'hashmark',
        });
        message.fatal = false;
        auto.push(node);
      } else {
        used.add(explicit);
        node.properties.id = explicit;
      }
    }
    // Explicit ids are all reserved first, so an automatic id never takes one written further down.
    const next = headingIdAllocator(scheme, used);
    const source = typeof file.value === 'string' ? file.value : undefined;
    for (const node of auto) node.properties.id = next(headingText(node, scheme, source));
  };
}

const EXPLICIT_ID = /[ \t]*\{#([^\s{}#]+)\}[ \t]*$/u;

/** `{#id}` at the end of a heading's text: removed from the heading, its id returned. */
function takeExplicitId(heading: Element): string | undefined {
  const last = heading.children.at(-1);
  if (last?.type !== 'text') return undefined;
  const match = EXPLICIT_ID.exec(last.value);
  if (!match) return undefined;
  last.value = last.value.slice(0, match.index);
  if (last.value === '') heading.children.pop();
  return match[1];
}

function normalise(text: string): string {
  return text.replace(/\s+/gu, ' ').trim().toLowerCase();
}

/** Headings in document order, outside the footnotes section (its label belongs to the footnotes). */
function collectHeadings(parent: Root | Element, out: Array<{ node: Element; parent: Root | Element }>): void {
  for (const child of parent.children as Array<RootContent | ElementContent>) {
    if (child.type !== 'element') continue;
    if (isHeading(child)) out.push({ node: child, parent });
    else if (!isFootnoteSection(child)) collectHeadings(child, out);
  }
}

function collectIds(parent: Root | Element, out: Set<string>): void {
  for (const child of parent.children as Array<RootContent | ElementContent>) {
    if (child.type !== 'element') continue;
    const id = child.properties.id;
    if (typeof id === 'string') out.add(id);
    collectIds(child, out);
  }
}
