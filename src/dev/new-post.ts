import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config/index.js';
import { displayPath, loadPosts, parseSource, postSlug, validateDraft, type PlainDate } from '../content/index.js';
import type { Diagnostic, Result } from '../diagnostics.js';
import { todayIn } from '../site/index.js';

export interface NewPostOptions {
  root: string;
  /** Default `<root>/content`. */
  contentDir?: string;
  title: string;
  /** Display names, e.g. `['Kafka', 'Patterns']`. */
  tags?: string[];
  featured?: boolean;
  draft?: boolean;
  /** "Now", for today's date in the site time zone; default the clock. */
  now?: Date;
}

export interface NewPostResult {
  /** Absolute path of the new file. */
  absPath: string;
  /** Path relative to the root, as diagnostics print it. */
  file: string;
  slug: string;
  /** For a draft: the line of the `#draft` value, the one to change to publish it. */
  draftLine?: number;
}

const STARTER =
  'Start writing here. Everything after `#body` is Markdown: **bold**, `code`, lists, tables and fenced code blocks.';

/** The sectioned text of a new post; the empty `#description` is where a one-sentence summary goes. */
export function newPostText(post: { title: string; date: PlainDate; tags: string[]; featured: boolean; draft: boolean }): string {
  const lines = [
    '#title', post.title,
    '#description', '',
    '#date', post.date,
    '#tags', JSON.stringify(post.tags),
    '#featured', String(post.featured),
  ];
  if (post.draft) lines.push('#draft', 'true');
  lines.push('#body', '', STARTER, '');
  return lines.join('\n');
}

/**
 * Writes `content/<slug>.md` for `hashmark new`, dated today in the site time zone. Refuses to replace
 * a file or to reuse a slug another post already has; the text is checked with the same parser and
 * validation as every post before it is written, so a title that would not read back is refused too.
 */
export async function newPost(options: NewPostOptions): Promise<Result<NewPostResult | undefined>> {
  const root = path.resolve(options.root);
  const contentDir = path.resolve(root, options.contentDir ?? 'content');
  const fail = (d: Omit<Diagnostic, 'severity'>): Result<undefined> => ({ value: undefined, diagnostics: [{ severity: 'error', ...d }] });

  const title = options.title.trim();
  const slug = postSlug(title);
  const contentName = displayPath(contentDir, root);
  if (title === '' || /[\n\r]/.test(title) || slug === '') {
    return fail({
      code: 'invalid-title',
      message: title === '' ? 'The title is empty.' : /[\n\r]/.test(title) ? 'The title spans more than one line.' : `The title ${JSON.stringify(title)} has no letters or digits to make a file name from.`,
      file: contentName,
      hint: 'Pass the title as one quoted argument with at least one letter or digit: hashmark new "My first post".',
    });
  }

  const config = await loadConfig({ root });
  if (!config.value) return { value: undefined, diagnostics: config.diagnostics };
  const date = todayIn(config.value.timeZone, options.now ?? new Date());
  const tags = (options.tags ?? []).map((t) => t.trim()).filter((t) => t !== '');
  const text = newPostText({ title, date, tags, featured: options.featured === true, draft: options.draft === true });
  const absPath = path.join(contentDir, `${slug}.md`);
  const file = displayPath(absPath, root);

  // The file must read back as exactly what was asked for (a title like `#tags` would become a marker).
  const parsed = parseSource({ absPath, path: file, text, assets: [] });
  const validated = parsed.value ? validateDraft(parsed.value) : undefined;
  const post = validated?.value;
  if (!post || post.title !== title) {
    const problems = [...parsed.diagnostics, ...(validated?.diagnostics ?? [])];
    return {
      value: undefined,
      diagnostics: problems.length > 0
        ? problems
        : [{
            severity: 'error',
            code: 'invalid-title',
            message: `The title ${JSON.stringify(title)} would not read back unchanged from the post file.`,
            file,
            hint: 'Reword the title so it does not look like a section marker such as `#tags`.',
          }],
    };
  }

  const existing = loadPosts({ root, contentDir });
  const clash = existing.value.find((p) => p.slug.toLowerCase() === slug.toLowerCase());
  if (clash) {
    return fail({
      code: 'post-exists',
      message: `The post ${clash.source} already has the slug \`${slug}\`; nothing was written.`,
      file: clash.source,
      hint: 'Choose another title, or edit the existing post.',
    });
  }

  const unwritten = writeNewFile(absPath, text, file);
  if (unwritten) return fail(unwritten);
  const result: NewPostResult = { absPath, file, slug };
  if (post.draft) result.draftLine = text.split('\n').indexOf('#draft') + 2;
  return { value: result, diagnostics: [] };
}

/** Writes a new content file, never over another: `wx` fails if it exists, even if it appeared since the checks. */
export function writeNewFile(absPath: string, text: string, file: string): Omit<Diagnostic, 'severity'> | undefined {
  try {
    mkdirSync(path.dirname(absPath), { recursive: true });
    writeFileSync(absPath, text, { flag: 'wx' });
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      code: code === 'EEXIST' ? 'post-exists' : 'write-failed',
      message: code === 'EEXIST' ? `${file} already exists; nothing was written.` : `${file} could not be written: ${code ?? String(error)}.`,
      file,
      hint: code === 'EEXIST' ? 'Choose another title, or edit the existing file.' : 'Check that the content folder is writable.',
    };
  }
}
