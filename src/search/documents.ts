import type { SearchPost } from './types.js';

/** Where the search bundle lives in the output folder; the client loads `<base>pagefind/pagefind.js`. */
export const SEARCH_BUNDLE_DIR = 'pagefind';

/** Heading permalinks (`#`) are navigation, not content. */
export const EXCLUDED_SELECTORS = ['.heading-anchor'];

/**
 * The page Pagefind indexes for one post: title, description and tags weighted above the body, the
 * date as result metadata. Only the post's own content goes in, never the site's navigation.
 */
export function searchDocument(post: SearchPost, bodyHtml: string, language: string): string {
  return documentHtml(post, leanBody(bodyHtml), language);
}

/** The document around a body as given (the bench compares it with the lean one). */
export function documentHtml(post: SearchPost, bodyHtml: string, language: string): string {
  const tags = post.tags.map((t) => t.name).join(', ');
  return (
    `<!doctype html><html lang="${escapeHtml(language)}"><head><title>${escapeHtml(post.title)}</title></head><body>` +
    `<h1 data-pagefind-meta="title">${escapeHtml(post.title)}</h1>` +
    // A page (content/pages/) has no date to show in its results.
    `<p${post.page ? '' : ` data-pagefind-meta="date:${escapeHtml(post.date)}"`} data-pagefind-weight="3">${escapeHtml(post.description)}</p>` +
    (tags ? `<p data-pagefind-weight="3">${escapeHtml(tags)}</p>` : '') +
    `<div>${bodyHtml}</div></body></html>`
  );
}

/**
 * Inline elements Pagefind reads only for their text. Block elements stay: Pagefind ends a sentence
 * at each one, which shows in excerpts.
 */
const INLINE = 'span|code|a|em|strong|b|i|u|s|del|ins|sup|sub|kbd|mark|small|abbr|q|cite|time|var|samp|dfn';
/** A start or end tag of those, its attribute values quoted as the Markdown stage writes them (`>` may be inside). */
const TAG = new RegExp(`</?(?:${INLINE})(?=[\\s/>])(?:[^>"']|"[^"]*"|'[^']*')*>`, 'gi');
/** A heading permalink as the Markdown stage writes it: excluded from the index, so dropped whole. */
const HEADING_ANCHOR = /<a class="heading-anchor"(?:[^>"']|"[^"]*"|'[^']*')*>[\s\S]*?<\/a>/g;

/** Parts Pagefind treats apart (its own attributes, elements whose text it skips), as the Markdown stage writes them. */
const SPECIAL = ['data-pagefind', '<script', '<style', '<template', '<noscript'];

/**
 * A post body from which Pagefind makes the same index, byte for byte, at less cost: without the
 * inline elements that carry no meaning for it (highlighting spans, links, emphasis), which are
 * most of a body's elements, and without heading permalinks, which it is told to skip anyway.
 * Bodies with Pagefind's own attributes (`data-pagefind-ignore`, ...), elements whose text it skips,
 * or ids on inline elements (footnote references: Pagefind keeps them as anchors) go unchanged, so
 * no element's reach or anchor changes.
 */
export function leanBody(html: string): string {
  // Plain substring tests: a regex over every body cost more than the rest of this.
  if (SPECIAL.some((part) => html.includes(part))) return html;
  let anchored = false;
  const lean = html.replace(HEADING_ANCHOR, '').replace(TAG, (tag) => {
    if (tag.includes(' id=')) anchored = true;
    return '';
  });
  return anchored ? html : lean;
}

/** A post URL as Pagefind stores it: relative to the base path, which the client adds back. */
export function recordUrl(url: string, basePath: string): string {
  return url.startsWith(basePath) ? `/${url.slice(basePath.length)}` : url;
}

/** Pagefind's stemmers are per primary language (`en-GB` → `en`). */
export function indexLanguage(language: string): string {
  return (language.split('-')[0] ?? 'en').toLowerCase();
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
