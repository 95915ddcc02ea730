/**
 * Serialises a value as JSON that is safe inside an HTML `<script>` element.
 *
 * Script contents are raw text: entities are not decoded, so HTML-escaping would corrupt the JSON,
 * and a literal `</script>` or `<!--` would end or confuse the element. Escaping `<`, `>` and `&` as
 * `\u003c`-style escapes keeps the JSON identical for a JSON parser and inert for the HTML parser.
 * U+2028/U+2029 are escaped for old JavaScript parsers that treat them as line ends.
 */
export function jsonForScript(value: unknown): string {
  return (JSON.stringify(value) ?? 'null').replace(/[<>&\u2028\u2029]/g, (ch) => {
    return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}
