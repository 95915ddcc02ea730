import { createRequire } from 'node:module';
import type * as smolToml from 'smol-toml';
import type { Diagnostic, Result } from '../diagnostics.js';
import { frontMatterFields } from './front-matter-fields.js';
import type { FieldPosition, PostDraft, SourceFile } from './types.js';

const CLOSE = /^\+\+\+[ \t]*$/;
const TABLE = /^[ \t]*\[([^\]]+)\][ \t]*(?:#.*)?$/;
const KEY = /^[ \t]*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_-]+))[ \t]*=/;

/**
 * Parses `+++` TOML front matter (Hugo, Zola); the caller has checked that the first line is `+++`.
 * TOML dates become the text YAML dates stay (`2024-02-05`, `2024-02-05T09:30:00+01:00`), so both
 * formats are validated alike.
 */
export function parseTomlFrontMatter(file: SourceFile): Result<PostDraft | undefined> {
  const { text } = file;
  const diagnostics: Diagnostic[] = [];
  const error = (line: number, column: number, message: string, hint: string): Result<undefined> => {
    diagnostics.push({ severity: 'error', code: 'invalid-front-matter', message, file: file.path, line, column, hint });
    return { value: undefined, diagnostics };
  };

  const lines = text.split('\n');
  const keyLines = new Map<string, FieldPosition>();
  let table = '';
  let close = -1;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (CLOSE.test(line)) {
      close = i;
      break;
    }
    const header = TABLE.exec(line);
    if (header) {
      table = header[1]!.trim();
      if (!keyLines.has(table)) keyLines.set(table, { line: i + 1, column: 1 });
      continue;
    }
    const key = KEY.exec(line);
    if (key) {
      const name = (table ? `${table}.` : '') + (key[1] ?? key[2] ?? key[3]!);
      if (!keyLines.has(name)) keyLines.set(name, { line: i + 1, column: key[0].length + 1 + (line.length - key[0].length - line.slice(key[0].length).trimStart().length) });
    }
  }
  if (close === -1) {
    return error(1, 1, 'The front matter opened by `+++` on line 1 is never closed.', 'End the TOML front matter with a line `+++`, then write the body below it.');
  }

  let data: Record<string, unknown>;
  try {
    data = plain(toml().parse(lines.slice(1, close).join('\n'))) as Record<string, unknown>;
  } catch (caught) {
    const { line, column, message } = caught as { line?: number; column?: number; message?: string };
    // smol-toml's message is a summary line followed by the code around the error, which we show by position instead.
    const reason = String(message ?? caught).split('\n')[0]!.replace(/^Invalid TOML document: /, '');
    return error(
      typeof line === 'number' ? line + 1 : 1,
      typeof column === 'number' ? column : 1,
      `The TOML front matter cannot be parsed: ${reason}.`,
      'Fix the TOML syntax: one `key = value` per line, text in double quotes (`title = "My post"`), lists in brackets (`tags = ["a", "b"]`), tables after plain keys (`[taxonomies]`).',
    );
  }

  const fields = frontMatterFields({ data, where: (key) => keyLines.get(key), file: file.path, diagnostics });
  const bodyStart = lines.slice(0, close + 1).join('\n').length + 1;
  const body = text.slice(bodyStart);
  const bodyLine = close + 2;
  fields.body = { value: body, position: { line: bodyLine, column: 1 }, markerLine: close + 1 };
  return { value: { source: file, format: 'front-matter', fields, body, bodyLine }, diagnostics };
}

/** TOML values as YAML's JSON schema gives them: dates as the text written, tables as plain objects. */
function plain(value: unknown): unknown {
  if (value instanceof Date) {
    // A TomlDate prints itself in the form it was written (date, local or offset date-time).
    return value.toISOString().replace(/\.000(?=$|Z|[+-])/, '');
  }
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

let parser: typeof smolToml | undefined;

/** smol-toml is loaded on the first TOML post, as gray-matter is on the first YAML one. */
function toml(): typeof smolToml {
  if (!parser) parser = createRequire(import.meta.url)('smol-toml') as typeof smolToml;
  return parser;
}
