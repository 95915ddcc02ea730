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
