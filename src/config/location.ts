/**
 * Where the site lives: its origin (`url`, `--site-url`) and the path it is served under (`basePath`,
 * `--base`). One set of rules for the config file and the command line, so both accept and refuse the
 * same values; each problem carries a hint in the words of the file and in those of the flags.
 */

export const DEFAULT_SITE_URL = 'http://localhost:4321';

export type Checked =
  | { ok: true; value: string }
  | { ok: false; problem: string; configHint: string; flagHint: string };

/** One path segment as it may appear in a URL unescaped (RFC 3986 unreserved characters). */
const SEGMENT = /^[A-Za-z0-9._~-]+$/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/**
 * `/blog/` as written, and the forgiving spellings of it: `blog`, `/blog`, `blog/`, `//blog//` all
 * mean `/blog/`; `''` and `/` mean the root. Anything that is not a plain path (a full URL, a query,
 * a fragment, `.` or `..`, spaces, characters a URL must escape) is refused.
 */
export function normalizeBasePath(raw: string): Checked {
  const quoted = JSON.stringify(raw);
  const refuse = (problem: string, example = '/blog/'): Checked => ({
    ok: false,
    problem: `${quoted} ${problem}`,
    configHint: `Write basePath as a path such as '${example}': segments of letters, digits, ".", "_", "~" and "-" separated by "/".`,
    flagHint: `Write it as a path such as --base ${example}.`,
  });
  if (SCHEME.test(raw)) {
    const url = parseUrl(raw);
    if (url && (url.protocol === 'http:' || url.protocol === 'https:')) {
      const split = normalizeBasePath(url.pathname);
      const base = split.ok ? split.value : '/blog/';
      return {
        ok: false,
        problem: `${quoted} is a full URL, not a path`,
        configHint: `Put the origin in url and the path in basePath: url: '${url.origin}', basePath: '${base}'.`,
        flagHint: `Pass the origin and the path apart: --site-url ${url.origin} --base ${base}.`,
      };
    }
    return refuse('is not a path');
  }
  if (/\s/.test(raw)) return refuse('contains a space');
  const query = /[?#]/.exec(raw);
  if (query) {
    const before = normalizeBasePath(raw.slice(0, query.index));
    return refuse(`contains "${query[0]}": a base path has no query or fragment`, before.ok ? before.value : '/blog/');
  }
  if (raw.includes('\\')) return refuse('contains "\\": path segments are separated by "/"', normalizeOr(raw.replaceAll('\\', '/')));
  const segments = raw.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '.' || s === '..')) return refuse('has a "." or ".." segment', normalizeOr(segments.filter((s) => s !== '.' && s !== '..').join('/')));
  const bad = segments.find((s) => !SEGMENT.test(s));
  if (bad !== undefined) {
    const char = [...bad].find((c) => !SEGMENT.test(c))!;
    return refuse(`contains "${char}", which a URL path must escape`);
  }
  return { ok: true, value: segments.length === 0 ? '/' : `/${segments.join('/')}/` };
}

function normalizeOr(raw: string): string {
  const checked = normalizeBasePath(raw);
  return checked.ok && checked.value !== '/' ? checked.value : '/blog/';
}

/**
 * The site's origin: `https://example.com` (a trailing `/` is dropped). A path is refused rather than
 * kept, because every link joins the origin and basePath and a path in both places breaks them all.
 */
export function checkSiteUrl(raw: string): Checked {
  const quoted = JSON.stringify(raw);
  const refuse = (problem: string): Checked => ({
    ok: false,
    problem: `${quoted} ${problem}`,
    configHint: "Write url as the site's origin, such as 'https://example.com'.",
    flagHint: 'Write it as an origin such as --site-url https://example.com.',
  });
  if (/\s/.test(raw)) return refuse('contains a space');
  const url = parseUrl(raw);
  if (!url || !SCHEME.test(raw)) return refuse('is not an absolute URL');
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return refuse(`uses "${url.protocol.slice(0, -1)}": the site URL is http or https`);
  if (url.username !== '' || url.password !== '') return refuse('contains a user name or password');
  if (url.search !== '' || url.hash !== '' || /[?#]/.test(raw)) return refuse('has a query or fragment');
  if (url.pathname !== '/') {
    const split = normalizeBasePath(url.pathname);
    const base = split.ok ? split.value : '/blog/';
    return {
      ok: false,
      problem: `${quoted} has a path, "${url.pathname}": the site URL is the origin alone, and the path the site is served under is the base path`,
      configHint: `Write url: '${url.origin}' and move the path to basePath: '${base}'.`,
      flagHint: `Pass --site-url ${url.origin} --base ${base}.`,
    };
  }
  return { ok: true, value: url.origin };
}

function parseUrl(raw: string): URL | undefined {
  try {
    return new URL(raw);
  } catch {
    return undefined;
  }
}
