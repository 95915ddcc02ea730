import type { Element, ElementContent } from 'hast';
import type { HeadingIdScheme } from './heading-ids.js';

/**
 * The text a heading's automatic id is made from: its text and code, links and emphasis included
 * (what GitHub, Zola, kramdown and markdown-it-anchor read), footnote reference numbers left out;
 * for `zola`, an image's alt text too.
 * For `jekyll`, kramdown's typographic dashes first: `--` and `---` become dashes that its id drops.
 * For `hugo`, the heading's Markdown line as written, which is what Goldmark slugs (link targets,
 * `_` and all), when `source` (the Markdown the tree came from) has it.
 */
export function headingText(heading: Element, scheme: HeadingIdScheme, source?: string): string {
  if (scheme === 'hugo' && source !== undefined) {
    const line = markdownLine(heading, source);
    if (line !== undefined) return line;
  }
  let text = '';
  const walk = (nodes: ElementContent[], inCode: boolean): void => {
    for (const node of nodes) {
      if (node.type === 'text') text += scheme === 'jekyll' && !inCode ? node.value.replace(KRAMDOWN_DASHES, '') : node.value;
      else if (node.type !== 'element' || isFootnoteReference(node)) continue;
      // pulldown-cmark gives an image's alt as text events, which Zola's anchors read.
      else if (node.tagName === 'img') text += scheme === 'zola' && typeof node.properties.alt === 'string' ? node.properties.alt : '';
      else walk(node.children, inCode || node.tagName === 'code');
    }
  };
  walk(heading.children, false);
  return text;
}

const KRAMDOWN_DASHES = /---|--/g;

function isFootnoteReference(node: Element): boolean {
  return node.tagName === 'sup' && node.children.some((c) => c.type === 'element' && c.tagName === 'a' && c.properties.dataFootnoteRef !== undefined);
}

/**
 * The content of a heading's Markdown line: an ATX heading without its `#`s and closing sequence, or
 * a setext heading's last text line. Undefined when the heading has no place in `source` (raw HTML).
 */
function markdownLine(heading: Element, source: string): string | undefined {
  const start = heading.position?.start.offset;
  const end = heading.position?.end.offset;
  if (start === undefined || end === undefined) return undefined;
  const lines = source.slice(start, end).split(/\r?\n/);
  const first = lines[0] ?? '';
  const atx = /^ {0,3}#{1,6}(?=[ \t]|$)/.exec(first);
  if (atx) return first.slice(atx[0].length).replace(/[ \t]+#+[ \t]*$/, '').trim().replace(/^#+$/, '');
  if (lines.length < 2 || !/^ {0,3}(=+|-+)[ \t]*$/.test(lines[lines.length - 1]!)) return undefined;
  return lines[lines.length - 2]!.trim();
}
