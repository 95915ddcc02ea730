import type { Diagnostic, Result } from '../diagnostics.js';
import { didYouMean } from './suggest.js';
import type { DraftField, PostDraft, SourceFile } from './types.js';

/** Every section the sectioned format knows; `body` is always last. */
export const SECTION_NAMES = ['title', 'description', 'date', 'updated', 'tags', 'featured', 'draft', 'slug', 'authors', 'image', 'url', 'aliases', 'menu', 'body'] as const;
const KNOWN: ReadonlySet<string> = new Set(SECTION_NAMES);

const MARKER = /^#([a-z][a-z0-9_-]*)[ \t]*$/;
/** `#Title`: a known name in the wrong case, which is a mistake rather than text. */
const WRONG_CASE = /^#([A-Za-z][A-Za-z0-9_-]*)[ \t]*$/;

interface OpenSection {
  name: string;
  markerLine: number;
  /** Lines of the value; undefined for a section that was already reported and is skipped. */
  lines: string[] | undefined;
  firstLine: number;
}

/**
 * Splits a sectioned post. Only the header is scanned line by line; the body after `#body` is sliced
 * off whole, so its size does not matter and nothing in it (`#include`, `#tags`) is ever a marker.
 */
export function parseSectioned(file: SourceFile): Result<PostDraft | undefined> {
  const { text } = file;
  const diagnostics: Diagnostic[] = [];
  const fields: Record<string, DraftField> = {};
  const seen = new Map<string, number>();
  let current: OpenSection | undefined;
  let reportedStray = false;
  let body = '';
  let bodyLine = 0;
  let sawMarker = false;
  const misspelled: string[] = [];
  let pos = 0;
  let lineNo = 0;

  const error = (code: Diagnostic['code'], line: number, message: string, hint: string): void => {
    diagnostics.push({ severity: 'error', code, message, file: file.path, line, column: 1, hint });
  };
  const close = (): void => {
    if (current?.lines) fields[current.name] = toField(current);
    current = undefined;
  };
  const open = (name: string, line: number): void => {
    close();
    sawMarker = true;
    const first = seen.get(name);
    if (first !== undefined) {
      error('duplicate-section', line, `\`#${name}\` appears twice, on lines ${first} and ${line}.`, `Keep one \`#${name}\` section and delete the other.`);
      current = { name, markerLine: line, lines: undefined, firstLine: 0 };
      return;
    }
    seen.set(name, line);
    current = { name, markerLine: line, lines: [], firstLine: 0 };
  };

  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl === -1 ? text.length : nl;
    const next = nl === -1 ? text.length : nl + 1;
    const line = text.slice(pos, end);
    lineNo++;
    pos = next;
    if (line.charCodeAt(0) === 35 /* # */) {
      const marker = MARKER.exec(line);
      if (marker) {
        const name = marker[1]!;
        if (name === 'body') {
          open('body', lineNo);
          current = undefined;
          body = text.slice(next);
          bodyLine = lineNo + 1;
          fields.body = { value: body, position: { line: bodyLine, column: 1 }, markerLine: lineNo };
          break;
        }
        if (KNOWN.has(name)) {
          open(name, lineNo);
        } else {
          close();
          sawMarker = true;
          const guess = didYouMean(name, SECTION_NAMES);
          if (guess) misspelled.push(guess);
          error(
            'unknown-section',
            lineNo,
            `\`#${name}\` is not a section Hashmark knows.`,
            guess
              ? `Did you mean \`#${guess}\`? The sections are ${SECTION_NAMES.map((s) => `#${s}`).join(', ')}.`
              : `The sections are ${SECTION_NAMES.map((s) => `#${s}`).join(', ')}; a Markdown heading needs a space: \`# ${name}\`, and belongs after \`#body\`.`,
          );
          current = { name, markerLine: lineNo, lines: undefined, firstLine: 0 };
        }
        continue;
      }
      const wrongCase = WRONG_CASE.exec(line);
      if (wrongCase && KNOWN.has(wrongCase[1]!.toLowerCase())) {
        close();
        sawMarker = true;
        const name = wrongCase[1]!.toLowerCase();
        misspelled.push(name);
        error('unknown-section', lineNo, `\`#${wrongCase[1]}\` is not a section marker: section names are lowercase.`, `Write \`#${name}\`.`);
        current = { name, markerLine: lineNo, lines: undefined, firstLine: 0 };
        continue;
      }
    }
    if (current) {
      if (current.lines) {
        if (current.lines.length === 0 && line.trim() === '') continue;
        if (current.lines.length === 0) current.firstLine = lineNo;
        current.lines.push(line);
      }
    } else if (!reportedStray && line.trim() !== '') {
      reportedStray = true;
      error(
        'text-before-section',
        lineNo,
        'Text appears before the first section marker.',
        'A post starts with a section marker such as `#title` on its own line (or with `---` YAML front matter); a Markdown heading like `# Intro` belongs after `#body`.',
      );
    }
  }
  close();
  if (!sawMarker) {
    // Nothing to validate: listing every missing section would only repeat this one mistake.
    return { value: undefined, diagnostics };
  }
  return {
    value: { source: file, format: 'sectioned', fields, body, bodyLine: bodyLine || lineNo + 1, misspelled },
    diagnostics,
  };
}

function toField(section: OpenSection): DraftField {
  const lines = section.lines!;
  let last = lines.length;
  while (last > 0 && lines[last - 1]!.trim() === '') last--;
  const value = lines.slice(0, last).join('\n');
  return {
    value,
    position: { line: last === 0 ? section.markerLine : section.firstLine, column: 1 },
    markerLine: section.markerLine,
  };
}
