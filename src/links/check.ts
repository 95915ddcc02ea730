import { readFileSync } from 'node:fs';
import type { Diagnostic, Severity } from '../diagnostics.js';
import type { PageLinks } from './scan.js';

/** One rendered HTML page, as the link checker sees it. */
export interface CheckedPage extends PageLinks {
  /** Output path, relative to the output folder, e.g. `posts/kafka/index.html`. */
  file: string;
  /** The URLs that come from the post body (a subset of `urls`): reported against the post source and line. */
  bodyUrls?: string[];
  /** The post source behind the page (relative to the project root), when the page is a post. */
  source?: string;
  /** Absolute path of that source, read only to find the line of a broken link. */
  sourceAbsPath?: string;
  /** 1-based line of the body's first line in the source: a broken link is searched for from there. */
  bodyLine?: number;
}

export interface LinkCheckOptions {
  /** Site origin, e.g. `https://example.com`: absolute links to it are checked like relative ones. */
  origin: string;
  /** e.g. `/blog/`. */
  basePath: string;
  /** Every output path of the site (pages, feeds, assets, public files). */
  files: { has(file: string): boolean };
  severity: Severity;
}

const PLACEHOLDER_ORIGIN = 'http://hashmark.invalid';
/** A URL with a scheme (`https:`, `mailto:`): it does not depend on the page it is on. */
const ABSOLUTE = /^[a-z][a-z0-9+.-]*:/i;

/** A broken link found on a page: the URL as written, what is wrong, and whether the post body has it. */
export interface LinkProblem {
  url: string;
  problem: string;
  body: boolean;
}

/** Where a page's problems are reported: the page, and for a post its source and body line. */
export type ReportedPage = Pick<CheckedPage, 'file' | 'source' | 'sourceAbsPath' | 'bodyLine'>;

/**
 * Checks that every internal link and `#fragment` of the site resolves to a file and an id in it.
 * A broken link in a post body is reported against the post file and the line that contains it.
 */
export function checkLinks(pages: Iterable<CheckedPage>, options: LinkCheckOptions): Diagnostic[] {
  const all = [...pages];
  const found = findLinkProblems(all, siteIds(all), options);
  return reportLinkProblems(all.map((page) => ({ page, problems: found.get(page.file) ?? [] })), options);
}

/** The ids of a page by its file, for pages held in memory. */
export function siteIds(pages: Iterable<Pick<CheckedPage, 'file' | 'ids'>>): (file: string) => ReadonlySet<string> | undefined {
  const idsByFile = new Map<string, Set<string>>();
  for (const page of pages) idsByFile.set(page.file, new Set(page.ids));
  return (file) => idsByFile.get(file);
}

/**
 * The broken links of `pages`, by page file, resolved against the ids of the site's pages (`idsOf`:
 * undefined for a file that is no page, whose fragments are not checked) and `options.files`. Pages
 * are taken one at a time, so they can be made as they are checked. Pages without problems are left out.
 */
export function findLinkProblems(
  pages: Iterable<CheckedPage>,
  idsOf: (file: string) => ReadonlySet<string> | undefined,
  options: LinkCheckOptions,
): Map<string, LinkProblem[]> {
  const siteOrigin = safeOrigin(options.origin);
  // A root-relative or absolute URL resolves the same from every page, and a site repeats the same
  // few hundred of them (navigation, tags, related posts) on thousands of pages: resolve each once.
  const verdicts = new Map<string, string | undefined>();
  const found = new Map<string, LinkProblem[]>();
  for (const page of pages) {
    const seen = new Set<string>();
    const fromBody = new Set(page.bodyUrls ?? []);
    for (const url of page.urls) {
      if (seen.has(url)) continue;
      seen.add(url);
      const shared = (url.startsWith('/') && !url.startsWith('//')) || ABSOLUTE.test(url);
      let problem: string | undefined;
      if (shared && verdicts.has(url)) problem = verdicts.get(url);
      else {
        problem = resolveProblem(url, page.file, idsOf, options, siteOrigin);
        if (shared) verdicts.set(url, problem);
      }
      if (!problem) continue;
      const list = found.get(page.file) ?? [];
      list.push({ url, problem, body: fromBody.has(url) });
      found.set(page.file, list);
    }
  }
  return found;
}

/** Diagnostics for the problems found, pages in site order; template links are reported once for all pages. */
export function reportLinkProblems(
  found: Iterable<{ page: ReportedPage; problems: readonly LinkProblem[] }>,
  options: Pick<LinkCheckOptions, 'severity'>,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const sourceCache = new Map<string, string[]>();
  // Links outside post bodies come from templates and repeat on every page: report each once.
  const chrome = new Map<string, { problem: string; pages: string[] }>();
  for (const { page, problems } of found) {
    for (const { url, problem, body } of problems) {
      if (body && page.source) {
        diagnostics.push(toDiagnostic(page, url, problem, options.severity, sourceCache));
        continue;
      }
      const key = `${url}\u0000${problem.replace(page.file, '')}`;
      const entry = chrome.get(key) ?? { problem, pages: [] };
      entry.pages.push(page.file);
      chrome.set(key, entry);
    }
  }
  for (const [key, { problem, pages: on }] of chrome) {
    const url = key.slice(0, key.indexOf('\u0000'));
    const more = on.length > 3 ? ` and ${on.length - 3} more pages` : '';
    diagnostics.push({
      severity: options.severity,
      code: 'broken-link',
      message: `Broken link to "${url}" on ${on.slice(0, 3).join(', ')}${more}: ${problem}.`,
      file: on[0]!,
      hint: 'The link is outside any post body, so it comes from a template or from public/: fix it there.',
    });
  }
  return diagnostics;
}

