import { readFileSync } from 'node:fs';
import type { Diagnostic, Severity } from '../diagnostics.js';
import { isSourceLink } from '../url-path.js';
import type { PageLinks } from '../html-links.js';

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
  /** How many times the post body has it, when more than once: each is reported at its own line. */
  count?: number;
  /** The page has it outside the body too (from its template), besides in the body. */
  chrome?: boolean;
}

/**
 * Where a page's problems are reported: the page, for a post its source and body line, and the
 * template that rendered it (as diagnostics show it, e.g. `templates/post.liquid`).
 */
export type ReportedPage = Pick<CheckedPage, 'file' | 'source' | 'sourceAbsPath' | 'bodyLine'> & { template?: string };

/** A place in a template where a link is written: file as diagnostics show it, 1-based line and column. */
export interface TemplatePlace {
  file: string;
  line: number;
  column: number;
}

export interface ReportOptions extends Pick<LinkCheckOptions, 'severity'>, Partial<Pick<LinkCheckOptions, 'basePath'>> {
  /** Where the templates write a link that is outside every post body; empty when it is not written literally. */
  locateTemplate?: (url: string) => TemplatePlace[];
}

/**
 * Checks that every internal link and `#fragment` of the site resolves to a file and an id in it.
 * A broken link in a post body is reported against the post file, once for each line and column that has it.
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
    let fromBody: Map<string, number> | undefined;
    let onPage: Map<string, number> | undefined;
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
      // Counted only on a page with a broken link: most pages have none.
      fromBody ??= countUrls(page.bodyUrls ?? []);
      const count = fromBody.get(url) ?? 0;
      const problemFound: LinkProblem = { url, problem, body: count > 0 };
      if (count > 1) problemFound.count = count;
      if (count > 0) {
        // The page has it more often than its body: the template writes it too.
        onPage ??= countUrls(page.urls);
        if (onPage.get(url)! > count) problemFound.chrome = true;
      }
      const list = found.get(page.file) ?? [];
      list.push(problemFound);
      found.set(page.file, list);
    }
  }
  return found;
}

/** `on 19 pages (index.html, posts/a/index.html, posts/b/index.html and 16 more)`. */
function pageList(pages: readonly string[], after: string): string {
  const count = pages.length === 1 ? 'on 1 page' : `on ${pages.length} pages`;
  return `${count}${after} (${pages.slice(0, 3).join(', ')}${pages.length > 3 ? ` and ${pages.length - 3} more` : ''})`;
}

function countUrls(urls: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const url of urls) counts.set(url, (counts.get(url) ?? 0) + 1);
  return counts;
}

/**
 * Diagnostics for the problems found, pages in site order; template links are reported once for all
 * pages. A broken link in a post body is reported at every line of the post that has it.
 */
