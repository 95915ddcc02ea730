/**
 * The unified stack recurses once per nested container: near 2,000 nested blockquotes overflow the
 * call stack and 10,000 nested lists take tens of seconds. A line-prefix scan finds such bodies
 * in linear time, before any parsing.
 */

/** Deepest container nesting Hashmark renders; far beyond anything written by hand. */
export const MAX_NESTING = 100;

export interface NestingViolation {
  /** 1-based line within the body. */
  line: number;
  depth: number;
}

/**
 * An upper estimate of the container depth each line opens: every `>` and list marker in the line's
 * prefix counts one level, and indentation before a marker counts one level per two columns (lists
 * nest by indentation). Returns the first line over the limit, or null.
 */
export function findExcessiveNesting(body: string, limit = MAX_NESTING): NestingViolation | null {
  let line = 1;
  let i = 0;
  const n = body.length;
  while (i < n) {
    let depth = 0;
    let columns = 0;
    // Scan the container prefix of one line.
    for (;;) {
      const c = body.charCodeAt(i);
      if (c === 0x20) {
        columns += 1;
        i++;
      } else if (c === 0x09) {
        columns += 4;
        i++;
      } else if (c === 0x3e /* > */) {
        depth += 1 + (columns >> 1);
        columns = 0;
        i++;
      } else if ((c === 0x2d || c === 0x2a || c === 0x2b) && isSpace(body.charCodeAt(i + 1))) {
        depth += 1 + (columns >> 1);
        columns = 0;
        i += 2;
      } else if (c >= 0x30 && c <= 0x39) {
        let j = i;
        while (j < n && j - i < 9 && isDigit(body.charCodeAt(j))) j++;
        const after = body.charCodeAt(j);
        if ((after === 0x2e || after === 0x29) && isSpace(body.charCodeAt(j + 1))) {
          depth += 1 + (columns >> 1);
          columns = 0;
          i = j + 2;
        } else break;
      } else break;
      if (depth > limit) return { line, depth };
    }
    const end = body.indexOf('\n', i);
    if (end === -1) break;
    i = end + 1;
    line++;
  }
  return null;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || Number.isNaN(c);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
