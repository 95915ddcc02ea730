import { decodeHTMLAttribute } from 'entities';

/**
 * Reads the ids and outgoing URLs of one rendered HTML page.
 *
 * The pages are our own output (rehype-stringify and our templates always quote attributes with `"`),
 * so a single pass over the attributes is exact enough and ~50x cheaper than parsing every page again.
 */
export interface PageLinks {
  ids: string[];
  /** Raw attribute values of href and src, entities decoded, in document order. */
  urls: string[];
}

/** How a scan keeps the values it reads (see `own`). */
export interface ScanOptions {
  /** Where the body's first copy starts in the page, when the caller knows it already (-1: not in it). */
  bodyAt?: number;
  /**
   * False where the results leave the thread by structured clone (a page worker): the copy made
   * there belongs to no page, so interning would only cost time. Default true.
   */
  intern?: boolean;
}

// Text inside <script> and <code> could contain attribute-like strings; only JSON-LD and code matter
// here (see `strip`). Attributes are found by `scanPart`, as this regex would (which `crosses` uses).
const ATTRIBUTE = /\s(id|name|href|src)="([^"]*)"/g;

export function scanPage(html: string, options: ScanOptions = {}): PageLinks {
  const part = scanPart(html, options.intern !== false);
  return { ids: part.ids, urls: part.urls };
}

/** One scanned string, with what a split scan needs to know of its edges. */
interface Part extends PageLinks {
  source: string;
  /** The string with its scripts removed and its code elements emptied, as the attribute pass reads it. */
  stripped: string;
  /** Where the last removed block ends, in the string: a block cannot cross an edge of the string before that. */
  stripEnd: number;
  /** A `<script>` or `<code>` starts with no close after it. */
  unclosed: boolean;
  /** Where the last attribute read ends, in `stripped`. */
  attributeEnd: number;
}

function scanPart(html: string, intern: boolean): Part {
  const ids: string[] = [];
  const urls: string[] = [];
  const { text, end, unclosed } = strip(html);
  let attributeEnd = 0;
  // What ATTRIBUTE matches, found from each `="` (a few per tag) rather than tried at every
  // whitespace: the name before it, the whitespace before that, the value up to the next quote.
  for (let at = text.indexOf('="'); at !== -1; at = text.indexOf('="', at + 2)) {
    const name = nameBefore(text, at);
    if (name === 0) continue;
    const start = at - (name === ID ? 3 : name === SRC ? 4 : 5);
    if (start < attributeEnd || !isSpace(text.charCodeAt(start))) continue;
    const close = text.indexOf('"', at + 2);
    if (close === -1) break;
    const decoded = decodeEntities(text.slice(at + 2, close));
    const value = intern ? own(decoded) : decoded;
    if (name === ID || name === NAME) ids.push(value);
    else urls.push(value);
    attributeEnd = close + 1;
    at = close - 1;
  }
  return { ids, urls, source: html, stripped: text, stripEnd: end, unclosed, attributeEnd };
}

const ID = 1;
const NAME = 2;
const HREF = 3;
const SRC = 4;

/** Which of ATTRIBUTE's names ends just before `at`; 0 for none. */
function nameBefore(text: string, at: number): number {
  const last = text.charCodeAt(at - 1);
  const before = text.charCodeAt(at - 2);
  if (last === 0x64 /* d */) return before === 0x69 /* i */ ? ID : 0;
  if (last === 0x63 /* c */) return before === 0x72 /* r */ && text.charCodeAt(at - 3) === 0x73 /* s */ ? SRC : 0;
  if (last === 0x66 /* f */) return before === 0x65 /* e */ && text.startsWith('hr', at - 4) ? HREF : 0;
  if (last === 0x65 /* e */) return before === 0x6d /* m */ && text.startsWith('na', at - 4) ? NAME : 0;
  return 0;
}

/** The regex `\s`: ASCII whitespace and Unicode's space separators, line and paragraph separators and the BOM. */
function isSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/**
 * `<script>` blocks removed, `<code>` elements cut to their start tag: what
 * `html.replace(/<script\b[\s\S]*?<\/script>|<code\b[\s\S]*?<\/code>/g, ...)` made, found with string
 * searches (the regex's lazy `[\s\S]*?` tries every character of every code block). `end`: where
 * the last removed block ends; `unclosed`: a `<script` or `<code` start with no close after it.
 */
function strip(html: string): { text: string; end: number; unclosed: boolean } {
  let text = '';
  let end = 0;
  let unclosed = false;
  for (let at = nextStart(html, 0); at !== -1; ) {
    const isScript = html.charCodeAt(at + 1) === 0x73 /* s */;
    const close = html.indexOf(isScript ? '</script>' : '</code>', at + (isScript ? 7 : 5));
    if (close === -1) {
      // As the regex: no match here, and the search goes on after this start.
      unclosed = true;
      at = nextStart(html, at + 1);
      continue;
    }
    text += html.slice(end, at);
    // The start tag up to its first `>`: what `block.replace(/>[\s\S]*<\/code>$/, '>')` left.
    if (!isScript) text += html.slice(at, html.indexOf('>', at) + 1);
    end = close + (isScript ? 9 : 7);
    at = nextStart(html, end);
  }
  return { text: end === 0 ? html : text + html.slice(end), end, unclosed };
}

