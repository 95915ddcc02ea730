import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let fingerprint: string | undefined;

/**
 * A hash of Hashmark's own compiled files (a few hundred KB, read once per process). Everything
 * derived and kept between builds (page keys, remembered related posts, parsed posts) depends on the
 * code that made it, so an upgrade never reuses what old code produced. Contents, not times:
 * recompiling the same code must not invalidate anything.
 */
export function codeFingerprint(): string {
  if (fingerprint !== undefined) return fingerprint;
  const top = path.dirname(fileURLToPath(import.meta.url)); // lib/ (or src/ under tests)
  const hash = createHash('sha1');
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(abs);
      else if (/\.(js|ts)$/.test(entry.name)) {
        hash.update(`${path.relative(top, abs)}\0`).update(readFileSync(abs));
      }
    }
  };
  walk(top);
  fingerprint = hash.digest('base64url');
  return fingerprint;
}
