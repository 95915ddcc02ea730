import type { Element, ElementContent, Root, RootContent } from 'hast';
import type { ImageRef, MarkdownOptions, PostFeature, TocEntry } from './types.js';
import { isSourceLink } from '../url-path.js';
import { hasClass, isFootnoteSection, isHeading, rankOf } from './hast-util.js';

/** What the page needs besides the HTML, read off the final tree (never by parsing again). */
export interface TreeFacts {
  toc: TocEntry[];
  words: number;
  readingMinutes: number;
  excerpt: string;
  /** Theme features the HTML needs ('math', 'mermaid'); absent when none, so other posts' facts stay as they were. */
  uses?: PostFeature[];
  /** Links to other posts' source files (`@/x.md`, `../y.md`), as written: pages put the posts' URLs in (see site/source-links). */
  sourceLinks?: string[];
  /** Local images, for the images stage (which resolves, measures and rewrites them); absent when none. */
  images?: ImageRef[];
}

/** Phrasing elements: text inside them runs on; any other element separates words. */
const INLINE = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'i', 'ins', 'kbd',
  'mark', 'q', 's', 'samp', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'time', 'tt', 'u', 'var',
]);

/** CJK scripts write without spaces: each character counts as a word. */
const WORD = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]|[^\s\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]+/gu;
const HAS_LETTER = /[\p{L}\p{N}]/u;
/** Text without these code units has no CJK: its words are its runs of non-space with a letter or digit. */
const MAYBE_CJK = /[\u2E80-\uFFFF\uD800-\uDFFF]/;
const LETTERED_RUN = /(?<!\S)[^\s\p{L}\p{N}]*[\p{L}\p{N}]\S*/gu;

export function readTree(tree: Root, options: MarkdownOptions): TreeFacts {
  const toc: TocEntry[] = [];
  const all: string[] = [];
  const paragraphs: string[] = [];
  let excerptChars = 0;
  const uses = new Set<PostFeature>();
  const sourceLinks = new Set<string>();
  const images: ImageRef[] = [];

  const visit = (parent: Root | Element, inFootnotes: boolean): void => {
    for (const child of parent.children as Array<RootContent | ElementContent>) {
      if (child.type === 'text') {
        all.push(child.value);
        continue;
      }
      if (child.type !== 'element') continue;
      if (hasClass(child, 'katex')) uses.add('math');
      else if (child.tagName === 'pre' && hasClass(child, 'mermaid')) uses.add('mermaid');
      else if (child.tagName === 'a' && typeof child.properties.href === 'string' && isSourceLink(child.properties.href)) sourceLinks.add(child.properties.href);
      else if (child.tagName === 'img') {
        const src = child.properties.src;
        if (typeof src === 'string' && isLocal(src)) {
          const line = child.position?.start.line;
          const alt = child.properties.alt;
          const ref: ImageRef = line === undefined ? { src } : { src, line };
          if (typeof alt === 'string' && alt !== '') ref.alt = alt;
          images.push(ref);
        }
      }
      if (skipped(child)) continue;
      if (isHeading(child)) {
        const rank = rankOf(child);
        if (rank >= 2 && rank <= 4 && typeof child.properties.id === 'string') {
          toc.push({ depth: rank, id: child.properties.id, text: collapse(textOf(child)) });
        }
      } else if (child.tagName === 'p' && !inFootnotes && excerptChars <= options.excerptLength) {
        const text = collapse(textOf(child));
        if (text !== '') {
          paragraphs.push(text);
          excerptChars += text.length + 1;
        }
      }
      const block = !INLINE.has(child.tagName);
      if (block) all.push(' ');
      visit(child, inFootnotes || isFootnoteSection(child));
      if (block) all.push(' ');
    }
  };
  visit(tree, false);

  const words = countWords(all.join(''));
  const facts: TreeFacts = {
    toc,
    words,
    readingMinutes: Math.max(1, Math.ceil(words / options.wordsPerMinute)),
    excerpt: cut(paragraphs.join(' '), options.excerptLength),
  };
  if (uses.size > 0) facts.uses = [...uses].sort();
  if (sourceLinks.size > 0) facts.sourceLinks = [...sourceLinks];
  if (images.length > 0) facts.images = images;
  return facts;
}

/** A file of this site: not `https:`, `data:` or `//host/`, and not empty or a bare fragment. */
export function isLocal(src: string): boolean {
  return src !== '' && !src.startsWith('#') && !src.startsWith('//') && !/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(src);
}

export function countWords(text: string): number {
  // The same count in one regex pass, without a match object per word.
  if (!MAYBE_CJK.test(text)) return text.match(LETTERED_RUN)?.length ?? 0;
  let count = 0;
  for (const match of text.matchAll(WORD)) if (HAS_LETTER.test(match[0])) count++;
  return count;
}

/**
 * Cuts plain text to at most `limit` characters (code points) at a word boundary, ending in `…`.
 * Text without a usable space (CJK, one huge word) is cut between characters.
 */
export function cut(text: string, limit: number): string {
  const chars = Array.from(text);
  if (chars.length <= limit) return text;
  const head = chars.slice(0, Math.max(0, limit - 1)).join('');
  // The head ends a word when the next character is a space; otherwise drop the partial word.
  const space = /\s/u.test(chars[limit - 1] ?? '') ? head.length : head.lastIndexOf(' ');
  const kept = space > head.length / 2 ? head.slice(0, space) : head;
  return `${kept.replace(/[\s,;:.\-–—…]+$/u, '')}…`;
}

/** Not prose: the footnote label (visually hidden), footnote reference numbers, and code the browser never shows. */
const HIDDEN = new Set(['script', 'style', 'template', 'noscript']);

function skipped(node: Element): boolean {
  return (
    HIDDEN.has(node.tagName) ||
    hasClass(node, 'sr-only') ||
    (node.tagName === 'a' && node.properties.dataFootnoteRef !== undefined)
  );
}

function textOf(node: Element): string {
  let out = '';
  for (const child of node.children) {
    if (child.type === 'text') out += child.value;
    else if (child.type === 'element' && !skipped(child)) out += INLINE.has(child.tagName) ? textOf(child) : ` ${textOf(child)} `;
  }
  return out;
}

function collapse(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

