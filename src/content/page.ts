import path from 'node:path';
import { parseUrlPath } from '../url-path.js';
import type { Diagnostic } from '../diagnostics.js';
import { postSlug } from './slug.js';
import type { DraftField, PageFields, PlainDate, Post, PostDraft } from './types.js';

/** The folder under content/ whose files are pages, not posts. */
export const PAGES_FOLDER = 'pages';

/** Stands in for the date of a page that has none: pages are never ordered or shown by date. */
const NO_DATE = '1970-01-01';

/** The fields only pages have (a post's own `url` is read by url-fields.ts). */
const PAGE_ONLY = ['menu'] as const;

/** The path of a file below `<contentDir>/pages/` (POSIX segments), or undefined for a post file. */
export function pagePathOf(absPath: string, contentDir: string): string[] | undefined {
  const rel = path.relative(path.join(path.resolve(contentDir), PAGES_FOLDER), path.resolve(absPath));
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep);
}

/**
 * A post file's draft with the page-only fields taken out: front matter keeps ignoring them (other
 * tools' `menu:`), a sectioned `#menu` is an error, since only pages read it.
 */
export function withoutPageFields(draft: PostDraft): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const name of PAGE_ONLY) {
    const field = draft.fields[name];
    if (!field) continue;
    delete draft.fields[name];
    if (draft.format !== 'sectioned') continue;
    diagnostics.push({
      severity: 'error',
      code: 'invalid-page-field',
      message: `\`#${name}\` is only for pages, and this file is a post.`,
      file: draft.source.path,
      line: field.markerLine,
      column: 1,
      hint: `Move the file into content/${PAGES_FOLDER}/ to make it a page, or remove \`#${name}\`.`,
    });
  }
  return diagnostics;
}

/** What a page file's draft gives besides what every post has; read before validation. */
export interface PageDraft {
  url?: string[];
  menu?: number | true;
  /** The date the author wrote (kept for the sitemap), when there is one. */
  dated: boolean;
  diagnostics: Diagnostic[];
}

/**
 * Takes a page's `url` and `menu` out of its draft and checks them; a page needs no date, so one is
 * put in when missing (never shown: pages are in no list).
 */
export function takePageFields(draft: PostDraft): PageDraft {
  const { fields } = draft;
  const sectioned = draft.format === 'sectioned';
  const label = (name: string): string => (sectioned ? `\`#${name}\`` : `\`${name}\``);
  const out: PageDraft = { dated: fields.date !== undefined, diagnostics: [] };
  const report = (field: DraftField, message: string, hint: string): void => {
    out.diagnostics.push({ severity: 'error', code: 'invalid-page-field', message, file: draft.source.path, ...field.position, hint });
  };
  const url = fields.url;
  if (url) {
    delete fields.url;
    const segments = typeof url.value === 'string' ? pageUrlSegments(url.value.trim()) : undefined;
    if (segments === undefined) {
      report(url, `${label('url')} is ${JSON.stringify(url.value)}, not a path on this site.`, 'Write a site path such as `/about/` or `/docs/setup/`: it starts with `/`, and the base path is added for you.');
    } else out.url = segments;
  }
  const menu = fields.menu;
  if (menu) {
    delete fields.menu;
    const value = typeof menu.value === 'string' ? menu.value.trim() : menu.value;
    if (value === true || value === 'true') out.menu = true;
    else if (value === false || value === 'false') {
      // Written out to say "not in the menu": the same as no `menu`.
    } else {
      const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
      if (Number.isInteger(n) && n >= 1) out.menu = n;
      else report(menu, `${label('menu')} is ${JSON.stringify(menu.value)}; it must be \`true\`, \`false\` or a position like \`2\`.`, 'Write `true` to add the page at the end of the menu, or a number (1 is first) for its place.');
    }
  }
  if (!out.dated) fields.date = { value: NO_DATE, position: { line: 1, column: 1 }, markerLine: 1 };
  return out;
}

/**
 * Turns a validated post read from content/pages/ into a page: its URL path is its `url`, or the
 * file's path below content/pages/ with the file's slug last (`pages/docs/setup.md` → `docs/setup`).
 * Its slug is `pages/` + its file's path below content/pages/: unique among posts and pages (a post
 * slug has no `/`), so two pages with one URL meet as a route conflict; it is only a key.
 */
export function asPage(post: Post, relPath: readonly string[], draft: PageDraft): Post {
  const page: PageFields = { path: pageUrlPath(relPath, draft.url, post.slug) };
  if (draft.menu !== undefined) page.menu = draft.menu;
  const lastmod = post.updated ?? (draft.dated ? post.date : undefined);
  if (lastmod !== undefined) page.lastmod = lastmod as PlainDate;
  return { ...post, slug: `${PAGES_FOLDER}/${relPath.join('/')}`, page };
}

/** A page's URL path (no slashes around): its own `url`, else its folders below content/pages/ and its slug. */
export function pageUrlPath(relPath: readonly string[], url: readonly string[] | undefined, slug: string): string {
  const isIndex = relPath.length > 1 && /^index\.(md|txt)$/.test(relPath[relPath.length - 1]!);
  const folders = relPath.slice(0, isIndex ? -2 : -1).map(postSlug);
  return (url ?? [...folders.filter((s) => s !== ''), slug]).join('/');
}

/** `/about/` → `['about']`; undefined for what is no site path (`about`, `//x`, `/a/../b/`, a query): a post URL's rules, with the leading `/` required. */
export function pageUrlSegments(url: string): string[] | undefined {
  if (!url.startsWith('/')) return undefined;
  const parsed = parseUrlPath(url);
  return parsed.ok ? parsed.value.segments : undefined;
}
