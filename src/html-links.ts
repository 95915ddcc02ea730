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
  /**
   * False where the results leave the thread by structured clone (a page worker): the copy made
   * there belongs to no page, so interning would only cost time. Default true.
   */
  intern?: boolean;
}

// Text inside <script> and <code> could contain attribute-like strings; only JSON-LD and code matter here.
// The last alternative, a start with no close after it, changes nothing in the text: it marks a
// string whose scan could read otherwise with more text after it (see `crosses`).
const STRIP = /<script\b[\s\S]*?<\/script>|<code\b[\s\S]*?<\/code>|<(?:script|code)\b/g;
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
  ATTRIBUTE.lastIndex = 0;
  for (let match = ATTRIBUTE.exec(text); match !== null; match = ATTRIBUTE.exec(text)) {
    const decoded = decodeEntities(match[2]!);
    const value = intern ? own(decoded) : decoded;
    if (match[1] === 'id' || match[1] === 'name') ids.push(value);
    else urls.push(value);
    attributeEnd = ATTRIBUTE.lastIndex;
  }
  return { ids, urls, source: html, stripped: text, stripEnd: end, unclosed, attributeEnd };
}

/** `<script>` blocks removed, `<code>` elements cut to their start tag. */
function strip(html: string): { text: string; end: number; unclosed: boolean } {
  let text = '';
  let end = 0;
  let unclosed = false;
  STRIP.lastIndex = 0;
  for (let match = STRIP.exec(html); match !== null; match = STRIP.exec(html)) {
    const block = match[0];
    if (!block.endsWith('>')) {
      unclosed = true;
      continue;
    }
    text += html.slice(end, match.index);
    // The start tag up to its first `>`: what `block.replace(/>[\s\S]*<\/code>$/, '>')` leaves.
    if (block.startsWith('<code')) text += block.slice(0, block.indexOf('>') + 1);
    end = STRIP.lastIndex;
  }
  return { text: end === 0 ? html : text + html.slice(end), end, unclosed };
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
  const at = body === '' ? -1 : html.indexOf(body);
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
