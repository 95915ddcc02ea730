import type { Element, ElementContent, Root, RootContent } from 'hast';
import { slug } from 'github-slugger';
import { toString } from 'hast-util-to-string';
import type { VFile } from 'vfile';
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
    if (first && first.node.tagName === 'h1' && title !== '' && normalise(toString(first.node)) === title) {
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
 * Gives every heading without an id a GitHub-style slug, unique within the post: an id already in
 * the tree (raw HTML, footnotes) is never reused, later duplicates get `-1`, `-2`, ….
 */
export function rehypeHeadingIds() {
  return (tree: Root): void => {
    const used = new Set<string>();
    collectIds(tree, used);
    const headings: Array<{ node: Element; parent: Root | Element }> = [];
    collectHeadings(tree, headings);
    for (const { node } of headings) {
      if (typeof node.properties.id === 'string' && node.properties.id !== '') continue;
      const base = slug(toString(node)) || 'section';
      let id = base;
      for (let n = 1; used.has(id); n++) id = `${base}-${n}`;
      used.add(id);
      node.properties.id = id;
    }
  };
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