export function reportLinkProblems(
  found: Iterable<{ page: ReportedPage; problems: readonly LinkProblem[] }>,
  options: ReportOptions,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const sourceCache = new Map<string, string[]>();
  // Links outside post bodies come from templates and repeat on every page: report each once.
  const chrome = new Map<string, { problem: string; pages: string[]; templates: string[] }>();
  for (const { page, problems } of found) {
    for (const { url, problem, body, count, chrome: alsoOutside } of problems) {
      if (body && page.source) {
        diagnostics.push(...toDiagnostics(page, url, problem, count ?? 1, options, sourceCache));
        if (!alsoOutside) continue;
      }
      const key = `${url}\u0000${problem.replace(page.file, '')}`;
      const entry = chrome.get(key) ?? { problem, pages: [], templates: [] };
      entry.pages.push(page.file);
      if (page.template !== undefined && !entry.templates.includes(page.template)) entry.templates.push(page.template);
      chrome.set(key, entry);
    }
  }
  // Links found at one template place are one diagnostic, even when the place makes a different URL
  // on each page (`{{ post.url }}comments/`).
  const atPlace = new Map<string, { place: TemplatePlace; urls: string[]; problem: string; pages: string[] }>();
  for (const [key, { problem, pages: on, templates }] of chrome) {
    const url = key.slice(0, key.indexOf('\u0000'));
    const places = options.locateTemplate?.(url) ?? [];
    for (const place of places) {
      const id = `${place.file}:${place.line}:${place.column}`;
      const entry = atPlace.get(id) ?? { place, urls: [], problem, pages: [] };
      if (!entry.urls.includes(url)) entry.urls.push(url);
      entry.pages.push(...on);
      atPlace.set(id, entry);
    }
    if (places.length > 0) continue;
    // Made by an expression, not written out: the templates that rendered the pages are all that is known.
    const by = templates.length === 0 ? '' : ` rendered by ${templates.join(', ')}`;
    diagnostics.push({
      severity: options.severity,
      code: 'broken-link',
      message: `Broken link to "${url}" outside any post body, ${pageList(on, by)}: ${problem}.`,
      file: templates[0] ?? on[0]!,
      hint: 'The link is made by a template expression (or a partial it includes): find the value that produces it there.',
    });
  }
  for (const { place, urls, problem, pages: on } of atPlace.values()) {
    const what = urls.length === 1 ? `Broken link to "${urls[0]}"` : `${urls.length} broken links (such as "${urls[0]}")`;
    diagnostics.push({
      severity: options.severity,
      code: 'broken-link',
      message: `${what} from ${place.file}, ${pageList([...new Set(on)], '')}: ${problem}.`,
      file: place.file,
      line: place.line,
      column: place.column,
      hint: 'Fix the link in this template: every page it renders has it.',
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

/** One diagnostic per place the post's source has the link; one without a line when none is found. */
function toDiagnostics(
  page: ReportedPage,
  url: string,
  problem: string,
  count: number,
  options: ReportOptions,
  sourceCache: Map<string, string[]>,
): Diagnostic[] {
  const positions = page.sourceAbsPath ? locate(page.sourceAbsPath, page.bodyLine ?? 1, writtenForms(url, options.basePath), sourceCache) : [];
  const diagnostic: Diagnostic = {
    severity: options.severity,
    code: 'broken-link',
    message: `Broken link to "${url}" on ${page.file}${positions.length === 0 && count > 1 ? ` (${count} times)` : ''}: ${problem}.`,
    file: page.source ?? page.file,
    hint: isSourceLink(url)
      ? 'No post has this source file: `@/` paths start in the content folder, other `.md` links at the linking post\'s file. Fix the path, or link to the post\'s URL.'
      : url.includes('#')
      ? 'Link to an existing page and a heading id on it (ids are the heading text, lowercased, spaces as hyphens).'
      : 'Link to an existing page (a post\'s URL, e.g. /posts/<slug>/ by default), or set `brokenLinks: "warning"` in site.config.ts to only warn.',
  };
  if (positions.length === 0) return [diagnostic];
  return positions.map((position) => ({ ...diagnostic, line: position.line, column: position.column }));
}

/**
 * The URL as the author may have written it: as rendered, with `&` as `&amp;`, percent-encoded, and
 * without the base path the Markdown stage adds to root-relative links.
 */
function writtenForms(url: string, basePath: string | undefined): string[] {
  const forms = [url, url.replace(/&/g, '&amp;'), encodeURI(url)];
  // Markdown percent-encodes what the author typed as is (`[x](föö)` becomes `f%C3%B6%C3%B6`).
  const decoded = decodePath(url);
  if (decoded !== undefined) forms.push(decoded);
  if (basePath !== undefined && basePath !== '/' && url.startsWith(basePath)) forms.push(`/${url.slice(basePath.length)}`);
  return [...new Set(forms)];
}

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;

/**
 * Every place in the body that links to the URL in link syntax (`](url`, `="url"`, `<url>`, `]: url`),
 * outside fenced code; only read when a link is broken. When link syntax is nowhere, the first plain
 * mention stands in, so a short URL never matches plain text beside a real link.
 */
function locate(
  absPath: string,
  bodyLine: number,
  forms: readonly string[],
  cache: Map<string, string[]>,
): Array<{ line: number; column: number }> {
  let lines = cache.get(absPath);
  if (!lines) {
    try {
      lines = readFileSync(absPath, 'utf8').split(/\r\n|\r|\n/);
    } catch {
      return [];
    }
    cache.set(absPath, lines);
  }
  const syntax = forms.flatMap((f) =>
    [['](', ''], ['="', '"'], ["='", "'"], ['=', ' '], ['=', '>'], ['<', '>'], [']: ', '']].map(([open, close]) => ({ text: `${open}${f}${close}`, offset: open!.length })),
  );
  const found: Array<{ line: number; column: number }> = [];
  let fence: string | undefined;
  for (let i = Math.max(0, bodyLine - 1); i < lines.length; i++) {
    const line = lines[i]!;
    // Code samples show links without making them: a fence opens, and the same marker at least as long closes.
    const [, marker, rest] = FENCE.exec(line) ?? [];
    if (marker !== undefined && fence === undefined) {
      fence = marker;
      continue;
    }
    if (marker !== undefined && marker[0] === fence![0] && marker.length >= fence!.length && rest!.trim() === '') {
      fence = undefined;
      continue;
    }
    if (fence !== undefined) continue;
    const columns = new Set<number>();
    for (const { text, offset } of syntax) {
      for (let at = line.indexOf(text); at !== -1; at = line.indexOf(text, at + 1)) columns.add(at + offset + 1);
    }
    for (const column of [...columns].sort((a, b) => a - b)) found.push({ line: i + 1, column });
  }
  if (found.length > 0) return found;
  for (let i = Math.max(0, bodyLine - 1); i < lines.length; i++) {
    for (const form of forms) {
      const at = lines[i]!.indexOf(form);
      if (at !== -1) return [{ line: i + 1, column: at + 1 }];
    }
  }
  return [];
}
