import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Diagnostics: the one way Hashmark reports a problem with content, templates or configuration.
 *
 * A code never changes its meaning once released; add new codes rather than repurposing old ones.
 * Position is a field, never part of the message text.
 */

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  /** A stable code from {@link CODES}. */
  code: DiagnosticCode;
  /** What happened, in one sentence, without the position. */
  message: string;
  /** Path of the file at fault, relative to the project root where possible (POSIX separators). */
  file: string;
  /** 1-based line. */
  line?: number;
  /** 1-based column. */
  column?: number;
  /** How to fix it. */
  hint?: string;
}

/**
 * The catalog. Each code maps to a short summary used in docs and `--format json`.
 * Stages may add codes here; they must never change an existing code's meaning.
 */
export const CODES = {
  // read
  'content-missing': 'The content folder does not exist or is not a folder.',
  'invalid-utf8': 'A post file is not valid UTF-8.',
  'empty-file': 'A post file is empty.',
  'symlink-outside': 'A symbolic link leads outside the content folder and was not read.',
  'read-failed': 'A file could not be read.',
  // parse (sectioned format)
  'text-before-section': 'Text appears before the first section marker.',
  'unknown-section': 'A section name is not one Hashmark knows.',
  'duplicate-section': 'A section appears twice.',
  'missing-section': 'A required section is missing.',
  'empty-section': 'A required section has no value.',
  // parse (front matter)
  'invalid-front-matter': 'The YAML or TOML front matter could not be parsed.',
  'unknown-field': 'A front matter field is not one Hashmark knows.',
  'ignored-field': 'A front matter field another generator uses means nothing to Hashmark and is ignored.',
  'template-code': 'A post body holds template code of another generator (Liquid, Hugo shortcodes), which is shown as text.',
  // validate
  'invalid-title': 'The title is not a single line of plain text.',
  'invalid-date': 'A date is not a real calendar date in the expected form.',
  'invalid-tags': 'Tags are not a JSON array of strings.',
  'invalid-boolean': 'A true/false value is something else.',
  'invalid-slug': 'The slug cannot be used as a URL segment.',
  'duplicate-slug': 'Two posts share one slug.',
  'invalid-page-field': 'A page\'s `url` or `menu` cannot be used, or a post has a field only pages have.',
  'post-exists': '`hashmark new` found a post with that file name or slug and wrote nothing.',
  'invalid-description': 'The description is not plain text.',
  'invalid-url': 'A post URL (`url`, `permalink`, `path`, `aliases`, `redirect_from`) is not a path on this site.',
  'invalid-authors': 'The authors are not a name, a list of names or a mapping with a name.',
  'invalid-image': 'The `image` or `cover` of a post is not a path or URL.',
  // markdown
  'unknown-language': 'A code block names a language the highlighter does not know.',
  'missing-alt': 'An image has no alternative text.',
  'markdown-too-deep': 'A post nests blocks deeper than Hashmark renders.',
  'markdown-timeout': 'Rendering a post took longer than the time limit.',
  'markdown-failed': 'Rendering a post failed.',
  'markdown-plugin-failed': 'A Markdown plugin from site.config.ts could not be loaded, or failed on a post.',
  'math-error': 'A formula is not valid TeX; its source is shown instead.',
  'removed-html': 'The sanitiser removed an element of raw HTML (or an embed from an origin not in `embeds`).',
  'embed-missing-title': 'An embedded frame has no title, which screen readers announce it by.',
  'duplicate-heading-id': 'Two headings of a post were given the same explicit `{#id}`.',
  // config
  'config-invalid': 'A site setting has a wrong value.',
  'config-load-failed': 'site.config.ts could not be loaded.',
  'default-site-url': 'No site url is set, so a build links its feeds, sitemap and canonical links to localhost.',
  // site plan
  'route-conflict': 'Two pages claim one output path.',
  'unsafe-path': 'An output path is not a plain relative path inside the output folder.',
  'broken-link': 'A link points to a page or anchor that does not exist.',
  // images
  'image-missing': 'A post shows or names a local image that does not exist or cannot be read.',
  'image-too-large': 'A local image is larger than `images.maxBytes`.',
  // templates
  'template-error': 'A template failed to parse or render.',
  'asset-build-failed': 'The theme assets could not be built.',
  // search
  'search-index-failed': 'The search index could not be built; the site is built without it.',
  // output
  'write-failed': 'The output could not be written.',
  'build-locked': 'Another build is writing to the same output folder.',
  'unsafe-output': 'The output or cache folder is one Hashmark must not replace or prune (the project, a folder the build reads, the home folder, or a folder it did not write).',
} as const;

export type DiagnosticCode = keyof typeof CODES;

