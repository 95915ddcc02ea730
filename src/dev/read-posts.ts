import path from 'node:path';
import { loadPosts, readPost, type Post } from '../content/index.js';
import type { Diagnostic } from '../diagnostics.js';
import type { PostRecord } from './plan.js';

/** Reads one post file; a post whose parse had errors is left out, as the build leaves it out. */
export function readDevPost(absPath: string, root: string, contentDir: string): { post?: Post; diagnostics: Diagnostic[] } {
  const read = readPost(absPath, root, contentDir);
  return read.post && read.clean ? { post: read.post, diagnostics: read.diagnostics } : { diagnostics: read.diagnostics };
}

/**
 * Reads and validates every post into records by source path (without their Markdown rendered);
 * files that did not load keep their diagnostics, so fixing them later replaces those. Returns the
 * posts read, in load order.
 */
export function readAllPosts(root: string, contentDir: string, records: Map<string, PostRecord>): Post[] {
  const loaded = loadPosts({ root, contentDir, foldIgnored: false });
  const byFile = new Map<string, Diagnostic[]>();
  const dupes = new Set<string>();
  for (const d of loaded.diagnostics) {
    // Duplicate slugs are worked out again across the whole set after every change.
    if (d.code === 'duplicate-slug') {
      dupes.add(d.file);
      continue;
    }
    byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
  }
  const posts = [...loaded.value];
  // loadPosts leaves the second post of a duplicate pair out; the session keeps both and reports the clash.
  for (const file of dupes) {
    const post = readDevPost(path.resolve(root, file), root, contentDir).post;
    if (post) posts.push(post);
  }
  for (const [file, diagnostics] of byFile) records.set(file, { diagnostics });
  for (const post of posts) records.set(post.source, { diagnostics: byFile.get(post.source) ?? [], post });
  return posts;
}
