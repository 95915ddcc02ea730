import { slug as githubSlug } from 'github-slugger';

const SPACES = /\s+/g;
const MARKS = /\p{M}/gu;
const PLUS = /\+/g;
const SHARP = /#/g;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const DATE_PREFIX = /^\d{4}-\d{2}-\d{2}[-_]/;
// Characters a path segment cannot hold on some static host or file system, or that end a URL path.
const UNSAFE_IN_SEGMENT = /[/\\?#%:*"<>|\u0000-\u001f\u007f]/g;
const EXTENSION = /\.(md|markdown|txt)$/;

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
  const slug = postSlug(spelled.normalize('NFKD').replace(MARKS, ''));
  return LETTER_OR_DIGIT.test(slug) ? slug : symbolSlug(name);
}

/**
 * The slug of a tag with no letters or digits (`🦀`, `++!`): its own characters, as Hugo keeps them;
 * hrefs percent-encode it (see routeUrl). Spaces become `-`, as in other slugs; a character no path
 * segment can hold becomes `~` and its code (`/` → `~2f`), which no slug of letters can contain, so
 * two such tags share a slug only when they differ in spacing alone. Empty (an error) when only dots
 * and dashes are left: `..` is no name for a folder.
 */
export function symbolSlug(name: string): string {
  const kept = name
    .normalize('NFC')
    .trim()
    .replace(SPACES, '-')
    .replace(UNSAFE_IN_SEGMENT, (c) => `~${c.codePointAt(0)!.toString(16)}`);
  return /^[.-]*$/.test(kept) ? '' : kept;
}

/** The slug a file name gives: extension and a leading `YYYY-MM-DD-` (or Zola's `YYYY-MM-DD_`) removed. */
export function fileNameStem(fileName: string): string {
  return fileName.replace(EXTENSION, '').replace(DATE_PREFIX, '');
}

/** The slug a post gets without `#slug`: from its bundle's folder name, else its file name; empty if unusable. */
export function nameSlug(fileName: string, bundleName: string | undefined): string {
  return postSlug(bundleName ?? fileNameStem(fileName));
}
