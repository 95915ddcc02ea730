import { isAbsolute, relative, sep } from 'node:path';
import { LiquidError } from '../vendor/liquid.js';
import type { Diagnostic } from '../diagnostics.js';
import { templateFilePath } from './template-files.js';

const DATA_HINT = 'The data each template receives is listed in the README section "Templates and theme" (TemplateData in src/render/types.ts).';

/**
 * Turns a LiquidJS error into a `template-error` diagnostic naming the template file (relative to
 * the project root) and the line and column of the failing tag or output.
 * `fallbackTemplate` is the template being parsed or rendered, used when the error has no token.
 */
export function templateDiagnostic(error: unknown, options: { root: string; templatesDir: string; fallbackTemplate: string }): Diagnostic {
  const { root, templatesDir, fallbackTemplate } = options;
  let templateFile = fallbackTemplate;
  let line: number | undefined;
  let column: number | undefined;
  let message = error instanceof Error ? error.message : String(error);
  if (LiquidError.is(error)) {
    const token = (error as LiquidError).token as { file?: string; getPosition(): number[] } | undefined;
    if (token) {
      if (token.file) templateFile = token.file;
      const [l, c] = token.getPosition();
      line = l;
      column = c;
    }
    const original = (error as LiquidError & { originalError?: unknown }).originalError;
    if (original instanceof Error) message = original.message;
  }
  // LiquidJS appends the position to its messages; ours carry it in fields.
  message = message.replace(/(, file:[^,]*)?, line:\d+, col:\d+$/, '');
  // The file that was used: the site's own, or the built-in theme's it did not override.
  const absolute = isAbsolute(templateFile) ? templateFile : templateFilePath(templatesDir, templateFile);
  const diagnostic: Diagnostic = {
    severity: 'error',
    code: 'template-error',
    message: `Template error: ${message}.`.replace(/\.\.$/, '.'),
    file: relative(root, absolute).split(sep).join('/'),
  };
  if (line !== undefined) diagnostic.line = line;
  if (column !== undefined) diagnostic.column = column;
  diagnostic.hint = hintFor(message);
  return diagnostic;
}

function hintFor(message: string): string {
  if (/undefined variable/i.test(message)) return `Check the variable's spelling, or guard an optional value with {% if %}. ${DATA_HINT}`;
  if (/undefined filter/i.test(message)) return 'Check the filter name: Hashmark adds `date_display` and `json_script` to the standard LiquidJS filters.';
  if (/ENOENT|Failed to lookup/i.test(message)) return 'A `render`, `include` or `layout` tag names a template that is neither in templates/ nor in the built-in theme.';
  if (/not closed|not found/i.test(message)) return 'Check that every block tag is closed ({% if %}…{% endif %}, {% for %}…{% endfor %}) and that tag names are spelled right.';
  return DATA_HINT;
}