/** The first `<script` or `<code` at or after `from` followed by a word boundary (the regex's `\b`), or -1. */
function nextStart(html: string, from: number): number {
  // One search for `<` serves both names: each search of a two-byte string reads it all again.
  for (let at = html.indexOf('<', from); at !== -1; at = html.indexOf('<', at + 1)) {
    const next = html.charCodeAt(at + 1);
    if (next === 0x63 /* c */ && html.startsWith('ode', at + 2) && !isWordCharacter(html.charCodeAt(at + 5))) return at;
    if (next === 0x73 /* s */ && html.startsWith('cript', at + 2) && !isWordCharacter(html.charCodeAt(at + 7))) return at;
  }
  return -1;
}

function isWordCharacter(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f;
}

const seen = new Map<string, string>();
const SEEN_LIMIT = 50_000;

/**
 * One copy of the string that belongs to no page. A regex capture is a slice of the page, and V8
 * keeps a slice's whole parent alive: link data kept for every page of a large site would otherwise
 * keep every page's HTML. Interning also shares the URLs that repeat on every page.
 */
function own(value: string): string {
  const known = seen.get(value);
  if (known !== undefined) return known;
  const copy = value.length < 13 ? value : Buffer.from(value, 'utf8').toString('utf8');
  if (seen.size >= SEEN_LIMIT) seen.clear();
  seen.set(copy, copy);
  return copy;
}

/** Character references as a browser reads them in an attribute value (every named one, numeric ones, the legacy forms). */
function decodeEntities(value: string): string {
  return value.includes('&') ? decodeHTMLAttribute(value) : value;
}

/** A rendered page's links, with its post body's URLs apart (a broken one is reported at its line in the post file). */
export interface RenderedPageLinks extends PageLinks {
  bodyUrls?: string[];
}

/**
 * The page's links and its body's URLs. The body is in the page as it is (`{{ content | raw }}`), so
 * it is scanned once where it can be (`scanAroundBody`); else the whole page is scanned as well.
 */
export function scanRenderedPage(html: string, body: string | undefined, options: ScanOptions = {}): RenderedPageLinks {
  if (body === undefined) return scanPage(html, options);
  const inner = scanPart(body, options.intern !== false);
  return scanAround(html, inner, options) ?? { ...scanPage(html, options), bodyUrls: inner.urls };
}

/**
 * The page scanned in three parts: before the body's first copy in it, the body, after. The results
 * join in document order as one scan's would, unless a script, a code element or an attribute
 * crosses an edge of the body: then, and when the body is empty or not in the page, undefined.
 */
export function scanAroundBody(html: string, body: string, options: ScanOptions = {}): RenderedPageLinks | undefined {
  return scanAround(html, scanPart(body, options.intern !== false), options);
}

function scanAround(html: string, inner: Part, options: ScanOptions): RenderedPageLinks | undefined {
  const body = inner.source;
  const at = body === '' ? -1 : options.bodyAt ?? html.indexOf(body);
  if (at < 0) return undefined;
  const intern = options.intern !== false;
  const before = scanPart(html.slice(0, at), intern);
  const after = scanPart(html.slice(at + body.length), intern);
  if (crosses(before, inner, false) || crosses(inner, after, true)) return undefined;
  return {
    ids: [...before.ids, ...inner.ids, ...after.ids],
    urls: [...before.urls, ...inner.urls, ...after.urls],
    bodyUrls: inner.urls,
  };
}

/**
 * Whether scanning `left` and `right` apart could read otherwise than scanning them as one string:
 * a `<script>` or `<code>` opened in `left` and not closed there, or an attribute begun in `left`'s
 * stripped text and ended in `right`'s. `last`: nothing follows `right`.
 */
function crosses(left: Part, right: Part, last: boolean): boolean {
  return opensAcross(left, right, last) || attributeAcross(left, right, last);
}

const OPENER = /<(?:script|code)\b/g;

function opensAcross(left: Part, right: Part, last: boolean): boolean {
  // An opener in `left` with no close there could close in `right`. Any other opener after the last
  // block would be `unclosed`, so what is left is one cut at the edge: it starts in the last 6
  // characters and needs at most 7 more (`<script` and a boundary).
  if (left.unclosed || (!last && right.source.length < 8)) return true;
  const tail = left.source.slice(Math.max(left.stripEnd, left.source.length - 7));
  OPENER.lastIndex = 0;
  const match = OPENER.exec(tail + right.source.slice(0, 8));
  return match !== null && match.index < tail.length;
}

function attributeAcross(left: Part, right: Part, last: boolean): boolean {
  // A crossing attribute starts after the last one read in `left` and has at most one quote there
  // (its `="`), so after the second last quote; in `right` it ends by the second quote.
  const text = left.stripped;
  const from = Math.max(left.attributeEnd, text.lastIndexOf('"', text.lastIndexOf('"') - 1) + 1);
  const tail = text.slice(from);
  const first = right.stripped.indexOf('"');
  const second = first < 0 ? -1 : right.stripped.indexOf('"', first + 1);
  if (second < 0 && !last) return true;
  const head = second < 0 ? right.stripped : right.stripped.slice(0, second + 1);
  ATTRIBUTE.lastIndex = 0;
  const match = ATTRIBUTE.exec(tail + head);
  return match !== null && match.index < tail.length;
}
