/**
 * Locale-independent comparisons: output order must not depend on the machine's LANG or ICU data.
 */

/** Compares by UTF-16 code units. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Post order everywhere: newest date first, then slug ascending. */
export function comparePosts(a: { date: string; slug: string }, b: { date: string; slug: string }): number {
  return compareStrings(b.date, a.date) || compareStrings(a.slug, b.slug);
}

/** Folds case and accents for sorting names (`Émile` sorts with `emile`), without locale data. */
export function sortKey(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Names by folded key, then by exact text so the order is total. */
export function compareNames(a: string, b: string): number {
  return compareStrings(sortKey(a), sortKey(b)) || compareStrings(a, b);
}
