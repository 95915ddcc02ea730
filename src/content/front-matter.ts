import { createRequire } from 'node:module';
import type matterFn from 'gray-matter';
import type yamlModule from 'js-yaml';
import type { Diagnostic, Result } from '../diagnostics.js';
import { frontMatterFields } from './front-matter-fields.js';
import type { PostDraft, SourceFile } from './types.js';

const KEY_LINE = /^(?:"([^"]+)"|'([^']+)'|([^\s#'"][^:]*?))[ \t]*:(?:[ \t]+|$)/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*$/;

// JSON_SCHEMA keeps `2024-02-30` a string (the default schema rolls it into 1 March) and knows only
// `true`/`false` as booleans, so nothing is guessed before validation sees the text as written.
const engines = {
  yaml: { parse: (source: string): object => frontMatterParser().yaml.safeLoad(source, { schema: frontMatterParser().yaml.JSON_SCHEMA }) as object },
  // gray-matter would otherwise eval `---js` front matter.
  js: { parse: (): object => ({}) },
  javascript: { parse: (): object => ({}) },
};

/** Parses a `---` YAML front matter post; the caller has checked that the first line is `---`. */
export function parseFrontMatter(file: SourceFile): Result<PostDraft | undefined> {
  const { text } = file;
  const diagnostics: Diagnostic[] = [];
  const error = (code: Diagnostic['code'], line: number, column: number, message: string, hint: string): Result<undefined> => {
    diagnostics.push({ severity: 'error', code, message, file: file.path, line, column, hint });
    return { value: undefined, diagnostics };
  };

  // Find the closing delimiter ourselves so gray-matter sees exactly the block we report lines for.
  const keyLines = new Map<string, { line: number; column: number }>();
  let pos = text.indexOf('\n') + 1;
  let lineNo = 1;
  let closeEnd = -1;
  let parent = '';
  while (pos > 0 && pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl === -1 ? text.length : nl;
    const line = text.slice(pos, end);
    lineNo++;
    pos = nl === -1 ? text.length : nl + 1;
    if (CLOSE.test(line)) {
      closeEnd = pos;
      break;
    }
    const indent = /^[ \t]*/.exec(line)![0].length;
    const key = KEY_LINE.exec(line.slice(indent));
    if (key) {
      // Nested keys are known by their path (`taxonomies.tags`), one level down.
      const name = (indent > 0 ? `${parent}.` : '') + (key[1] ?? key[2] ?? key[3]!);
      if (indent === 0) parent = name;
      if (!keyLines.has(name)) keyLines.set(name, { line: lineNo, column: indent + key[0].length + 1 });
    }
  }
  if (closeEnd === -1) {
    return error(
      'invalid-front-matter',
      1,
      1,
      'The front matter opened by `---` on line 1 is never closed.',
      'End the front matter with a line `---`, then write the body below it.',
    );
  }
  const closeLine = lineNo;

  let data: unknown;
  try {
    data = frontMatterParser().matter(text.slice(0, closeEnd), { engines, language: 'yaml' }).data;
  } catch (caught) {
    const mark = (caught as { mark?: { line: number; column: number } }).mark;
    const reason = (caught as { reason?: string }).reason ?? String((caught as Error).message ?? caught);
    return error(
      'invalid-front-matter',
      mark ? mark.line + 1 : 1,
      mark ? mark.column + 1 : 1,
      `The YAML front matter cannot be parsed: ${reason}.`,
      'Fix the YAML syntax; quote values that contain `:` or start with a special character, e.g. `title: "Kafka: a primer"`.',
    );
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return error('invalid-front-matter', 2, 1, 'The front matter is not a list of `key: value` lines.', 'Write one `key: value` per line, e.g. `title: My post`.');
  }

  const fields = frontMatterFields({ data: data as Record<string, unknown>, where: (key) => keyLines.get(key), file: file.path, diagnostics });
  const body = text.slice(closeEnd);
  const bodyLine = closeLine + 1;
  fields.body = { value: body, position: { line: bodyLine, column: 1 }, markerLine: closeLine };
  return { value: { source: file, format: 'front-matter', fields, body, bodyLine }, diagnostics };
}

let parsers: { matter: typeof matterFn; yaml: typeof yamlModule } | undefined;

/**
 * gray-matter and js-yaml are loaded on the first front matter post: a site written in the
 * sectioned format, or a warm build that reads no post, never pays their start-up (about 50 ms).
 */
function frontMatterParser(): { matter: typeof matterFn; yaml: typeof yamlModule } {
  if (!parsers) {
    const require = createRequire(import.meta.url);
    parsers = { matter: require('gray-matter') as typeof matterFn, yaml: require('js-yaml') as typeof yamlModule };
  }
  return parsers;
}
