import type { Element, ElementContent, RootContent } from 'hast';

export function isHeading(node: Element): boolean {
  const t = node.tagName;
  return t.length === 2 && t.charCodeAt(0) === 0x68 && t.charCodeAt(1) >= 0x31 && t.charCodeAt(1) <= 0x36;
}

export function rankOf(node: Element): number {
  return node.tagName.charCodeAt(1) - 0x30;
}

export function hasClass(node: Element, name: string): boolean {
  const c = node.properties.className;
  return Array.isArray(c) && c.includes(name);
}

/** The `<section data-footnotes>` remark-rehype appends for GFM footnotes. */
export function isFootnoteSection(node: Element): boolean {
  return node.tagName === 'section' && node.properties.dataFootnotes !== undefined;
}

export function isElement(node: RootContent | ElementContent): node is Element {
  return node.type === 'element';
}
