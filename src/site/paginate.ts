import type { Pagination } from './types.js';

/** Splits a list into pages of `perPage`; an empty list still has one (empty) page. */
export function paginate<T>(items: readonly T[], perPage: number): T[][] {
  const pages: T[][] = [];
  for (let at = 0; at < items.length; at += perPage) pages.push(items.slice(at, at + perPage));
  if (pages.length === 0) pages.push([]);
  return pages;
}

/** Pagination data for page `page` (1-based) of `pages`, given the URL of each page. */
export function pagination(page: number, pages: number, urlOf: (page: number) => string): Pagination {
  const out: Pagination = { page, pages };
  if (page > 1) out.previousUrl = urlOf(page - 1);
  if (page < pages) out.nextUrl = urlOf(page + 1);
  return out;
}
