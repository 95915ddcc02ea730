import type { Diagnostic } from '../diagnostics.js';
import { normalizePostUrl } from '../url-path.js';
import type { DraftField, PostDraft } from './types.js';

/** Front matter keys for a post's own URL, as Hugo (`url`), Jekyll (`permalink`) and Zola (`path`) spell it. */
export const URL_KEYS = ['url', 'permalink', 'path'] as const;
/** Front matter keys for a post's old URLs: Hugo's and Zola's `aliases`, Jekyll's `redirect_from`. */
export const ALIAS_KEYS = ['aliases', 'redirect_from'] as const;

export interface UrlFields {
  url?: string;
  aliases?: string[];
  categories?: string[];
}

type Report = (d: Omit<Diagnostic, 'severity' | 'file'>) => void;

/**
 * A post's own URL and old URLs, normalised (see parseUrlPath). Sectioned posts write `#url` (one
 * path) and `#aliases` (one path per line, or a JSON array); front matter a string or a list.
 */
export function urlFields(draft: PostDraft, present: Record<string, DraftField>, report: Report): UrlFields {
  const sectioned = draft.format === 'sectioned';
  const label = (key: string): string => (sectioned ? `\`#${key}\`` : `\`${key}\``);
  const out: UrlFields = {};
  const given = URL_KEYS.filter((key) => present[key] !== undefined);
  if (given.length > 1) {
    const second = present[given[1]!]!;
    report({
      code: 'invalid-url',
      message: `The post gives its URL twice, in ${given.map(label).join(' and ')}.`,
      ...second.position,
      hint: `Keep one of ${given.map(label).join(' and ')}.`,
    });
  }
  const own = given[0];
  if (own !== undefined) {
    const field = present[own]!;
    if (field.value === false) {
      report({
        code: 'invalid-url',
        message: `${label(own)} is \`false\`: every post is published.`,
        ...field.position,
        hint: 'To keep the post out of the site, write `draft: true` instead (or move the file out of the content folder).',
      });
    } else if (typeof field.value !== 'string') {
      report({ code: 'invalid-url', message: `${label(own)} is not text.`, ...field.position, hint: 'Write one path, like `url: /2024/03/my-post/`.' });
    } else {
      const url = checkedPath(field.value, label(own), field, report);
      if (url !== undefined) out.url = url;
    }
  }
  const aliases: string[] = [];
  for (const key of ALIAS_KEYS) {
    const field = present[key];
    if (!field) continue;
    for (const raw of aliasList(field.value, sectioned)) {
      if (typeof raw !== 'string') {
        report({ code: 'invalid-url', message: `${label(key)} holds something other than text.`, ...field.position, hint: 'Write a list of paths, like `aliases: [/old/page/, /old.html]`.' });
        continue;
      }
      const alias = checkedPath(raw, label(key), field, report, { relative: true });
      if (alias !== undefined && !aliases.includes(alias)) aliases.push(alias);
    }
  }
  if (aliases.length > 0) out.aliases = aliases;
  const categories = categoryList(present.categories?.value ?? present.category?.value);
  if (categories.length > 0) out.categories = categories;
  return out;
}

/**
 * Jekyll's `categories` (a list, or words separated by spaces) or `category`, lower-cased as Jekyll
 * puts them in URLs; only the `:categories` token reads them. Other shapes mean nothing here and are ignored.
 */
function categoryList(value: unknown): string[] {
  const names = typeof value === 'string' ? value.split(/\s+/) : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  const out: string[] = [];
  for (const name of names) {
    const folded = name.trim().toLowerCase();
    if (folded !== '' && !folded.includes('/') && folded !== '.' && folded !== '..' && !out.includes(folded)) out.push(folded);
  }
  return out;
}

function aliasList(value: unknown, sectioned: boolean): unknown[] {
  if (Array.isArray(value)) return value;
  if (sectioned && typeof value === 'string') {
    const text = value.trim();
    if (text.startsWith('[')) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (Array.isArray(parsed)) return parsed;
      } catch {
        // Reported as a path below: it is not one.
      }
    }
    return text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  }
  return [value];
}

/**
 * The path normalised (see normalizePostUrl). With `relative`, one written without a leading `/` is
 * kept without it (`old/`, `a.html`): the site stage places it by the `relativeAliases` setting.
 */
function checkedPath(raw: string, label: string, field: DraftField, report: Report, options: { relative?: boolean } = {}): string | undefined {
  if (/\{\{|\{%/.test(raw)) {
    report({
      code: 'invalid-url',
      message: `${label} ${JSON.stringify(raw.trim())} is a template; Hashmark does not run templates in front matter.`,
      ...field.position,
      hint: "Write the URL itself, like `/2024/03/my-post/`, or set a pattern for every post with `permalink: '/:year/:slug/'` in site.config.ts.",
    });
    return undefined;
  }
  if (/(^|\/):[A-Za-z]/.test(raw.trim())) {
    report({
      code: 'invalid-url',
      message: `${label} ${JSON.stringify(raw.trim())} has a \`:token\`; a post's own URL is exact.`,
      ...field.position,
      hint: "Write the URL itself, like `/2024/03/my-post/`, or set a pattern for every post with `permalink: '/:year/:slug/'` in site.config.ts.",
    });
    return undefined;
  }
  const parsed = normalizePostUrl(raw);
  if (parsed.ok) return options.relative && isRelativePath(raw) ? parsed.value.slice(1) : parsed.value;
  report({ code: 'invalid-url', message: `${label} ${JSON.stringify(raw.trim())} cannot be used: ${parsed.problem}.`, ...field.position, hint: parsed.hint });
  return undefined;
}

/** The URL a post left out for its errors gives itself, when that field is usable: links to it are not reported. */
export function intendedUrl(draft: PostDraft): string | undefined {
  const present: Record<string, DraftField> = {};
  for (const key of URL_KEYS) if (draft.fields[key] !== undefined) present[key] = draft.fields[key];
  return urlFields(draft, present, () => undefined).url;
}

/** A path written without a leading `/` and not a full URL: `old/page/`, `2015/05/15/x.html`. */
function isRelativePath(raw: string): boolean {
  const text = raw.trim();
  return !text.startsWith('/') && !/^https?:\/\//i.test(text);
}
