import slugify from '@sindresorhus/slugify';
import { slug as githubSlug } from 'github-slugger';
import { transliterateChar } from './ascii-transliteration.js';

/** Whose heading ids a site reproduces, so in-page links of a moved blog keep working (README "Heading ids"). */
export type HeadingIdScheme = 'github' | 'hugo' | 'zola' | 'jekyll' | 'eleventy';

export const HEADING_ID_SCHEMES: readonly HeadingIdScheme[] = ['github', 'hugo', 'zola', 'jekyll', 'eleventy'];

/**
 * Hands out the ids of one post's headings in document order. `used` holds the ids already in the
 * tree (raw HTML, footnotes, explicit `{#id}`s) and every id handed out, so none is given twice.
 */
export function headingIdAllocator(scheme: HeadingIdScheme, used: Set<string>): (text: string) => string {
  const base = BASES[scheme];
  // kramdown counts repeats per base text (`a`, `a-1`, `a-2`); the others probe `-1`, `-2`, … until
  // free. Both agree unless a heading's own text is `a-1`, where kramdown would repeat an id.
  const counts = new Map<string, number>();
  return (text) => {
    // Hugo names an empty id `heading`; the others have no word for it.
    const start = base(text) || (scheme === 'hugo' ? 'heading' : 'section');
    let n = scheme === 'jekyll' ? (counts.get(start) ?? 0) : 0;
    let id = n === 0 ? start : `${start}-${n}`;
    while (used.has(id)) id = `${start}-${++n}`;
    counts.set(start, n + 1);
    used.add(id);
    return id;
  };
}

const BASES: Record<HeadingIdScheme, (text: string) => string> = {
  // github-slugger: GitHub's own punctuation list; unicode letters and emoji-free text kept, lowercased.
  github: (text) => githubSlug(text),
  hugo: hugoSlug,
  zola: zolaSlug,
  jekyll: kramdownGfmSlug,
  // Eleventy's `slugify` filter: @sindresorhus/slugify with decamelize off (what markdown-it-anchor is given).
  eleventy: (text) => slugify(text, { decamelize: false }),
};

/**
 * Hugo's default (Goldmark, `autoHeadingIDType = "github"`), given the heading's Markdown line (see
 * heading-text.ts): letters, decimal digits and `_` kept and lowercased, each space, tab or `-` a `-`,
 * everything else dropped.
 */
function hugoSlug(line: string): string {
  let out = '';
  for (const char of line) {
    if (char === ' ' || char === '\t' || char === '-') out += '-';
    else if (/[\p{L}\p{Nd}_]/u.test(char)) out += char.toLowerCase();
  }
  return out;
}

/**
 * Zola's default (`slugify.anchors = "on"`, the `slug` crate): each character spelled in ASCII as
 * `deunicode` would, lowercased, every run of other characters one `-`, none at either end. See
 * ascii-transliteration.ts for what is spelled out; characters it does not know are separators.
 */
function zolaSlug(text: string): string {
  let ascii = '';
  for (const char of text.normalize('NFC')) ascii += char < '\u0080' ? char : toAscii(char);
  return ascii
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function toAscii(char: string): string {
  const known = transliterateChar(char);
  if (known !== undefined) return known;
  let out = '';
  for (const part of char.normalize('NFKD')) {
    if (/\p{M}/u.test(part)) continue;
    out += part < '\u0080' ? part : (transliterateChar(part) ?? '-');
  }
  return out;
}

/**
 * Jekyll's default: kramdown with its GFM parser (Jekyll's default `input`), whose automatic ids are
 * the heading text lowercased, with everything but Ruby's `\p{Word}` (letters, marks, decimal digits,
 * connector punctuation), `-`, spaces and tabs removed, and each space or tab a `-`.
 */
function kramdownGfmSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{Nd}\p{Pc}\- \t]/gu, '')
    .replace(/[ \t]/g, '-');
}
