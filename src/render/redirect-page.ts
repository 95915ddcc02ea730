import type { SiteConfig } from '../config/schema.js';
import type { PlannedFile } from '../site/types.js';

/**
 * The page at an old URL of a post (`aliases`, `redirect_from`): a meta refresh to the new URL, the
 * new URL as canonical for search engines, kept out of their index, and a link for anyone whose
 * browser does not follow the refresh. Valid HTML on its own, with no theme files.
 */
export function renderRedirectPage(file: PlannedFile, config: Pick<SiteConfig, 'language'>): string {
  const target = escapeHtml(file.target ?? '');
  const canonical = escapeHtml(file.canonical ?? file.target ?? '');
  const title = escapeHtml(file.title ?? '');
  return `<!doctype html>
<html lang="${escapeHtml(config.language)}">
<head>
<meta charset="utf-8">
<title>Moved: ${title}</title>
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url=${target}">
<link rel="canonical" href="${canonical}">
</head>
<body>
<main><p>This page has moved to <a href="${target}">${title}</a>.</p></main>
</body>
</html>
`;
}

/** `_redirects` (Netlify, Cloudflare Pages): one permanent redirect per old URL. */
export function renderRedirectsFile(redirects: ReadonlyArray<{ from: string; to: string }>): string {
  return redirects.map(({ from, to }) => `${from} ${to} 301\n`).join('');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
