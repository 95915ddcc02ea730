import type { Diagnostic } from '../diagnostics.js';
import { SECTION_NAMES } from './sectioned.js';
import { didYouMean } from './suggest.js';
import type { DraftField, FieldPosition } from './types.js';

/**
 * Front matter as Zola, Hugo, Jekyll and Eleventy write it, YAML or TOML alike, turned into the
 * fields Hashmark validates: the keys it reads under another name are mapped, the ones it does not
 * use are reported (`ignored-field`, folded to one warning per key for a build by foldIgnored).
 */

/**
 * Keys Hashmark reads; `published: false` (Jekyll) is read as `draft: true`, `categories` feed the
 * permalink pattern's `:categories`.
 */
export const KNOWN_KEYS: readonly string[] = SECTION_NAMES.filter((n) => n !== 'body');
const ALIASES: ReadonlySet<string> = new Set(['published', 'permalink', 'path', 'redirect_from', 'categories', 'category', 'cover']);

/** Keys read under Hashmark's own name when that name is absent. */
const RENAMED: Readonly<Record<string, string>> = {
  lastmod: 'updated', // Hugo
  last_modified_at: 'updated', // jekyll-last-modified-at
  summary: 'description', // Hugo
  excerpt: 'description', // Jekyll
};

/** URL keys (`url`, `permalink`, `path`, redirects): read by the URL settings, not reported here. */
const URL_KEYS: ReadonlySet<string> = new Set(['url', 'permalink', 'path', 'aliases', 'redirect_from']);

const THEME = 'Hashmark renders every post with templates/post.liquid; remove it, or ignore this warning while the old site still needs it.';
const ORDER = 'Hashmark lists posts newest first by `date`; use `featured: true` to put a post first on the home page.';
const DROP = 'Remove it once the old generator no longer reads these files.';

/** Keys other generators use, each with what to do about it. Any other key is `unknown-field`. */
const IGNORED: Readonly<Record<string, string>> = {
  layout: THEME,
  template: THEME,
  type: THEME,
  taxonomies: 'Hashmark reads `taxonomies.tags` only: move other taxonomies into `tags` to keep them listed.',
  extra: 'Values under `extra` are for Zola templates; Hashmark templates cannot read them.',
  params: 'Values under `params` are for Hugo templates; Hashmark templates cannot read them.',
  weight: ORDER,
  pin: ORDER,
  sticky: ORDER,
  eleventyExcludeFromCollections: 'Hashmark lists every post that is not a draft; write `draft: true` to leave this one out of the build.',
  eleventyNavigation: DROP,
  eleventyComputed: DROP,
  pagination: DROP,
  sitemap: DROP,
  publishDate: 'Hashmark publishes a post on its `date`: a post dated in the future is left out until then.',
  publishdate: 'Hashmark publishes a post on its `date`: a post dated in the future is left out until then.',
  expiryDate: 'Hashmark never expires posts: write `draft: true` to take one down.',
  expirydate: 'Hashmark never expires posts: write `draft: true` to take one down.',
  keywords: 'Write them as `tags` to list the post under them.',
  toc: 'Hashmark shows a table of contents for every post with headings.',
  math: 'Math is rendered wherever a post has `$...$`.',
  mathjax: 'Math is rendered wherever a post has `$...$`.',
  katex: 'Math is rendered wherever a post has `$...$`.',
  comments: DROP,
  images: DROP,
  thumbnail: DROP,
  og_image: DROP,
  series: DROP,
  lang: 'The site has one language, `language` in site.config.ts.',
  language: 'The site has one language, `language` in site.config.ts.',
  id: DROP,
  canonical: DROP,
  canonical_url: DROP,
  redirect_to: DROP,
  hidden: 'Write `draft: true` to leave the post out of the build.',
  header: DROP,
  subtitle: 'Put the subtitle into `description`.',
  share: DROP,
  reading_time: 'Hashmark works out the reading time itself.',
  audio: DROP,
  video: DROP,
  source: DROP,
  tldr: 'Put the summary into `description`.',
  twitter: DROP,
  status: 'Write `draft: true` for a post that is not ready.',
  in_search_index: DROP,
  render: DROP,
  insert_anchor_links: 'Every heading gets an anchor link.',
  sort_by: DROP,
  paginate_by: DROP,
  // Hugo
  resources: 'Put the files beside the post in a bundle folder (`my-post/index.md`, `my-post/a.png`) and link them relatively.',
  outputs: DROP,
  cascade: DROP,
  build: DROP,
  headless: DROP,
  linkTitle: DROP,
  markup: DROP,
  translationKey: DROP,
  isCJKLanguage: DROP,
  // Jekyll themes (minima, minimal-mistakes)
  excerpt_separator: 'The description, or the first lines of the body, stand for the post in lists.',
  classes: THEME,
  sidebar: THEME,
  author_profile: THEME,
  read_time: 'Hashmark works out the reading time itself.',
  related: 'Hashmark picks related posts by shared tags.',
  toc_sticky: THEME,
  toc_label: THEME,
  feature: DROP,
  // Eleventy
  templateEngineOverride: 'Hashmark never runs a template engine on posts; template code in a body is reported where it is.',
  eleventyImport: DROP,
  dynamicPermalink: DROP,
};

export interface FieldsInput {
  data: Record<string, unknown>;
  /** Where a key was written (`taxonomies.tags` for a nested one), when known. */
  where: (key: string) => FieldPosition | undefined;
  file: string;
  diagnostics: Diagnostic[];
}

/** Every key this module recognises, by its lower-case form. */
const RECOGNISED: ReadonlyMap<string, string> = new Map(
  [...KNOWN_KEYS, ...ALIASES, 'author', 'tag', ...URL_KEYS, ...Object.keys(RENAMED), ...Object.keys(IGNORED)].map((k) => [k.toLowerCase(), k]),
);

