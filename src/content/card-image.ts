import type { Diagnostic } from '../diagnostics.js';
import type { CardImageRef, DraftField, PostDraft } from './types.js';

/**
 * The social card image of a draft: `image` or Hugo's `cover` (a string, or `{ image, alt }` /
 * `{ src, alt }`); in the sectioned format `#image`, the path on its first line and the alt text on
 * the next. Whether the file exists is the images stage's question.
 */
export function cardImageOf(
  draft: PostDraft,
  present: Record<string, DraftField>,
  report: (d: Omit<Diagnostic, 'severity' | 'file'>) => void,
): CardImageRef | undefined {
  const name = present.image ? 'image' : present.cover ? 'cover' : undefined;
  if (name === undefined) return undefined;
  const field = present[name]!;
  const shown = draft.format === 'sectioned' ? `\`#${name}\`` : `\`${name}\``;
  let src: unknown;
  let alt: unknown;
  if (draft.format === 'sectioned' && typeof field.value === 'string') {
    const [first, ...rest] = field.value.trim().split('\n');
    src = first;
    alt = rest.join(' ').trim() || undefined;
  } else if (typeof field.value === 'string') {
    src = field.value;
  } else if (field.value !== null && typeof field.value === 'object' && !Array.isArray(field.value)) {
    const object = field.value as Record<string, unknown>;
    src = object.image ?? object.src ?? object.url;
    alt = object.alt;
  }
  const text = typeof src === 'string' ? src.trim() : '';
  if (text === '' || /\s/.test(text) || (alt !== undefined && typeof alt !== 'string')) {
    report({
      code: 'invalid-image',
      message: `${shown} is not an image path or URL.`,
      line: field.position.line,
      column: field.position.column,
      hint: draft.format === 'sectioned'
        ? 'Write a bundle file (`cover.png`), a path into public/ (`/images/cover.png`) or an https URL on the line after `#image`, and optionally the alt text on the next line.'
        : 'Write `image: cover.png` (a bundle file), `image: /images/cover.png` (public/) or an https URL; `cover: { image: cover.png, alt: "…" }` also works.',
    });
    return undefined;
  }
  const ref: CardImageRef = { src: text, line: field.position.line };
  if (typeof alt === 'string' && alt.trim() !== '') ref.alt = alt.trim();
  return ref;
}
