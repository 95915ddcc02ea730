/**
 * Finds where JSON text first goes wrong. JSON.parse's messages do not reliably give a position, and a
 * diagnostic must point at the line and column inside `#tags`; this runs only after JSON.parse failed.
 */
export interface JsonError {
  offset: number;
  problem: string;
}

export function findJsonError(text: string): JsonError | undefined {
  let i = 0;
  const fail = (problem: string): never => {
    throw { offset: i, problem } satisfies JsonError;
  };
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const unexpected = (): never =>
    fail(i >= text.length ? 'the text ends too early' : `\`${text[i]}\` is not expected here`);
  const literal = (word: string): void => {
    if (text.startsWith(word, i)) i += word.length;
    else unexpected();
  };
  const string = (): void => {
    i++;
    for (;;) {
      if (i >= text.length) fail('a string is not closed with `"`');
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return;
      }
      if (c < 0x20) fail('a string is not closed with `"` on its line');
      if (c === 92) {
        const e = text[i + 1];
        if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else fail('an escape sequence in a string is not valid');
      } else i++;
    }
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '"') string();
    else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return;
        } else if (i >= text.length) fail('the array is not closed with `]`');
        else fail(`expected \`,\` or \`]\`, found \`${text[i]}\``);
      }
    } else if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') unexpected();
        string();
        ws();
        if (text[i] !== ':') unexpected();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return;
        } else unexpected();
      }
    } else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else if (c !== undefined && /[-0-9]/.test(c)) {
      const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
      if (!m || m[0] === '-') unexpected();
      i += m![0].length;
    } else unexpected();
  };
  try {
    value();
    ws();
    if (i < text.length) fail(`\`${text[i]}\` follows the end of the value`);
    return undefined;
  } catch (error) {
    return error as JsonError;
  }
}
