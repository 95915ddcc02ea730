import type { Result } from '../diagnostics.js';
import { parseFrontMatter } from './front-matter.js';
import { parseSectioned } from './sectioned.js';
import { parseTomlFrontMatter } from './toml-front-matter.js';
import type { PostDraft, SourceFile } from './types.js';

const FRONT_MATTER_OPEN = /^---[ \t]*(\n|$)/;
const TOML_OPEN = /^\+\+\+[ \t]*(\n|$)/;
const JSON_OPEN = /^\{[ \t]*(\n|"|$)/;

/**
 * Splits a source file into raw fields; pure. The first line decides the format: `---` is YAML front
 * matter, `+++` TOML front matter (Hugo, Zola), anything else the sectioned format. The draft comes
 * back even with problems, so validation can report the rest of the file's problems in the same run.
 */
export function parseSource(file: SourceFile): Result<PostDraft | undefined> {
  if (FRONT_MATTER_OPEN.test(file.text)) return parseFrontMatter(file);
  if (TOML_OPEN.test(file.text)) return parseTomlFrontMatter(file);
  if (JSON_OPEN.test(file.text)) {
    // Text before the first section is an error anyway; this one says what the text is.
    const message = 'The post starts with JSON front matter (Hugo), which Hashmark does not read.';
    const hint = 'Write the front matter as YAML between `---` lines (`title: My post`) or TOML between `+++` lines (`title = "My post"`).';
    return { value: undefined, diagnostics: [{ severity: 'error', code: 'invalid-front-matter', message, file: file.path, line: 1, column: 1, hint }] };
  }
  return parseSectioned(file);
}
