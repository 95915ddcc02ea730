import { defaultSchema } from 'rehype-sanitize';
import type { Options as SanitizeSchema } from 'rehype-sanitize';
import type { MarkdownOptions } from './types.js';

/**
 * GitHub's schema (what readers expect Markdown HTML to allow) plus a few harmless elements that
 * blog posts use: figures, captions, `mark`, `abbr`, `time`, `small`, `u`, `wbr`, column groups.
 * Unsafe things stay out because the default schema never lists them: `script` (stripped with its
 * content), `style`, `iframe`, `object`, `embed`, `form`, event handlers, `srcdoc`, `style`
 * attributes, and URLs whose protocol is not http(s)/mailto (so `javascript:` goes).
 * The default clobber prefix (`user-content-`) stays: author ids cannot shadow page globals.
 */
export const sanitizeSchema: SanitizeSchema = {
  ...defaultSchema,
  tagNames: [
    ...(defaultSchema.tagNames ?? []),
    'abbr',
    'caption',
    'cite',
    'col',
    'colgroup',
    'dfn',
    'figcaption',
    'figure',
    'mark',
    'small',
    'time',
    'u',
    'wbr',
  ],
  ancestors: { ...defaultSchema.ancestors, caption: ['table'], col: ['table'], colgroup: ['table'] },
};

/**
 * The schema with embeds (iframes, whose origin rehypeEmbeds then checks) and what the site's
 * `markdown.sanitize` setting allows for its plugins.
 */
export function extendedSchema(options: Pick<MarkdownOptions, 'sanitize' | 'embeds'>): SanitizeSchema {
  const attributes: NonNullable<SanitizeSchema['attributes']> = { ...sanitizeSchema.attributes };
  if (options.embeds.length > 0) {
    attributes.iframe = ['src', 'title', 'width', 'height', 'allow', 'allowFullScreen', 'referrerPolicy'];
  }
  for (const [tag, names] of Object.entries(options.sanitize.attributes)) {
    attributes[tag] = [...(attributes[tag] ?? []), ...names];
  }
  const tagNames = [...(sanitizeSchema.tagNames ?? []), ...options.sanitize.tagNames];
  if (options.embeds.length > 0) tagNames.push('iframe');
  return { ...sanitizeSchema, tagNames, attributes };
}
