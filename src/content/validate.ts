import path from 'node:path';
import { z } from '../vendor/zod.js';
import type { Diagnostic, DiagnosticCode, Result } from '../diagnostics.js';
import { AUTHORS_HINT, authorsSchema } from './authors.js';
import { cardImageOf } from './card-image.js';
import { DATE_FORMS, dateHint, fileNameDate, parseDate } from './dates.js';
import { TextBody } from './body-ref.js';
import { findJsonError } from './json-error.js';
import { templateCodeWarnings } from './template-code.js';
import { fileNameStem, nameSlug, postSlug, tagSlug } from './slug.js';
import type { DraftField, FieldPosition, PlainDate, Post, PostDraft, Tag } from './types.js';
import { urlFields } from './url-fields.js';

type Format = PostDraft['format'];

// Control characters other than tab and newline have no place in plain text.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;
const SEPARATOR = /[/\\]/;

const FIELD_CODES: Record<string, DiagnosticCode> = {
  title: 'invalid-title',
  description: 'invalid-description',
  date: 'invalid-date',
  updated: 'invalid-date',
  tags: 'invalid-tags',
  featured: 'invalid-boolean',
  draft: 'invalid-boolean',
  published: 'invalid-boolean',
  slug: 'invalid-slug',
  authors: 'invalid-authors',
};

function label(format: Format, field: string): string {
  return format === 'sectioned' ? `\`#${field}\`` : `\`${field}\``;
}

function hintFor(format: Format, field: string): string {
  const sectioned = format === 'sectioned';
  switch (field) {
    case 'title':
      return sectioned ? 'Write the title as one line of plain text after `#title`.' : 'Write the title on one line: `title: "My post"`.';
    case 'description':
      return 'Write the description as plain text.';
    case 'date':
    case 'updated':
      return DATE_FORMS;
    case 'tags':
      return sectioned
        ? 'Write a JSON array of strings, like `["Kafka", "Event-Driven"]`.'
        : 'Write a list of strings, like `tags: [Kafka, Event-Driven]` (TOML: `tags = ["Kafka", "Event-Driven"]`); Jekyll splits `tags: a b` at spaces and Eleventy does not, so a list says which you mean.';
    case 'slug':
      return 'A slug is one URL segment of letters, digits and dashes, like `my-first-post`.';
    case 'url':
    case 'permalink':
    case 'path':
    case 'aliases':
    case 'redirect_from':
      return 'Write a path below the site root, like `/2024/03/my-post/` or `/old/page.html`.';
    case 'authors':
      return sectioned ? 'Write one name per line after `#authors`.' : AUTHORS_HINT;
    default:
      return 'Write exactly `true` or `false`.';
  }
}

/** A value as a message quotes it: short, and never mistaken for prose. */
function show(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (typeof value === 'string') return `\`${value.length > 60 ? `${value.slice(0, 57)}...` : value}\``;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `\`${String(value)}\``;
}