function resolveProblem(
  url: string,
  fromFile: string,
  idsOf: (file: string) => ReadonlySet<string> | undefined,
  options: LinkCheckOptions,
  siteOrigin: string,
): string | undefined {
  if (url === '' || url.startsWith('//')) return undefined;
  if (url.startsWith('#') && url.length > 1) {
    // A same-page fragment needs no URL resolution: most links of a post are its table of contents.
    const fragment = decodePath(url.slice(1));
    const ids = idsOf(fromFile);
    if (ids && (fragment === undefined || !ids.has(fragment))) return `${fromFile} has no element with id "${fragment ?? url.slice(1)}"`;
    return undefined;
  }
  let target: URL;
  const base = new URL(`${options.basePath}${encodeURI(fromFile)}`, PLACEHOLDER_ORIGIN);
  try {
    target = new URL(url, base);
  } catch {
    return 'it is not a valid URL';
  }
  if (target.origin === siteOrigin) {
    target = new URL(target.pathname + target.search + target.hash, PLACEHOLDER_ORIGIN);
  } else if (target.origin !== PLACEHOLDER_ORIGIN) {
    return undefined; // another site or scheme (https:, mailto:, tel:): not ours to check
  }
  // Same-page fragments resolve against the page itself, whatever its URL form.
  const isSamePage = url.startsWith('#');
  let file: string | undefined;
  if (isSamePage) {
    file = fromFile;
  } else {
    const pathname = decodePath(target.pathname);
    if (pathname === undefined) return 'its path is not valid percent-encoding';
    if (!pathname.startsWith(options.basePath)) return `it leads outside the site's base path ${options.basePath}`;
    file = findFile(pathname.slice(options.basePath.length), options.files);
    if (!file) return 'no page or file has this path';
  }
  if (target.hash.length > 1) {
    const fragment = decodePath(target.hash.slice(1));
    const ids = idsOf(file);
    if (ids && (fragment === undefined || !ids.has(fragment))) return `${file} has no element with id "${fragment ?? target.hash.slice(1)}"`;
  }
  return undefined;
}

/** Clean URLs: `x/` is `x/index.html`; `x` is the file `x` or, as static hosts redirect, `x/index.html`. */
function findFile(relative: string, files: LinkCheckOptions['files']): string | undefined {
  if (relative === '' || relative.endsWith('/')) {
    const index = `${relative}index.html`;
    return files.has(index) ? index : undefined;
  }
  if (files.has(relative)) return relative;
  const index = `${relative}/index.html`;
  return files.has(index) ? index : undefined;
}

function decodePath(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return PLACEHOLDER_ORIGIN;
  }
}

function toDiagnostic(
  page: ReportedPage,
  url: string,
  problem: string,
  severity: Severity,
  sourceCache: Map<string, string[]>,
): Diagnostic {
  const position = page.sourceAbsPath ? locate(page.sourceAbsPath, page.bodyLine ?? 1, url, sourceCache) : undefined;
  const diagnostic: Diagnostic = {
    severity,
    code: 'broken-link',
    message: `Broken link to "${url}" on ${page.file}: ${problem}.`,
    file: page.source ?? page.file,
    hint: url.includes('#')
      ? 'Link to an existing page and a heading id on it (ids are the heading text, lowercased, spaces as hyphens).'
      : 'Link to an existing page, e.g. /posts/<slug>/, or set `brokenLinks: "warning"` in site.config.ts to only warn.',
  };
  if (position) {
    diagnostic.line = position.line;
    diagnostic.column = position.column;
  }
  return diagnostic;
}

/**
 * The line of the body that links to the URL as written; only read when a link is broken.
 * Link syntax (`](url`, `="url"`, `<url>`, `]: url`) is preferred so a short URL does not match plain text.
 */
function locate(
  absPath: string,
  bodyLine: number,
  url: string,
  cache: Map<string, string[]>,
): { line: number; column: number } | undefined {
  let lines = cache.get(absPath);
  if (!lines) {
    try {
      lines = readFileSync(absPath, 'utf8').split(/\r\n|\r|\n/);
    } catch {
      return undefined;
    }
    cache.set(absPath, lines);
  }
  const forms = [url, url.replace(/&/g, '&amp;'), encodeURI(url)];
  const syntax = forms.flatMap((f) =>
    [['](', ''], ['="', '"'], ["='", "'"], ['=', ' '], ['=', '>'], ['<', '>'], [']: ', '']].map(([open, close]) => ({ text: `${open}${f}${close}`, offset: open!.length })),
  );
  const plain = forms.map((f) => ({ text: f, offset: 0 }));
  for (const candidates of [syntax, plain]) {
    for (let i = Math.max(0, bodyLine - 1); i < lines.length; i++) {
      for (const { text, offset } of candidates) {
        const at = lines[i]!.indexOf(text);
        if (at !== -1) return { line: i + 1, column: at + offset + 1 };
      }
    }
  }
  return undefined;
}
