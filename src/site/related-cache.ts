import { hash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../atomic-file.js';
import { relatedPosts, WINDOW, type RelatedInput } from './related.js';

/**
 * Related posts remembered in `<cacheDir>/related/<key>`, keyed by every post's tags in post order,
 * the limit and the code's version: the answer depends on nothing else, and working it out is the
 * largest part of planning a site of thousands of posts, while an edit rarely touches tags.
 *
 * Layout: `<sha256 of payload>\n<payload>`, the payload JSON `number[][]`. An entry that fails its
 * checksum or does not fit the site (wrong length, an index out of range) is worked out again.
 */
export function cachedRelatedPosts(cacheDir: string | null, version: string): typeof relatedPosts {
  if (cacheDir === null) return relatedPosts;
  return (input: RelatedInput, limit: number): number[][] => {
    const dir = join(cacheDir, 'related');
    const key = hash('sha256', JSON.stringify([version, WINDOW, limit, input.tags]), 'hex').slice(0, 32);
    const file = join(dir, key);
    const known = readEntry(file, input.tags.length, limit);
    if (known) return known;
    const result = relatedPosts(input, limit);
    writeEntry(dir, key, result);
    return result;
  };
}

function readEntry(file: string, posts: number, limit: number): number[][] | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const newline = text.indexOf('\n');
  const payload = text.slice(newline + 1);
  if (newline !== 64 || hash('sha256', payload, 'hex') !== text.slice(0, 64)) return undefined;
  try {
    const value = JSON.parse(payload) as unknown;
    if (!Array.isArray(value) || value.length !== posts) return undefined;
    for (const list of value) {
      if (!Array.isArray(list) || list.length > limit) return undefined;
      for (const index of list) if (!Number.isInteger(index) || index < 0 || index >= posts) return undefined;
    }
    return value as number[][];
  } catch {
    return undefined;
  }
}

/** Atomic, and the only entry kept: an older site's answer is never asked for again. */
function writeEntry(dir: string, key: string, result: number[][]): void {
  const payload = JSON.stringify(result);
  // The cache only saves time: a failed write is forgotten.
  if (!writeFileAtomic(join(dir, key), `${hash('sha256', payload, 'hex')}\n${payload}`)) return;
  try {
    for (const name of readdirSync(dir)) if (name !== key && !name.endsWith('.tmp')) rmSync(join(dir, name), { force: true });
  } catch {
    // Stale entries only take space.
  }
}