/** Line/column of an offset inside a sectioned value, which starts at column 1 of its first line. */
function offsetPosition(raw: string, start: FieldPosition, offset: number): FieldPosition {
  let line = start.line;
  let lineStart = 0;
  for (let i = 0; i < offset && i < raw.length; i++) {
    if (raw.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** The one schema both formats are checked against, with messages in the format's own words. */
function makeSchema(format: Format) {
  const l = (field: string): string => label(format, field);
  const text = (field: string) =>
    z.string({ error: (issue) => `${l(field)} is ${show(issue.input)}; it must be text.` });
  const boolean = (field: string) =>
    z
      .boolean({
        error: (issue) =>
          issue.input === 'true' || issue.input === 'false'
            ? `${l(field)} is the quoted text "${issue.input}"; write \`${issue.input}\` without quotes.`
            : `${l(field)} is ${show(issue.input)}; it must be \`true\` or \`false\`.`,
      })
      .optional();
  const date = (field: string) =>
    text(field)
      .transform((value, ctx) => {
        const parsed = parseDate(value.trim());
        if (parsed.ok) return parsed;
        ctx.addIssue({ code: 'custom', message: `${l(field)} is ${show(value.trim())}: ${parsed.problem}.`, params: { hint: dateHint(parsed) } });
        return z.NEVER;
      });
  return z.object({
    title: text('title').transform((value, ctx) => {
      const trimmed = value.trim();
      const newline = trimmed.indexOf('\n');
      if (newline !== -1) {
        ctx.addIssue({
          code: 'custom',
          message: `${l('title')} spans more than one line; a title is a single line.`,
          params: { offset: value.indexOf('\n', value.indexOf(trimmed[0]!)) + 1 },
        });
        return z.NEVER;
      }
      if (trimmed === '') {
        ctx.addIssue({ code: 'custom', message: `${l('title')} is empty.` });
        return z.NEVER;
      }
      if (CONTROL.test(trimmed)) {
        ctx.addIssue({ code: 'custom', message: `${l('title')} contains a control character.` });
        return z.NEVER;
      }
      return trimmed;
    })
    // Required fields are checked before the schema, with a missing-section diagnostic of their own.
    .optional(),
    description: text('description')
      .refine((value) => !CONTROL.test(value), { error: `${l('description')} contains a control character.` })
      .optional(),
    date: date('date').optional(),
    updated: date('updated').optional(),
    tags: z
      .array(
        z.string({ error: (issue) => `A tag in ${l('tags')} is ${show(issue.input)}; every tag must be a string.` }),
        { error: (issue) => `${l('tags')} is ${show(issue.input)}, not a list of strings.` },
      )
      .transform((names, ctx) => {
        const tags: Tag[] = [];
        const seen = new Set<string>();
        for (const raw of names) {
          const name = raw.trim();
          const slug = tagSlug(name);
          if (name === '' || CONTROL.test(name)) {
            ctx.addIssue({ code: 'custom', message: `${l('tags')} contains an empty tag or one with a control character.` });
          } else if (slug === '') {
            ctx.addIssue({ code: 'custom', message: `The tag ${show(name)} has nothing to make a URL from: no letter, digit or symbol, only dots, dashes or separators.` });
          } else if (!seen.has(slug)) {
            seen.add(slug);
            tags.push({ name, slug });
          }
        }
        return tags;
      })
      .optional(),
    featured: boolean('featured'),
    draft: boolean('draft'),
    published: boolean('published'),
    slug: text('slug').optional(),
    authors: authorsSchema(l('authors')).optional(),
  });
}

const SCHEMAS = { sectioned: makeSchema('sectioned'), 'front-matter': makeSchema('front-matter') };

/** Turns raw sectioned text into the values the schema checks; a JSON error is reported here, where its position is known. */
function sectionedInput(draft: PostDraft, error: (d: Omit<Diagnostic, 'severity' | 'file'>) => void): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(draft.fields)) {
    if (name === 'body' || name === 'image') continue;
    const raw = field.value as string;
    if (name === 'title') input.title = raw;
    // One name per line.
    else if (name === 'authors') input.authors = raw.split('\n').map((s) => s.trim()).filter(Boolean);
    else if (name === 'description') input.description = raw.split('\n').map((s) => s.trim()).filter(Boolean).join(' ');
    else if (name === 'featured' || name === 'draft') {
      const v = raw.trim();
      input[name] = v === 'true' ? true : v === 'false' ? false : v;
    } else if (name === 'tags') {
      try {
        input.tags = JSON.parse(raw);
      } catch {
        const problem = findJsonError(raw) ?? { offset: 0, problem: 'it is not valid JSON' };
        const at = offsetPosition(raw, field.position, problem.offset);
        const looksLikeList = !raw.trim().startsWith('[');
        const example = JSON.stringify(raw.split(',').map((s) => s.trim()).filter(Boolean));
        error({
          code: 'invalid-tags',
          message: looksLikeList
            ? '`#tags` is not a JSON array of strings.'
            : `\`#tags\` is not valid JSON: ${problem.problem}.`,
          line: at.line,
          column: at.column,
          hint: looksLikeList
            ? `Write a JSON array with each tag in double quotes, like \`${example}\`.`
            : 'Write a JSON array of strings, like `["Kafka", "Event-Driven"]`: double quotes, commas between tags.',
        });
      }
    } else input[name] = raw.trim();
  }
  return input;
}

/**
 * Checks a draft and builds the Post; pure, no I/O. The post is returned only when this file has no
 * errors; tags carry their own display text (loadPosts folds display forms across posts).
 */
export function validateDraft(draft: PostDraft, options: { kind?: 'post' | 'page' } = {}): Result<Post | undefined> {
  const { format, fields, source } = draft;
  // A file under content/pages/ is told about as a page.
  const noun = options.kind ?? 'post';
  const diagnostics: Diagnostic[] = [];
  const report = (d: Omit<Diagnostic, 'severity' | 'file'>): void => {
    diagnostics.push({ severity: 'error', file: source.path, ...d });
  };
  const sectioned = format === 'sectioned';

  // Jekyll's `_posts/2019-03-04-name.md` (and Zola's) dates a post that has no date of its own.
  const nameDate = fields.date === undefined ? fileNameDate(source.bundleName ?? path.posix.basename(source.path)) : undefined;
  if (nameDate && !nameDate.ok) {
    report({ code: 'invalid-date', message: `The file name's date ${show(path.posix.basename(source.path).slice(0, 10))} does not exist: ${nameDate.problem}.`, hint: `Rename the file with a real date, or write a \`date\` in the ${noun}.` });
  }
  for (const name of ['title', 'date', 'body'] as const) {
    if (fields[name] !== undefined || draft.misspelled?.includes(name) || (name === 'date' && nameDate)) continue;
    if (name === 'title' && jekyllTitle(source.path) !== undefined) continue;
    if (!sectioned && name === 'body') continue;
    report({
      code: 'missing-section',
      message: sectioned ? `The ${noun} has no \`#${name}\` section.` : `The front matter has no \`${name}\`.`,
      line: 1,
      column: 1,
      hint: sectioned
        ? name === 'body'
          ? `Add \`#body\` after the other sections; every line after it is the ${noun} text.`
          : `Add a \`#${name}\` line followed by the ${name} on the next line${name === 'date' ? ', like `2024-02-05`' : ''}.`
        : `Add \`${name}: ${name === 'date' ? '2024-02-05' : 'My post'}\` to the front matter.`,
    });
  }

  // Empty values: required ones are missing content; optional ones are clearer removed than left blank.
  const present: Record<string, DraftField> = {};
  for (const [name, field] of Object.entries(fields)) {
    const v = field.value;
    const empty = v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
    if (!empty || (name === 'description' && typeof v === 'string')) {
      present[name] = field;
      continue;
    }
    if (name === 'description') continue;
    const required = name === 'title' || name === 'date' || name === 'body';
    report({
      code: 'empty-section',
      message: name === 'body' ? `The ${noun} body is empty.` : sectioned ? `\`#${name}\` is empty.` : `\`${name}\` is empty.`,
      line: field.markerLine,
      column: 1,
      hint: name === 'body'
        ? `Write the ${noun} text after the body marker.`
        : required
          ? `Write the ${name} ${sectioned ? `on the line after \`#${name}\`` : `after \`${name}:\``}${name === 'date' ? ', like `2024-02-05`' : ''}.`
          : `Remove ${sectioned ? `\`#${name}\`` : `\`${name}\``} or give it a value. ${hintFor(format, name)}`,
    });
  }

  const input = sectioned
    ? sectionedInput({ ...draft, fields: present }, report)
    : Object.fromEntries(Object.entries(present).filter(([n]) => n !== 'body').map(([n, f]) => [n, f.value]));
  const parsed = SCHEMAS[format].safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? '');
      const field = present[name];
      const params = (issue as { params?: { offset?: number; hint?: string } }).params;
      const offset = params?.offset;
      const at =
        field && offset !== undefined && sectioned
          ? offsetPosition(field.value as string, field.position, offset)
          : field?.position ?? { line: 1, column: 1 };
      report({
        code: FIELD_CODES[name] ?? 'invalid-front-matter',
        message: issue.message,
        line: at.line,
        column: at.column,
        hint: params?.hint ?? hintFor(format, name),
      });
    }
  }

  const slug = resolveSlug(draft, present, report);
  const urls = urlFields(draft, present, report);
  const image = cardImageOf(draft, present, report);
  if (diagnostics.length > 0 || !parsed.success || slug === undefined) return { value: undefined, diagnostics };

  const v = parsed.data;
  const date = v.date ?? (nameDate?.ok ? nameDate : undefined);
  const title = v.title ?? (fields.title === undefined ? jekyllTitle(source.path) : undefined);
  if (title === undefined || date === undefined) return { value: undefined, diagnostics };
  const post: Post = {
    slug,
    title,
    description: v.description ?? '',
    date: date.date as PlainDate,
    tags: v.tags ?? [],
    featured: v.featured ?? false,
    draft: v.draft ?? (v.published === undefined ? false : !v.published),
    body: new TextBody(draft.body),
    bodyLine: draft.bodyLine,
    source: source.path,
    assets: source.assets,
  };
  if (date.dateTime !== undefined) post.dateTime = date.dateTime;
  if (v.updated !== undefined) post.updated = v.updated.date as PlainDate;
  if (source.section) post.section = source.section;
  if (urls.url !== undefined) post.url = urls.url;
  if (urls.aliases !== undefined) post.aliases = urls.aliases;
  if (urls.categories !== undefined) post.categories = urls.categories;
  if (v.authors !== undefined && v.authors.length > 0) post.authors = v.authors;
  diagnostics.push(...templateCodeWarnings(draft.body, draft.bodyLine, source.path));
  if (image !== undefined) post.image = image;
  return { value: post, diagnostics };
}

/**
 * Jekyll titles a post in `_posts/` that has none after its file name, `2019-03-04-hello-world.md`
 * → `Hello World`; so does Hashmark, there only.
 */
function jekyllTitle(sourcePath: string): string | undefined {
  if (!sourcePath.split('/').includes('_posts')) return undefined;
  const words = fileNameStem(path.posix.basename(sourcePath)).split('-').filter(Boolean);
  const title = words.map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()).join(' ');
  return title === '' ? undefined : title;
}

/**
 * The slug a post left out for its errors would have had: its `#slug` when that is usable, else the
 * one its file or folder name gives; undefined when neither gives one.
 */
export function intendedSlug(draft: PostDraft): string | undefined {
  const present: Record<string, DraftField> = {};
  if (typeof draft.fields.slug?.value === 'string') present.slug = draft.fields.slug;
  return resolveSlug(draft, present, () => undefined) ?? (nameSlug(path.posix.basename(draft.source.path), draft.source.bundleName) || undefined);
}

function resolveSlug(
  draft: PostDraft,
  present: Record<string, DraftField>,
  report: (d: Omit<Diagnostic, 'severity' | 'file'>) => void,
): string | undefined {
  const field = present.slug;
  const hint = hintFor(draft.format, 'slug');
  const name = draft.format === 'sectioned' ? '`#slug`' : '`slug`';
  if (field) {
    if (typeof field.value !== 'string') return undefined; // the schema reported it
    const written = field.value.trim();
    if (SEPARATOR.test(written) || written === '.' || written === '..') {
      report({ code: 'invalid-slug', message: `${name} ${show(written)} contains a path separator or is a relative path; a slug is one URL segment.`, ...field.position, hint });
      return undefined;
    }
    const slug = postSlug(written);
    if (slug === '') {
      report({ code: 'invalid-slug', message: `${name} ${show(written)} has no letters or digits to make a URL from.`, ...field.position, hint });
      return undefined;
    }
    return slug;
  }
  const stem = draft.source.bundleName ?? fileNameStem(path.posix.basename(draft.source.path));
  const slug = nameSlug(path.posix.basename(draft.source.path), draft.source.bundleName);
  if (slug === '') {
    report({
      code: 'invalid-slug',
      message: `The ${draft.source.bundleName ? 'folder' : 'file'} name ${show(stem)} has no letters or digits to make a URL from.`,
      hint: `Rename the ${draft.source.bundleName ? 'folder' : 'file'}, or add a ${name} section with the URL segment you want, like \`my-first-post\`.`,
    });
    return undefined;
  }
  return slug;
}
