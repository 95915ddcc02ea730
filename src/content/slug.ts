import { slug as githubSlug } from 'github-slugger';

const SPACES = /\s+/g;
const MARKS = /\p{M}/gu;
const PLUS = /\+/g;
const SHARP = /#/g;
const DATE_PREFIX = /^\d{4}-\d{2}-\d{2}-/;
const EXTENSION = /\.(md|txt)$/;

/**
 * A post's URL segment: Unicode letters kept, lowercased, punctuation (including `.`, `/`, `\`) dropped,
 * so it can never be empty-with-meaning, `.`, `..` or contain a separator. Empty means "no usable slug".
 */
export function postSlug(text: string): string {
  return githubSlug(text.normalize('NFC').trim().replace(SPACES, ' '));
}

/**
 * A tag's URL segment: case- and accent-folded (`Café` and `cafe` are one tag). `+` and `#` are spelled
 * out first so `C++`, `C#` and `C` stay three tags.
 */
export function tagSlug(name: string): string {
  const spelled = name.replace(PLUS, ' plus ').replace(SHARP, ' sharp ');
  return postSlug(spelled.normalize('NFKD').replace(MARKS, ''));
}

/** The slug a file name gives: extension and a leading `YYYY-MM-DD-` removed. */
export function fileNameStem(fileName: string): string {
  return fileName.replace(EXTENSION, '').replace(DATE_PREFIX, '');
}

/** The slug a post gets without `#slug`: from its bundle's folder name, else its file name; empty if unusable. */
export function nameSlug(fileName: string, bundleName: string | undefined): string {
  return postSlug(bundleName ?? fileNameStem(fileName));
}