/**
 * Hugo reads front matter keys in any case (`Title`, `Tags`, `lastMod`), so Hashmark does too, when
 * the key is not also written in its own spelling. Returns the keys renamed, by their original.
 */
function canonicalKeys(input: Record<string, unknown>): { data: Record<string, unknown>; original: Map<string, string> } {
  const original = new Map<string, string>();
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    const canonical = RECOGNISED.has(key) ? key : RECOGNISED.get(key.toLowerCase());
    if (canonical !== undefined && canonical !== key && !(canonical in input) && !original.has(canonical)) {
      data[canonical] = value;
      original.set(canonical, key);
    } else data[key] = value;
  }
  return { data, original };
}

/** The fields of a parsed front matter object, with unknown and ignored keys reported. */
export function frontMatterFields(input: FieldsInput): Record<string, DraftField> {
  const { where, file, diagnostics } = input;
  const { data, original } = canonicalKeys(input.data);
  const at = (key: string): FieldPosition => where(original.get(key) ?? key) ?? { line: 2, column: 1 };
  const fields: Record<string, DraftField> = {};
  const put = (name: string, value: unknown, key: string): void => {
    const position = at(key);
    fields[name] = { value, position, markerLine: position.line };
  };
  const ignored = (key: string, hint: string): void => {
    diagnostics.push({
      severity: 'warning',
      code: 'ignored-field',
      message: `\`${key}\` is not used by Hashmark; it is ignored.`,
      file,
      line: at(key).line,
      column: 1,
      hint,
    });
  };

  for (const [key, value] of Object.entries(data)) {
    if (KNOWN_KEYS.includes(key) || ALIASES.has(key)) put(key, value, key);
  }
  // `author` (a name, a list or an object with a name) joins `authors`.
  if ('author' in data) {
    const own = fields.authors?.value;
    put('authors', own === undefined ? data.author : [...asList(own), ...asList(data.author)], fields.authors ? 'authors' : 'author');
  }
  // Jekyll's `tag` is one tag, even with spaces (its plural, `tags`, is the list).
  if ('tag' in data) {
    const own = fields.tags?.value;
    put('tags', own === undefined ? asList(data.tag) : [...asList(own), ...asList(data.tag)], fields.tags ? 'tags' : 'tag');
  }
  const taxonomies = data.taxonomies;
  if (isMapping(taxonomies)) {
    for (const [name, value] of Object.entries(taxonomies)) {
      if (name === 'tags' && fields.tags === undefined) put('tags', value, 'taxonomies.tags');
      else if (name !== 'tags') ignored(`taxonomies.${name}`, IGNORED.taxonomies!);
    }
  }
  // `tags: post` (Eleventy, Jekyll) is one tag either way; `tags: a b` is two in Jekyll and one in
  // Eleventy, so it stays an error whose hint asks for a list.
  const tags = fields.tags;
  if (tags && typeof tags.value === 'string' && /^[^\s,]+$/.test(tags.value.trim())) tags.value = [tags.value.trim()];
  for (const [key, value] of Object.entries(data)) {
    // Categories name no page of their own: said, though the permalink pattern's `:categories` reads them.
    if (key === 'categories' || key === 'category') ignored(key, 'Hashmark has tags only: move the categories into `tags` to keep them listed (a `permalink` pattern with `:categories` still uses them in the URL).');
    if (KNOWN_KEYS.includes(key) || ALIASES.has(key) || key === 'author' || key === 'tag' || URL_KEYS.has(key)) continue;
    if (key === 'taxonomies' && isMapping(value)) continue;
    const renamed = RENAMED[key];
    if (renamed !== undefined) {
      if (fields[renamed] === undefined) put(renamed, value, key);
      else ignored(key, `\`${renamed}\` is given too, and Hashmark reads that one; remove \`${key}\`.`);
      continue;
    }
    const hint = IGNORED[key];
    if (hint !== undefined) {
      ignored(key, hint);
      continue;
    }
    const guess = didYouMean(key, KNOWN_KEYS, { maxDistance: 1 });
    diagnostics.push({
      severity: guess ? 'error' : 'warning',
      code: 'unknown-field',
      message: guess
        ? `\`${key}\` is not a front matter field Hashmark knows.`
        : `\`${key}\` is not a front matter field Hashmark knows; it is ignored.`,
      file,
      line: at(key).line,
      column: 1,
      hint: guess
        ? `Did you mean \`${guess}\`?`
        : `Hashmark reads ${KNOWN_KEYS.join(', ')} (and \`published\`); remove \`${key}\` or leave it if another tool needs it.`,
    });
  }
  return fields;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

/**
 * One `ignored-field` warning per key for a whole build, at the first file that has it (diagnostics
 * sorted by file), saying how many posts have it: a 750-post blog gets one `layout` warning, not 750.
 */
export function foldIgnored(diagnostics: Diagnostic[]): Diagnostic[] {
  const counts = new Map<string, number>();
  for (const d of diagnostics) if (d.code === 'ignored-field') counts.set(d.message, (counts.get(d.message) ?? 0) + 1);
  if (counts.size === 0) return diagnostics;
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    if (d.code !== 'ignored-field') {
      out.push(d);
      continue;
    }
    if (seen.has(d.message)) continue;
    seen.add(d.message);
    const count = counts.get(d.message)!;
    out.push(count > 1 ? { ...d, message: d.message.replace(' is not used', ` (here and in ${count - 1} more post${count > 2 ? 's' : ''}) is not used`) } : d);
  }
  return out;
}
