import slugify from '@sindresorhus/slugify';
import { slug as githubSlug } from 'github-slugger';

/** Whose heading ids a site reproduces, so in-page links of a moved blog keep working (README "Heading ids"). */
export type HeadingIdScheme = 'github' | 'zola' | 'jekyll' | 'eleventy';

export const HEADING_ID_SCHEMES: readonly HeadingIdScheme[] = ['github', 'zola', 'jekyll', 'eleventy'];

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
    const start = base(text) || 'section';
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
  zola: zolaSlug,
  jekyll: kramdownGfmSlug,
  // Eleventy's `slugify` filter: @sindresorhus/slugify with decamelize off (what markdown-it-anchor is given).
  eleventy: (text) => slugify(text, { decamelize: false }),
};

/**
 * Zola's default (`slugify.anchors = "on"`): the text transliterated to ASCII, lowercased, every run
 * of other characters one `-`, none at either end. Transliteration here covers Latin letters (accents
 * dropped by Unicode decomposition, plus the letters that do not decompose); other scripts and emoji,
 * which Zola spells out in Latin, count as separators.
 */
function zolaSlug(text: string): string {
  let ascii = '';
  for (const char of text.normalize('NFKD')) {
    if (/\p{M}/u.test(char)) continue;
    ascii += LATIN[char] ?? char;
  }
  return ascii
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Latin letters without a decomposition, as ASCII transliteration spells them. */
const LATIN: Record<string, string> = {
  ß: 'ss', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE', ø: 'o', Ø: 'O', đ: 'd', Đ: 'D', ð: 'd', Ð: 'D',
  þ: 'th', Þ: 'Th', ł: 'l', Ł: 'L', ı: 'i', ħ: 'h', Ħ: 'H', ŧ: 't', Ŧ: 'T', ŋ: 'ng', Ŋ: 'NG',
};

/**
 * Jekyll's default: kramdown with its GFM parser (Jekyll's default `input`), whose automatic ids are
 * the heading text lowercased, with everything but letters, marks, digits, connector punctuation,
 * `-`, spaces and tabs removed, and each space or tab a `-`.
 */
function kramdownGfmSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- \t]/gu, '')
    .replace(/[ \t]/g, '-');
}
