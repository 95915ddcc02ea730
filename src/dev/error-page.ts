import { formatDiagnostics, summarize, type Diagnostic } from '../diagnostics.js';

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * The page the dev server sends instead of the site while the build has errors: every diagnostic with
 * its file, line, code frame and hint, as the terminal prints them. The dev client in it reloads the
 * page once a save fixes the problem.
 */
export function errorPage(diagnostics: readonly Diagnostic[], root: string): string {
  const blocks = diagnostics.map((d) => {
    const where = d.line !== undefined ? `${d.file}:${d.line}:${d.column ?? 1}` : d.file;
    const frame = codeFrame(d, root);
    return [
      `<section class="hm-diagnostic" data-code="${escapeHtml(d.code)}">`,
      `<h2><span class="hm-${d.severity}">${d.severity}</span> <code>${escapeHtml(where)}</code> <small>${escapeHtml(d.code)}</small></h2>`,
      `<p>${escapeHtml(d.message)}</p>`,
      frame ? `<pre>${escapeHtml(frame)}</pre>` : '',
      d.hint ? `<p class="hm-hint">hint: ${escapeHtml(d.hint)}</p>` : '',
      '</section>',
    ].join('');
  });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Build error — Hashmark</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1b1b1b;background:#fff}
h1{color:#b00020}h2{font-size:1rem;margin:0 0 .25rem}.hm-error{color:#b00020}.hm-warning{color:#8a5a00}
section{border-left:4px solid #b00020;padding:.5rem 1rem;margin:1rem 0;background:#fdf3f4}
pre{background:#1b1b1b;color:#f5f5f5;padding:.75rem;overflow:auto}.hm-hint{color:#333}
</style>
</head>
<body>
<h1>The site cannot be built</h1>
<p>${escapeHtml(summarize(diagnostics))}. Fix the file and save: this page reloads by itself.</p>
${blocks.join('\n')}
</body>
</html>
`;
}

/** The code frame lines the text format prints under a diagnostic (`> 4 | …` and the caret). */
export function codeFrame(d: Diagnostic, root: string): string {
  if (d.line === undefined) return '';
  const text = formatDiagnostics([{ ...d, hint: undefined }], 'text', { root });
  const lines = text.split('\n').slice(1);
  return lines.filter((l) => /^ {2}[> ] *\d+ \| |^ {4} *\| /.test(l)).join('\n');
}

/** The payload of Vite's error overlay for the first error (the overlay shows one). */
export function overlayError(diagnostics: readonly Diagnostic[], root: string): {
  message: string;
  stack: string;
  id: string;
  frame: string;
  plugin: string;
  loc?: { file: string; line: number; column: number };
} {
  const first = diagnostics[0]!;
  const more = diagnostics.length > 1 ? `\n(${summarize(diagnostics)}; the page lists them all.)` : '';
  const err = {
    message: `${first.code}: ${first.message}${first.hint ? `\nhint: ${first.hint}` : ''}${more}`,
    stack: '',
    id: first.file,
    frame: codeFrame(first, root),
    plugin: 'hashmark',
  };
  return first.line === undefined ? err : { ...err, loc: { file: first.file, line: first.line, column: first.column ?? 1 } };
}