/** Stage results: exceptions are for bugs, content problems travel as diagnostics. */
export interface Result<T> {
  value: T;
  diagnostics: Diagnostic[];
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

export type DiagnosticFormat = 'text' | 'github' | 'json';

export interface FormatOptions {
  /** Project root: diagnostic files are relative to it; the text format reads them for code frames. */
  root: string;
  /** ANSI colours in the text format; default false. */
  color?: boolean;
}

/**
 * Renders diagnostics for people (`text`: position, code, message, code frame, hint, summary), for GitHub
 * Actions (`github`: workflow commands that annotate the diff) or for tools (`json`: an array).
 * Returns '' for no diagnostics in the text and github formats.
 */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], format: DiagnosticFormat, options: FormatOptions): string {
  if (format === 'json') return `${JSON.stringify(diagnostics.map(canonicalDiagnostic), null, 2)}\n`;
  if (diagnostics.length === 0) return '';
  if (format === 'github') return diagnostics.map(toGithub).join('');
  const sources = new Map<string, string[] | undefined>();
  const paint = options.color ? colors : plain;
  const blocks = diagnostics.map((d) => formatText(d, options.root, sources, paint));
  return `${blocks.join('\n')}\n${summarize(diagnostics)}\n`;
}

/** `2 errors, 1 warning in 2 files`. */
export function summarize(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const files = new Set(diagnostics.map((d) => d.file)).size;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(files, 'file')}`;
}

/** A copy with one fixed key order, so equal diagnostics serialise identically wherever they came from. */
export function canonicalDiagnostic(d: Diagnostic): Diagnostic {
  const out: Diagnostic = { severity: d.severity, code: d.code, message: d.message, file: d.file };
  if (d.line !== undefined) out.line = d.line;
  if (d.column !== undefined) out.column = d.column;
  if (d.hint !== undefined) out.hint = d.hint;
  return out;
}

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function toGithub(d: Diagnostic): string {
  const props = [`file=${escapeProperty(d.file)}`];
  if (d.line !== undefined) props.push(`line=${d.line}`);
  if (d.column !== undefined) props.push(`col=${d.column}`);
  props.push(`title=${escapeProperty(d.code)}`);
  const text = d.hint ? `${d.message} (${d.hint})` : d.message;
  return `::${d.severity} ${props.join(',')}::${escapeData(text)}\n`;
}

interface Paint {
  error(s: string): string;
  warning(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

const plain: Paint = { error: (s) => s, warning: (s) => s, dim: (s) => s, bold: (s) => s };
const colors: Paint = {
  error: (s) => `\u001b[31m${s}\u001b[39m`,
  warning: (s) => `\u001b[33m${s}\u001b[39m`,
  dim: (s) => `\u001b[2m${s}\u001b[22m`,
  bold: (s) => `\u001b[1m${s}\u001b[22m`,
};

/** Lines of a file for a code frame; read lazily, only on this error path, once per file. */
function sourceLines(file: string, root: string, cache: Map<string, string[] | undefined>): string[] | undefined {
  if (cache.has(file)) return cache.get(file);
  let lines: string[] | undefined;
  try {
    const text = new TextDecoder('utf-8').decode(readFileSync(path.resolve(root, file)));
    lines = text.replace(/\r\n?/g, '\n').split('\n');
  } catch {
    lines = undefined;
  }
  cache.set(file, lines);
  return lines;
}

const FRAME_WIDTH = 100;

function formatText(d: Diagnostic, root: string, cache: Map<string, string[] | undefined>, paint: Paint): string {
  const where = visible(d.line !== undefined ? `${d.file}:${d.line}:${d.column ?? 1}` : d.file);
  const severity = d.severity === 'error' ? paint.error('error') : paint.warning('warning');
  const out = [`${paint.bold(where)} ${severity} ${paint.dim(d.code)} ${visible(d.message)}`];
  const lines = d.line !== undefined ? sourceLines(d.file, root, cache) : undefined;
  if (lines && d.line !== undefined && d.line <= lines.length) {
    const first = Math.max(1, d.line - 1);
    const width = String(d.line).length;
    for (let n = first; n <= d.line; n++) {
      let text = lines[n - 1]!;
      let column = d.column ?? 1;
      // Long lines (minified HTML, data URLs) are cut to a window around the column.
      if (text.length > FRAME_WIDTH) {
        const start = n === d.line ? Math.max(0, Math.min(column - 1 - 20, text.length - FRAME_WIDTH)) : 0;
        text = (start > 0 ? '…' : '') + text.slice(start, start + FRAME_WIDTH) + '…';
        if (n === d.line) column = column - start + (start > 0 ? 1 : 0);
      }
      text = visible(text);
      const marker = n === d.line ? '>' : ' ';
      out.push(paint.dim(`  ${marker} ${String(n).padStart(width)} | `) + text);
      if (n === d.line) {
        // Tabs are copied so the caret lines up under tab-indented text.
        const pad = text.slice(0, Math.max(0, column - 1)).replace(/[^\t]/g, ' ');
        out.push(paint.dim(`    ${' '.repeat(width)} | `) + pad + paint.error('^'));
      }
    }
  }
  if (d.hint) out.push(`  hint: ${visible(d.hint)}`);
  return out.join('\n');
}

/**
 * Content reaches the terminal through messages and code frames: control characters (ESC starts
 * colour and cursor sequences, NUL and BEL upset logs) are shown as their Control Pictures, one
 * character for one, so a caret still lines up. Tabs stay.
 */
function visible(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x20 ? String.fromCharCode(0x2400 + code) : code === 0x7f ? '\u2421' : '\ufffd';
  });
}
