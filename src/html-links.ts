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

const ATTRIBUTE = /\s(id|name|href|src)="([^"]*)"/g;

export function scanPage(html: string): PageLinks {
  const ids: string[] = [];
  const urls: string[] = [];
  // Text inside <script> and <pre> could contain attribute-like strings; only JSON-LD and code matter here.
  const scanned = html.replace(/<script\b[\s\S]*?<\/script>|<code\b[\s\S]*?<\/code>/g, (block) =>
    block.startsWith('<code') ? block.replace(/>[\s\S]*<\/code>$/, '>') : '',
  );
  for (const match of scanned.matchAll(ATTRIBUTE)) {
    const value = own(decodeEntities(match[2] ?? ''));
    if (match[1] === 'id' || match[1] === 'name') ids.push(value);
    else urls.push(value);
  }
  return { ids, urls };
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

export function scanRenderedPage(html: string, body: string | undefined): RenderedPageLinks {
  const links: RenderedPageLinks = scanPage(html);
  if (body !== undefined) links.bodyUrls = scanPage(body).urls;
  return links;
}
