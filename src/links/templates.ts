import type { TemplatePlace } from './check.js';

/** Literal text right after a Liquid expression up to the closing quote: `{{ post.url }}comments/"`. */
const AFTER_EXPRESSION = /\}\}([^"'{}<>\s]+)(?=["'])/g;
/** Literal text from an opening quote up to a Liquid expression: `"/tags/{{`. */
const BEFORE_EXPRESSION = /(?<=["'])([^"'{}<>\s]+)\{\{/g;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * Finds where the templates write a link that is outside every post body, so a broken one is
 * reported at its template line instead of on every page. Searched as text, only when a link is broken:
 *
 * 1. the URL quoted as written (`href="/about/"`, `{% assign x = '/about/' %}`), `&` also as `&amp;`;
 * 2. else the longest literal part written beside a Liquid expression that the URL ends with
 *    (`{{ site.basePath }}about/"`, `{{ post.url }}comments/"`) or starts with (`"/tags/{{`).
 *
 * A link made wholly by an expression (`{{ post.url }}`) is found by neither: then there are no places.
 */
export function templateLocator(
  /** Template sources by name relative to the templates folder (`partials/header.liquid`). */
  sources: ReadonlyMap<string, string>,
  /** The name as diagnostics show it, e.g. `templates/partials/header.liquid`. */
  display: (name: string) => string,
): (url: string) => TemplatePlace[] {
  let lines: Array<[name: string, lines: string[]]> | undefined;
  const allLines = (): Array<[string, string[]]> => (lines ??= [...sources].map(([name, text]) => [name, text.split(/\r\n|\r|\n/)]));
  let pieces: Array<TemplatePlace & { text: string; end: boolean }> | undefined;
  const allPieces = (): NonNullable<typeof pieces> => {
    if (pieces) return pieces;
    pieces = [];
    for (const [name, list] of allLines()) {
      list.forEach((line, i) => {
        for (const [pattern, end] of [[AFTER_EXPRESSION, true], [BEFORE_EXPRESSION, false]] as const) {
          for (const match of line.matchAll(pattern)) {
            const text = match[1]!.replace(/&amp;/g, '&');
            const column = match.index + (end ? 2 : 0) + 1;
            if (LETTER_OR_DIGIT.test(text)) pieces!.push({ file: display(name), line: i + 1, column, text, end });
          }
        }
      });
    }
    return pieces;
  };
  const quoted = (url: string): TemplatePlace[] => {
    const needles = [...new Set([url, url.replace(/&/g, '&amp;')])].flatMap((f) => [`"${f}"`, `'${f}'`]);
    const places: TemplatePlace[] = [];
    for (const [name, list] of allLines()) {
      list.forEach((line, i) => {
        const columns = new Set<number>();
        for (const needle of needles) {
          for (let at = line.indexOf(needle); at !== -1; at = line.indexOf(needle, at + 1)) columns.add(at + 2);
        }
        for (const column of [...columns].sort((a, b) => a - b)) places.push({ file: display(name), line: i + 1, column });
      });
    }
    return places;
  };
  return (url) => {
    if (url === '') return [];
    const exact = quoted(url);
    if (exact.length > 0) return exact;
    const matching = allPieces().filter((piece) => (piece.end ? url.endsWith(piece.text) : url.startsWith(piece.text)));
    const longest = Math.max(0, ...matching.map((piece) => piece.text.length));
    return matching.filter((piece) => piece.text.length === longest).map(({ file, line, column }) => ({ file, line, column }));
  };
}
