import { decodeHTMLAttribute } from 'entities';
import type { ImageView } from './types.js';

export interface RewriteOptions {
  /** `page`: `<picture>` with sources, lazy loading after the first image. `feed`: sizes only. */
  mode: 'page' | 'feed';
  /** The `sizes` attribute of the sources. */
  sizes: string;
}

/** An `<img>` as hast-util-to-html writes it: every attribute value double-quoted, `<` never raw inside. */
const IMG = /<img((?:\s+[^\s"'>/=]+(?:="[^"]*")?)*)\s*\/?>|<(\/?)picture(?:\s+[^\s"'>/=]+(?:="[^"]*")?)*\s*>/g;
const ATTRIBUTE = /\s+([^\s"'>/=]+)(?:="([^"]*)")?/g;

/**
 * Gives each known `<img>` of a rendered body its width and height, and on pages lazy loading (all
 * but the body's first image, which may be the largest paint) and its AVIF/WebP sources in a
 * `<picture>`. Images `view` does not know (remote ones) are left as they are. Pure string work on
 * our own serialiser's output: no parse, no image read.
 */
export function rewriteImages(html: string, view: (src: string) => ImageView | undefined, options: RewriteOptions): string {
  if (!html.includes('<img')) return html;
  let first = true;
  // An <img> the author already put in a <picture> gets its size, not a second <picture>.
  let inPicture = 0;
  return html.replace(IMG, (tag, attributeText: string | undefined, closing: string | undefined) => {
    if (attributeText === undefined) {
      inPicture = Math.max(0, inPicture + (closing === '/' ? -1 : 1));
      return tag;
    }
    const isFirst = first;
    first = false;
    const attributes: Array<[string, string | undefined]> = [];
    for (const match of attributeText.matchAll(ATTRIBUTE)) attributes.push([match[1]!.toLowerCase(), match[2]]);
    const get = (name: string): string | undefined => attributes.find(([n]) => n === name)?.[1];
    const src = get('src');
    const facts = src === undefined ? undefined : view(decode(src));
    if (!facts) return tag;
    const has = (name: string): boolean => attributes.some(([n]) => n === name);
    const added: string[] = [];
    const width = get('width');
    const height = get('height');
    if (width === undefined && height === undefined) added.push(`width="${facts.width}"`, `height="${facts.height}"`);
    else if (height === undefined && Number(width) > 0) added.push(`height="${Math.round((Number(width) * facts.height) / facts.width)}"`);
    else if (width === undefined && Number(height) > 0) added.push(`width="${Math.round((Number(height) * facts.width) / facts.height)}"`);
    if (options.mode === 'page') {
      if (!isFirst && !has('loading')) added.push('loading="lazy"');
      if (!has('decoding')) added.push('decoding="async"');
    }
    const img = added.length === 0 ? tag : `<img${attributeText} ${added.join(' ')}>`;
    if (options.mode === 'feed' || facts.sources.length === 0 || has('srcset') || inPicture > 0) return img;
    const sizes = escapeAttribute(options.sizes);
    const sources = facts.sources.map((s) => `<source type="${s.type}" srcset="${escapeAttribute(s.srcset)}" sizes="${sizes}">`);
    return `<picture>${sources.join('')}${img}</picture>`;
  });
}

function decode(value: string): string {
  return value.includes('&') ? decodeHTMLAttribute(value) : value;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&#x26;').replace(/"/g, '&#x22;');
}
