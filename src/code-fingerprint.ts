import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { listFileTree } from './file-tree.js';
import { codeDirOf } from './worker-url.js';

const fingerprints = new Map<string, string>();
/** The CLI's bundle inside lib/ (scripts/compile.mjs): made from the code, not part of it. */
const CLI_BUNDLE_PREFIX = 'bundle/';

/**
 * A hash of Hashmark's own compiled files (a few hundred KB, read once per process). Everything
 * derived and kept between builds (page keys, remembered related posts, parsed posts) depends on the
 * code that made it, so an upgrade never reuses what old code produced. Contents, not times:
 * recompiling the same code must not invalidate anything.
 */
export function codeFingerprint(): string {
  return libFingerprint(codeDirOf(import.meta.url)); // lib/ (or src/ under tests)
}

/**
 * The fingerprint of the code in `top`; bundles made from that code (`*.bundle.js`, the CLI's
 * `bundle/`) are left out, and so are type declarations (`*.d.ts`), which change no behaviour:
 * every build reads this before its posts, and they were a sixth of the bytes.
 */
export function libFingerprint(top: string): string {
  const known = fingerprints.get(top);
  if (known !== undefined) return known;
  const hash = createHash('sha1');
  for (const rel of listFileTree(top)) {
    if (/\.(js|ts)$/.test(rel) && !rel.endsWith('.d.ts') && !rel.endsWith('.bundle.js') && !rel.startsWith(CLI_BUNDLE_PREFIX)) hash.update(`${rel}\0`).update(readFileSync(path.join(top, rel)));
  }
  const fingerprint = hash.digest('base64url');
  fingerprints.set(top, fingerprint);
  return fingerprint;
}
