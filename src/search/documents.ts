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
