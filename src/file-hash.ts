import { createHash } from 'node:crypto';

/**
 * The content hash the output manifest keeps for a file: sha1 of its bytes, base64url. Below every
 * stage so a page worker can hash the page it made and the writer need not hash it again. Detects
 * changes, not attacks: sha1 is about twice as fast as sha256, and warm builds hash every page.
 */
export function hashContents(contents: string | Uint8Array): string {
  return typeof contents === 'string'
    ? createHash('sha1').update(contents, 'utf8').digest('base64url')
    : createHash('sha1').update(contents).digest('base64url');
}

/** `hashContents` of the parts' bytes one after another, without joining them. */
export function hashParts(parts: readonly Uint8Array[]): string {
  const hash = createHash('sha1');
  for (const part of parts) hash.update(part);
  return hash.digest('base64url');
}
