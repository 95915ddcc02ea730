import type { Element, ElementContent } from 'hast';
import type { HeadingIdScheme } from './heading-ids.js';

/**
 * The text a heading's automatic id is made from: its text and code, links and emphasis included
 * (all four generators read those), footnote reference numbers left out (none of them reads those).
 * For `jekyll`, kramdown's typographic dashes first: `--` and `---` become dashes that its id drops.
 */
export function headingText(heading: Element, scheme: HeadingIdScheme): string {
  let text = '';
  const walk = (nodes: ElementContent[], inCode: boolean): void => {
    for (const node of nodes) {
      if (node.type === 'text') text += scheme === 'jekyll' && !inCode ? node.value.replace(KRAMDOWN_DASHES, '') : node.value;
      else if (node.type === 'element' && !isFootnoteReference(node)) walk(node.children, inCode || node.tagName === 'code');
    }
  };
  walk(heading.children, false);
  return text;
}

const KRAMDOWN_DASHES = /---|--/g;

function isFootnoteReference(node: Element): boolean {
  return node.tagName === 'sup' && node.children.some((c) => c.type === 'element' && c.tagName === 'a' && c.properties.dataFootnoteRef !== undefined);
}
