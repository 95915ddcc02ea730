import path from 'node:path';
import { loadConfig } from '../config/index.js';
import { displayPath, loadPosts, parseSource, postSlug, validateDraft } from '../content/index.js';
import type { Diagnostic, Result } from '../diagnostics.js';
import { urlFor } from '../site/urls.js';
import { writeNewFile } from './new-post.js';

export interface NewPageOptions {
  root: string;
  /** Default `<root>/content`. */
  contentDir?: string;
  title: string;
}

export interface NewPageResult {
  absPath: string;
  /** Path relative to the root. */
  file: string;
  /** Site-relative URL with the base path, e.g. `/about/`. */
  url: string;
}

/** First URL segments the site's own pages use: a page there would clash with them. */
const TAKEN = new Set(['posts', 'tags', 'page', 'featured', 'archive', 'search', 'pagefind', 'assets']);

/** The sectioned text of a new page: in the menu, no date. */
export function newPageText(title: string): string {
  return ['#title', title, '#description', '', '#menu', 'true', '#body', '', `Write the ${title} page here, in Markdown.`, ''].join('\n');
}

/**
 * Writes `content/pages/<slug>.md` for `hashmark new --page`, with `#menu true` so it joins the header
 * menu. Refuses a file that exists, a URL another page has, and the paths the site's own pages use.
 */
export async function newPage(options: NewPageOptions): Promise<Result<NewPageResult | undefined>> {
  const root = path.resolve(options.root);
  const contentDir = path.resolve(root, options.contentDir ?? 'content');
  const title = options.title.trim();
  const slug = postSlug(title);
  const absPath = path.join(contentDir, 'pages', `${slug}.md`);
  const file = displayPath(absPath, root);
  const fail = (d: Omit<Diagnostic, 'severity' | 'file'>, at = file): Result<undefined> => ({ value: undefined, diagnostics: [{ severity: 'error', file: at, ...d }] });
  if (title === '' || /[\n\r]/.test(title) || slug === '') {
    return fail({
      code: 'invalid-title',
      message: title === '' ? 'The title is empty.' : /[\n\r]/.test(title) ? 'The title spans more than one line.' : `The title ${JSON.stringify(title)} has no letters or digits to make a file name from.`,
      hint: 'Pass the title as one quoted argument with at least one letter or digit: hashmark new --page "About".',
    }, displayPath(contentDir, root));
  }
  if (TAKEN.has(slug)) {
    return fail({
      code: 'invalid-title',
      message: `A page called ${JSON.stringify(title)} would be at /${slug}/, where the site's own ${slug} pages are.`,
      hint: `Choose another title, or write the page by hand with a \`#url\` of its own, like \`/${slug}-page/\`.`,
    });
  }
  const config = await loadConfig({ root });
  if (!config.value) return { value: undefined, diagnostics: config.diagnostics };

  const text = newPageText(title);
  const parsed = parseSource({ absPath, path: file, text, assets: [] });
  const validated = parsed.value ? validateDraft({ ...parsed.value, fields: { ...parsed.value.fields, date: { value: '1970-01-01', position: { line: 1, column: 1 }, markerLine: 1 } } }, { kind: 'page' }) : undefined;
  if (validated?.value?.title !== title) {
    return fail({
      code: 'invalid-title',
      message: `The title ${JSON.stringify(title)} would not read back unchanged from the page file.`,
      hint: 'Reword the title so it does not look like a section marker such as `#tags`.',
    });
  }
  const clash = loadPosts({ root, contentDir }).value.find((p) => p.page?.path.toLowerCase() === slug.toLowerCase());
  if (clash) {
    return fail({ code: 'post-exists', message: `The page ${clash.source} is already at /${slug}/; nothing was written.`, hint: 'Choose another title, or edit the existing page.' }, clash.source);
  }
  const unwritten = writeNewFile(absPath, text, file);
  if (unwritten) return fail(unwritten);
  return { value: { absPath, file, url: urlFor(config.value, `${slug}/`) }, diagnostics: [] };
}
