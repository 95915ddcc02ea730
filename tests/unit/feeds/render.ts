import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseAtomFeed, parseFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import type { BodyStore } from '../../../src/markdown/types.js';

/** Bodies keyed by slug; an unknown slug is a test bug. */
export function bodies(map: Record<string, string>): BodyStore {
  return {
    html(slug: string): string {
      const html = map[slug];
      if (html === undefined) throw new Error(`no body for ${slug}`);
      return html;
    },
  };
}

/** Asserts well-formed XML (a strict parser, not the feed reader, which is lenient). */
export function wellFormed(xml: string): void {
  const result = XMLValidator.validate(xml);
  if (result !== true) throw new Error(`not well-formed XML: ${JSON.stringify(result.err)}\n${xml}`);
}

export function parseXml(xml: string): unknown {
  return new XMLParser({ ignoreAttributes: false, processEntities: true }).parse(xml);
}

/** Which format feedsmith, a feed-reader library for RSS, Atom and JSON Feed, detects. */
export function detectFormat(text: string): string {
  return parseFeed(text.trimStart().startsWith('{') ? JSON.parse(text) : text).format;
}

export function readRss(xml: string) {
  wellFormed(xml);
  return parseRssFeed(xml);
}

export function readAtom(xml: string) {
  wellFormed(xml);
  return parseAtomFeed(xml);
}

export function readJson(text: string) {
  return parseJsonFeed(JSON.parse(text));
}

/** Decodes the HTML a `type="html"` Atom text carries back to the plain text it stands for. */
export function htmlToText(html: string): string {
  return html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}
