import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const fingerprints = new Map<string, string>();

/**
 * A hash of Hashmark's own compiled files (a few hundred KB, read once per process). Everything
 * derived and kept between builds (page keys, remembered related posts, parsed posts) depends on the
 * code that made it, so an upgrade never reuses what old code produced. Contents, not times:
 * recompiling the same code must not invalidate anything.
 */
export function codeFingerprint(): string {
  return libFingerprint(path.dirname(fileURLToPath(import.meta.url))); // lib/ (or src/ under tests)
}

/** The fingerprint of the code in `top`; bundles made from that code (`*.bundle.js`) are left out. */
export function libFingerprint(top: string): string {
  const known = fingerprints.get(top);
  if (known !== undefined) return known;
  const hash = createHash('sha1');
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(abs);
      else if (/\.(js|ts)$/.test(entry.name) && !entry.name.endsWith('.bundle.js')) {
        hash.update(`${path.relative(top, abs)}\0`).update(readFileSync(abs));
      }
    }
  };
  walk(top);
  const fingerprint = hash.digest('base64url');
  fingerprints.set(top, fingerprint);
  return fingerprint;
}
