import { createHash, hash } from 'node:crypto';

/**
 * Hashmark's one hashing helper. `digest` names things (cache keys, file names): sha256, hex, 128
 * bits, so a key is a safe file name even on case-insensitive disks. `contentHash` tells whether
 * bytes changed (entry checksums, output comparisons): sha1, base64url, chosen for speed; it checks
 * integrity, not authenticity, since the cache is the user's own folder.
 */

export type HashPart = string | Uint8Array;

/**
 * A key made of any number of parts. Each part is framed by its kind and length, so
 * `digest('ab', 'c')` and `digest('a', 'bc')` differ.
 */
export function digest(...parts: HashPart[]): string {
  if (parts.every((part) => typeof part === 'string')) {
    // One-shot hashing of one string: about half the cost of createHash() for the small keys of a build.
    let text = '';
    for (const part of parts as string[]) text += `s${part.length}:${part}`;
    return hash('sha256', text, 'hex').slice(0, KEY_LENGTH);
  }
  const h = createHash('sha256');
  for (const part of parts) {
    if (typeof part === 'string') h.update(`s${part.length}:${part}`);
    else h.update(`b${part.byteLength}:`).update(part);
  }
  return h.digest('hex').slice(0, KEY_LENGTH);
}

/** Hex characters in a {@link digest}. */
export const KEY_LENGTH = 32;

/** A fast fingerprint of some bytes or text, for telling whether they changed (27 characters). */
export function contentHash(data: HashPart): string {
  return hash('sha1', data, 'base64url');
}
