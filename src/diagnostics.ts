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
  'invalid-front-matter': 'The YAML front matter could not be parsed.',
  'unknown-field': 'A front matter field is not one Hashmark knows.',
  // validate
  'invalid-title': 'The title is not a single line of plain text.',
  'invalid-date': 'A date is not a real calendar date in the expected form.',
  'invalid-tags': 'Tags are not a JSON array of strings.',
  'invalid-boolean': 'A true/false value is something else.',
  'invalid-slug': 'The slug cannot be used as a URL segment.',
  'duplicate-slug': 'Two posts share one slug.',
  'invalid-description': 'The description is not plain text.',
  // markdown
  'unknown-language': 'A code block names a language the highlighter does not know.',
  'missing-alt': 'An image has no alternative text.',
  'markdown-too-deep': 'A post nests blocks deeper than Hashmark renders.',
  'markdown-timeout': 'Rendering a post took longer than the time limit.',
  'markdown-failed': 'Rendering a post failed.',
  // config
  'config-invalid': 'A site setting has a wrong value.',
  'config-load-failed': 'site.config.ts could not be loaded.',
  // site plan
  'route-conflict': 'Two pages claim one output path.',
  'broken-link': 'A link points to a page or anchor that does not exist.',
  // templates
  'template-error': 'A template failed to parse or render.',
  'asset-build-failed': 'The theme assets could not be built.',
  // output
  'write-failed': 'The output could not be written.',
  'build-locked': 'Another build is writing to the same output folder.',
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
