/**
 * Post URLs as authors write them: the site-wide `permalink` pattern, a post's own `url` (`permalink`,
 * `path`) and its old URLs (`aliases`, `redirect_from`). Shared by config (pattern checks), content
 * (field checks, with lines) and site (routes), so all three accept and refuse the same values.
 */

/** The default pattern: the URLs every post had before patterns existed. */
export const DEFAULT_PERMALINK = '/posts/:slug/';

export const PERMALINK_TOKENS = ['year', 'month', 'day', 'slug', 'section', 'categories'] as const;
export type PermalinkToken = (typeof PERMALINK_TOKENS)[number];

/**
 * A URL path below the site root (under the base path): its raw segments (as written on disk) and
 * whether it is a folder page (`a/b/` → `a/b/index.html`) or a file (`a/b.html`).
 */
export interface UrlPath {
  segments: string[];
  kind: 'page' | 'file';
}

export type UrlPathResult = { ok: true; value: UrlPath } | { ok: false; problem: string; hint: string };

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const CONTROL = /[\u0000-\u001f\u007f]/;
const TOKEN = /:([A-Za-z_]+)/g;
const FILE_PAGE = /\.html?$/i;

const HINT = 'Write a path below the site root, like `/2024/03/my-post/` or `/old/page.html`.';

/**
 * Normalises a URL path as written: a leading slash is implied, doubled slashes collapse, `%XX`
 * escapes are decoded; a path ending in `.html` is that file, any other a folder page. Refused: another
 * origin, a scheme, a query or fragment, `.`/`..` segments, backslashes and control characters.
 */
