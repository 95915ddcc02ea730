import type { Diagnostic } from '../diagnostics.js';

/**
 * Template code another generator would have run in a post body (Jekyll and Eleventy's Liquid or
 * Nunjucks, Hugo and Zola shortcodes). Hashmark runs none of it, so it would be printed as text: each
 * is a `template-code` warning at its line, with what to write instead. Code shown in fenced, indented
 * or inline code is left alone, except `{% raw %}`/`{% endraw %}`, which Jekyll strips even there.
 */

const RAW = /\{%-?\s*(?:end)?raw\s*-?%\}/g;
const ONLY_RAW = new RegExp(`^${RAW.source}$`);
const CODE = /\{\{[<%][\s\S]*?[>%]\}\}|\{%[\s\S]*?%\}|\{\{[\s\S]*?\}\}/g;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const INDENTED = /^(?: {4}|\t)/;

const LIQUID_ONLY = 'Hashmark runs no Liquid in posts, so this is shown as text: write what it stood for, or put it in a code span (`` `{% … %}` ``) if it is meant to be seen.';
const BASE_URL = 'Write the path itself, like `/images/a.png`: Hashmark adds the site\'s base path to root-relative links.';
const SHORTCODE = 'Shortcodes are not run: write Markdown or HTML instead, e.g. `![alt](a.png)` for a figure, an `<iframe>` from an origin in `embeds` for a video.';

function hintFor(code: string): string {
  if (/^\{\{[<%]/.test(code)) return `Hugo ${SHORTCODE}`;
  const tag = /^\{%-?\s*(\w+)/.exec(code)?.[1];
  if (tag === 'raw' || tag === 'endraw') return 'Hashmark never runs Liquid in posts, so `{% raw %}` is not needed: remove `{% raw %}` and `{% endraw %}` and keep the text between them.';
  if (tag === 'highlight') return 'Write a fenced code block instead: a line ```` ```ruby ````, the code, then a line ```` ``` ````. Line numbers and highlighted lines have their own syntax (see "Markdown").';
  if (tag === 'endhighlight') return 'Close the fenced code block that replaces `{% highlight %}` with a line ```` ``` ````.';
  if (tag === 'include' || tag === 'include_relative' || tag === 'render') return 'Files are not included into posts: paste the Markdown or HTML in its place.';
  if (tag === 'post_url' || tag === 'link') return 'Link to the post\'s URL itself, like `/posts/my-post/`; `hashmark check` reports a link that leads nowhere.';
  if (tag === 'end' || /^\{%-?\s*\w+\(/.test(code) || /^\{\{-?\s*\w+\(/.test(code)) return `Zola ${SHORTCODE}`;
  if (/\b(?:relative_url|absolute_url|site\.baseurl|site\.url|url)\b/.test(code)) return BASE_URL;
  if (/\bpage\./.test(code)) return 'Write the value itself (the post\'s title, date, ...): only templates show page data.';
  return LIQUID_ONLY;
}

function kindOf(code: string): string {
  if (/^\{\{[<%]/.test(code)) return 'a Hugo shortcode';
  if (/^\{%-?\s*end\s*-?%\}$/.test(code) || /^\{[{%]-?\s*\w+\(/.test(code)) return 'a Zola shortcode';
  return 'Liquid template code';
}

/** Inline code spans blanked out (same length, so columns stay right): their text is shown as code. */
function withoutCodeSpans(line: string): string {
  return line.replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, (span) => ' '.repeat(span.length));
}

export function templateCodeWarnings(body: string, bodyLine: number, file: string): Diagnostic[] {
  if (!body.includes('{{') && !body.includes('{%')) return [];
  const out: Diagnostic[] = [];
  const warn = (code: string, lineIndex: number, column: number): void => {
    const shown = code.length > 60 ? `${code.slice(0, 57)}...` : code;
    out.push({
      severity: 'warning',
      code: 'template-code',
      message: `\`${shown.replace(/\s+/g, ' ')}\` is ${kindOf(code)}, which Hashmark shows as text.`,
      file,
      line: bodyLine + lineIndex,
      column: column + 1,
      hint: hintFor(code),
    });
  };
  const lines = body.split('\n');
  let fence: string | undefined;
  let previousBlank = true;
  let inIndented = false;
  lines.forEach((line, i) => {
    const opener = FENCE.exec(line);
    let code = false;
    if (fence !== undefined) {
      code = true;
      if (opener && opener[1]![0] === fence[0] && opener[1]!.length >= fence.length && line.trim() === opener[1]) fence = undefined;
    } else if (opener) {
      code = true;
      fence = opener[1]!;
    } else if (INDENTED.test(line) && (previousBlank || inIndented) && line.trim() !== '') {
      code = true;
    }
    const blank = line.trim() === '';
    // An indented code block goes on through blank lines, until a line that is not indented.
    inIndented = fence === undefined && !opener && (code || (blank && inIndented));
    previousBlank = blank;
    if (!line.includes('{')) return;
    if (code) {
      for (const m of line.matchAll(RAW)) warn(m[0], i, m.index);
      return;
    }
    for (const m of line.matchAll(RAW)) warn(m[0], i, m.index);
    for (const m of withoutCodeSpans(line).matchAll(CODE)) if (!ONLY_RAW.test(m[0])) warn(m[0], i, m.index);
  });
  return out;
}
