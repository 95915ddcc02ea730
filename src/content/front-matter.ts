import { createRequire } from 'node:module';
import type matterFn from 'gray-matter';
import type yamlModule from 'js-yaml';
import type { Diagnostic, Result } from '../diagnostics.js';
import { SECTION_NAMES } from './sectioned.js';
import { didYouMean } from './suggest.js';
import type { DraftField, PostDraft, SourceFile } from './types.js';

/** Front matter keys Hashmark reads; `published: false` (Jekyll) is read as `draft: true`. */
const KNOWN_KEYS = SECTION_NAMES.filter((n) => n !== 'body');
const ALIASES: ReadonlySet<string> = new Set(['published', 'cover']);

/**
 * Keys that Jekyll, Hugo and Eleventy posts commonly carry. They mean nothing to Hashmark and are
 * ignored without a word, so such posts drop in unchanged.
 */
const FOREIGN_KEYS: ReadonlySet<string> = new Set([
  'layout', 'permalink', 'categories', 'category', 'author', 'authors', 'excerpt', 'summary', 'image', 'images',
  'cover', 'thumbnail', 'comments', 'toc', 'math', 'series', 'aliases', 'weight', 'type', 'id', 'lang', 'language',
  'keywords', 'lastmod', 'last_modified_at', 'publishdate', 'publishDate', 'expirydate', 'expiryDate', 'sitemap',
  'eleventyNavigation', 'eleventyExcludeFromCollections', 'eleventyComputed', 'pagination', 'url', 'canonical',
  'canonical_url', 'redirect_from', 'redirect_to', 'hidden', 'pin', 'sticky', 'header', 'subtitle', 'menu', 'mathjax',
  'katex', 'share', 'reading_time', 'audio', 'video', 'source', 'tldr', 'og_image', 'twitter', 'status',
]);

const KEY_LINE = /^(?:"([^"]+)"|'([^']+)'|([^\s#'"][^:]*?))[ \t]*:(?:[ \t]+|$)/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*$/;

// JSON_SCHEMA keeps `2024-02-30` a string (the default schema rolls it into 1 March) and knows only
// `true`/`false` as booleans, so nothing is guessed before validation sees the text as written.
const engines = {
  yaml: { parse: (source: string): object => frontMatterParser().yaml.safeLoad(source, { schema: frontMatterParser().yaml.JSON_SCHEMA }) as object },
  // gray-matter would otherwise eval `---js` front matter.
  js: { parse: (): object => ({}) },
  javascript: { parse: (): object => ({}) },
};

/** Parses a `---` YAML front matter post; the caller has checked that the first line is `---`. */
export function parseFrontMatter(file: SourceFile): Result<PostDraft | undefined> {
  const { text } = file;
  const diagnostics: Diagnostic[] = [];
  const error = (code: Diagnostic['code'], line: number, column: number, message: string, hint: string): Result<undefined> => {
    diagnostics.push({ severity: 'error', code, message, file: file.path, line, column, hint });
    return { value: undefined, diagnostics };
  };

  // Find the closing delimiter ourselves so gray-matter sees exactly the block we report lines for.
  const keyLines = new Map<string, { line: number; column: number }>();
  let pos = text.indexOf('\n') + 1;
  let lineNo = 1;
  let closeEnd = -1;
  while (pos > 0 && pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl === -1 ? text.length : nl;
    const line = text.slice(pos, end);
    lineNo++;
    pos = nl === -1 ? text.length : nl + 1;
    if (CLOSE.test(line)) {
      closeEnd = pos;
      break;
    }
    const key = KEY_LINE.exec(line);
    if (key) {
      const name = key[1] ?? key[2] ?? key[3]!;
      if (!keyLines.has(name)) keyLines.set(name, { line: lineNo, column: key[0].length + 1 });
    }
  }
  if (closeEnd === -1) {
    return error(
      'invalid-front-matter',
      1,
      1,
      'The front matter opened by `---` on line 1 is never closed.',
      'End the front matter with a line `---`, then write the body below it.',
    );
  }
  const closeLine = lineNo;

  let data: unknown;
  try {
    data = frontMatterParser().matter(text.slice(0, closeEnd), { engines, language: 'yaml' }).data;
  } catch (caught) {
    const mark = (caught as { mark?: { line: number; column: number } }).mark;
    const reason = (caught as { reason?: string }).reason ?? String((caught as Error).message ?? caught);
    return error(
      'invalid-front-matter',
      mark ? mark.line + 1 : 1,
      mark ? mark.column + 1 : 1,
      `The YAML front matter cannot be parsed: ${reason}.`,
      'Fix the YAML syntax; quote values that contain `:` or start with a special character, e.g. `title: "Kafka: a primer"`.',
    );
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return error('invalid-front-matter', 2, 1, 'The front matter is not a list of `key: value` lines.', 'Write one `key: value` per line, e.g. `title: My post`.');
  }

  const fields: Record<string, DraftField> = {};
  for (const [key, value] of Object.entries(data)) {
    const where = keyLines.get(key) ?? { line: 2, column: 1 };
    if ((KNOWN_KEYS as readonly string[]).includes(key) || ALIASES.has(key)) {
      fields[key] = { value, position: where, markerLine: where.line };
      continue;
    }
    if (FOREIGN_KEYS.has(key)) continue;
    const guess = didYouMean(key, KNOWN_KEYS, { maxDistance: 1 });
    diagnostics.push({
      severity: guess ? 'error' : 'warning',
      code: 'unknown-field',
      message: guess
        ? `\`${key}\` is not a front matter field Hashmark knows.`
        : `\`${key}\` is not a front matter field Hashmark knows; it is ignored.`,
      file: file.path,
      line: where.line,
      column: 1,
      hint: guess
        ? `Did you mean \`${guess}\`?`
        : `Hashmark reads ${KNOWN_KEYS.join(', ')} (and \`published\`); remove \`${key}\` or leave it if another tool needs it.`,
    });
  }
  const body = text.slice(closeEnd);
  const bodyLine = closeLine + 1;
  fields.body = { value: body, position: { line: bodyLine, column: 1 }, markerLine: closeLine };
  return { value: { source: file, format: 'front-matter', fields, body, bodyLine }, diagnostics };
}

let parsers: { matter: typeof matterFn; yaml: typeof yamlModule } | undefined;

/**
 * gray-matter and js-yaml are loaded on the first front matter post: a site written in the
 * sectioned format, or a warm build that reads no post, never pays their start-up (about 50 ms).
 */
function frontMatterParser(): { matter: typeof matterFn; yaml: typeof yamlModule } {
  if (!parsers) {
    const require = createRequire(import.meta.url);
    parsers = { matter: require('gray-matter') as typeof matterFn, yaml: require('js-yaml') as typeof yamlModule };
  }
  return parsers;
}