export function parseUrlPath(raw: string): UrlPathResult {
  const text = raw.trim();
  const refuse = (problem: string, hint = HINT): UrlPathResult => ({ ok: false, problem, hint });
  if (text === '') return refuse('it is empty');
  if (text.startsWith('//') || SCHEME.test(text)) {
    return refuse('it names another origin or a scheme; a post URL stays on this site', 'Write only the path, like `/2024/03/my-post/` (a full URL must be on the origin of the `url` setting).');
  }
  if (/[?#]/.test(text)) return refuse('it has a query or a fragment (`?` or `#`)', 'Remove the `?…` or `#…` part: a page URL is a path only.');
  if (text.includes('\\')) return refuse('it contains a backslash', 'Separate path segments with `/`.');
  if (CONTROL.test(text)) return refuse('it contains a control character');
  if (/\s/.test(text)) return refuse('it contains a space', 'Use `-` instead of spaces, like `/my-post/`.');
  const segments: string[] = [];
  for (const written of text.split('/')) {
    if (written === '') continue;
    let segment: string;
    try {
      segment = decodeURIComponent(written);
    } catch {
      return refuse(`the segment "${written}" has a malformed %-escape`, 'Write `%` as `%25`, or use the character itself.');
    }
    if (segment === '.' || segment === '..') return refuse(`it has a "${segment}" segment, which would leave its folder`);
    if (segment.includes('/') || segment.includes('\\') || CONTROL.test(segment)) return refuse(`the segment "${written}" decodes to a separator or control character`);
    segments.push(segment);
  }
  const last = segments[segments.length - 1];
  const file = last !== undefined && FILE_PAGE.test(last) && !text.endsWith('/');
  return { ok: true, value: { segments, kind: file ? 'file' : 'page' } };
}

const HTTP = /^https?:\/\//i;

/**
 * A post's own URL or alias as the content stage keeps it: a normalised path (`/a/b/`), or an absolute
 * http(s) URL (`https://example.com/a/b/`, its path normalised) that the plan checks against the
 * site's origin and base path, which the content stage does not know.
 */
export function normalizePostUrl(raw: string): { ok: true; value: string } | { ok: false; problem: string; hint: string } {
  const text = raw.trim();
  if (HTTP.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return { ok: false, problem: 'it is not a valid URL', hint: HINT };
    }
    if (/[?#]/.test(text)) return { ok: false, problem: 'it has a query or a fragment (`?` or `#`)', hint: 'Remove the `?…` or `#…` part: a page URL is a path only.' };
    if (url.username !== '' || url.password !== '') return { ok: false, problem: 'it contains a user name or password', hint: HINT };
    const path = parseUrlPath(url.pathname);
    return path.ok ? { ok: true, value: url.origin + formatUrlPath(path.value) } : path;
  }
  const path = parseUrlPath(text);
  return path.ok ? { ok: true, value: formatUrlPath(path.value) } : path;
}

/**
 * The path below the base path of a URL kept by {@link normalizePostUrl}: an absolute one must be on
 * the site's origin (`url`) and under its base path, which are taken off.
 */
export function sitePath(stored: string, site: { url: string; basePath: string }): UrlPathResult {
  if (!HTTP.test(stored)) return parseUrlPath(stored);
  const url = new URL(stored);
  if (url.origin !== site.url) {
    return {
      ok: false,
      problem: `it is on ${url.origin}, not on the site's origin ${site.url}, so it would leave the site`,
      hint: `Write only the path, like \`${url.pathname}\`, or set \`url: '${url.origin}'\` in site.config.ts if that is the site's origin.`,
    };
  }
  if (!url.pathname.startsWith(site.basePath)) {
    return { ok: false, problem: `its path is not under the base path ${site.basePath}`, hint: `Write a URL under ${site.url}${site.basePath}, or only the path below the base path.` };
  }
  return parseUrlPath(url.pathname.slice(site.basePath.length));
}

/** The path as a site-root-relative URL path: `/a/b/` or `/a/b.html` (no base path, not escaped). */
export function formatUrlPath(path: UrlPath): string {
  const joined = path.segments.join('/');
  if (path.kind === 'file') return `/${joined}`;
  return joined === '' ? '/' : `/${joined}/`;
}

/** Why a `permalink` pattern is unusable, or undefined: it starts with `/`, uses known tokens and `:slug`. */
export function permalinkPatternProblem(pattern: string): { problem: string; hint: string } | undefined {
  const hint = `Write a path with tokens, like '/:year/:month/:day/:slug/', '/blog/:slug/' or '/:year/:slug.html'; tokens: ${PERMALINK_TOKENS.map((t) => `:${t}`).join(', ')}.`;
  if (!pattern.startsWith('/')) return { problem: `"${pattern}" does not start with "/"`, hint };
  for (const match of pattern.matchAll(TOKEN)) {
    if (!(PERMALINK_TOKENS as readonly string[]).includes(match[1]!)) {
      const instead = match[1] === 'title' || match[1] === 'filename' ? ` (Jekyll's and Hugo's ":${match[1]}" is ":slug" here)` : '';
      return { problem: `"${pattern}" has the unknown token ":${match[1]}"${instead}`, hint };
    }
  }
  if (!/:slug(?![A-Za-z_])/.test(pattern)) return { problem: `"${pattern}" has no ":slug", so every post would get the same URL`, hint };
  const sample = parseUrlPath(pattern.replace(TOKEN, 'x'));
  if (!sample.ok) return { problem: `"${pattern}" is not a usable path: ${sample.problem}`, hint };
  return undefined;
}

/** What a pattern's tokens stand for in one post. */
export interface PermalinkValues {
  slug: string;
  /** `YYYY-MM-DD`. */
  date: string;
  /** The post's folder under `content/`, `''` for a top-level file. */
  section: string;
  /** Jekyll's `categories`, lower-cased: one folder each, none when there are none. */
  categories?: readonly string[];
}

/** A checked pattern (see {@link permalinkPatternProblem}) filled in for one post; doubled slashes collapse. */
export function expandPermalink(pattern: string, values: PermalinkValues): UrlPath {
  const [year, month, day] = [values.date.slice(0, -6), values.date.slice(-5, -3), values.date.slice(-2)];
  const categories = (values.categories ?? []).join('/');
  const filled: Record<PermalinkToken, string> = { year: year!, month: month!, day: day!, slug: values.slug, section: values.section, categories };
  const text = pattern.replace(TOKEN, (_, name: string) => encodeURIComponent(filled[name as PermalinkToken] ?? '').replaceAll('%2F', '/'));
  const parsed = parseUrlPath(text.replace(/\/{2,}/g, '/'));
  // A checked pattern with a slug and a folder from content/ always parses; the fallback keeps types honest.
  return parsed.ok ? parsed.value : { segments: ['posts', values.slug], kind: 'page' };
}

/**
 * A test matching the output paths a post of this slug could have under the pattern
 * whatever its date and section: for links to a post left out for its errors (its date may be the error).
 */
export function permalinkMatcher(pattern: string, slug: string): (file: string) => boolean {
  const escape = (s: string): string => s.replace(/\/+/g, '/').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  let source = '';
  let at = 0;
  for (const match of pattern.matchAll(TOKEN)) {
    source += escape(pattern.slice(at, match.index));
    const name = match[1] as PermalinkToken;
    if (name === 'slug') source += escape(slug);
    // An empty section (or none of the categories) takes its slash with it: `/:section/:slug/` is `/slug/` for a top-level file.
    else if (name === 'section' || name === 'categories') source = `${source.replace(/\/$/, '')}(?:/.+)?`;
    else source += '\\d+';
    at = match.index + match[0].length;
  }
  source += escape(pattern.slice(at));
  const re = new RegExp(`^${source.replace(/\/+/g, '/')}${source.endsWith('/') ? '' : '(?:$|/)'}`);
  return (file) => re.test(`/${file}`);
}

/**
 * A link to a post's source file, as migrated blogs write them: Zola's `@/path/in/content.md` and a
 * relative `../other-post.md` or `./other/index.md` (Hugo, Eleventy), with an optional `#anchor`.
 */
export function isSourceLink(href: string): boolean {
  if (href.startsWith('@/')) return true;
  if (href.startsWith('/') || href.startsWith('#') || SCHEME.test(href)) return false;
  const end = href.search(/[?#]/);
  return /\.(md|markdown)$/i.test(end === -1 ? href : href.slice(0, end));
}
