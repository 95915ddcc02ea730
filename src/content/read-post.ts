import type { Diagnostic } from '../diagnostics.js';
import { parseSource } from './parse.js';
import { readSourceFile } from './read.js';
import { nameSlug } from './slug.js';
import type { BundleAsset, FieldPosition, Post } from './types.js';
import { intendedUrl } from './url-fields.js';
import { intendedSlug, validateDraft } from './validate.js';
import { asPage, pagePathOf, pageUrlPath, takePageFields, withoutPageFields } from './page.js';
import path from 'node:path';

/** One post file read, parsed and validated: the one way `build`, `check` and `dev` read a post. */
export interface ReadPost {
  /** The post, when the file has no error that leaves it out. */
  post?: Post;
  diagnostics: Diagnostic[];
  /** Where `#slug` was written, for the duplicate-slug diagnostic. */
  slugPosition?: FieldPosition;
  /** No error in reading or parsing (validation errors leave `post` undefined). */
  clean: boolean;
  /** The file's text as read (normalised), for locating the body. */
  text?: string;
  /** The slug the file would have had when it is left out for its errors (see intendedSlug). */
  leftOutSlug?: string;
  /** Its own URL (`url`, `permalink`, `path`) when it is left out for its errors and that field is usable. */
  leftOutUrl?: string;
}

export function readPost(absPath: string, root: string, contentDir: string, bundle?: { name: string; assets: BundleAsset[] }): ReadPost {
  const diagnostics: Diagnostic[] = [];
  const read = readSourceFile(absPath, root, contentDir, bundle);
  diagnostics.push(...read.diagnostics);
  const fromName = (): string | undefined => {
    const slug = nameSlug(path.basename(absPath), bundle?.name);
    return slug === '' ? undefined : slug;
  };
  if (!read.value) return withLeftOut({ diagnostics, clean: false }, fromName());
  const parsed = parseSource(read.value);
  diagnostics.push(...parsed.diagnostics);
  if (!parsed.value) return withLeftOut({ diagnostics, clean: false, text: read.value.text }, fromName());
  // A file under content/pages/ is a page: its own `url` and `menu`, and no date needed.
  const pagePath = pagePathOf(absPath, contentDir);
  const page = pagePath ? takePageFields(parsed.value) : undefined;
  const misplaced = page ? page.diagnostics : withoutPageFields(parsed.value);
  diagnostics.push(...misplaced);
  const validated = validateDraft(parsed.value, { kind: page ? 'page' : 'post' });
  diagnostics.push(...validated.diagnostics);
  if (!validated.value) {
    // A page left out for its errors keeps links to its URL quiet, as a post does with its slug and URL.
    if (page && pagePath) {
      const left: ReadPost = { diagnostics, clean: false, text: read.value.text };
      const slug = intendedSlug(parsed.value) ?? fromName();
      if (page.url !== undefined || slug !== undefined) left.leftOutUrl = `/${pageUrlPath(pagePath, page.url, slug ?? '')}/`.replace(/\/{2,}/g, '/');
      return left;
    }
    const left = withLeftOut({ diagnostics, clean: false, text: read.value.text }, intendedSlug(parsed.value));
    const url = intendedUrl(parsed.value);
    if (url !== undefined) left.leftOutUrl = url;
    return left;
  }
  const result: ReadPost = {
    post: page && pagePath ? asPage(validated.value, pagePath, page) : validated.value,
    diagnostics,
    clean: !parsed.diagnostics.some((d) => d.severity === 'error') && misplaced.length === 0,
    text: read.value.text,
  };
  const slugPosition = parsed.value.fields.slug?.position;
  if (slugPosition) result.slugPosition = slugPosition;
  return result;
}

function withLeftOut(read: ReadPost, slug: string | undefined): ReadPost {
  if (slug !== undefined) read.leftOutSlug = slug;
  return read;
}
