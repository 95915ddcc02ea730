// @ts-check
// Writes one corpus three ways: Hashmark's sectioned `#name` files, and Markdown with YAML front
// matter for Eleventy and Hugo. Bodies are byte-identical in all three.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** @typedef {import('./corpus.mjs').BenchPost} BenchPost */

/** @param {BenchPost} post */
export function hashmarkFileName(post) {
  return `${post.date}-${post.slug}.txt`;
}

/** @param {BenchPost} post */
export function hashmarkText(post) {
  return [
    '#title', post.title,
    '#description', post.description,
    '#date', post.date,
    '#tags', JSON.stringify(post.tags),
    '#featured', String(post.featured),
    '#body', '', post.body,
  ].join('\n');
}

/** @param {BenchPost} post */
export function frontMatterFileName(post) {
  return `${post.slug}.md`;
}

/**
 * JSON strings are valid YAML double-quoted scalars, so quoting with JSON.stringify is safe.
 * @param {BenchPost} post
 */
export function frontMatterText(post) {
  return [
    '---',
    `title: ${JSON.stringify(post.title)}`,
    `description: ${JSON.stringify(post.description)}`,
    `date: ${post.date}`,
    `slug: ${JSON.stringify(post.slug)}`,
    `tags: ${JSON.stringify(post.tags)}`,
    `featured: ${post.featured}`,
    '---',
    '',
    post.body,
  ].join('\n');
}

/**
 * @param {Iterable<BenchPost>} posts
 * @param {{ hashmark?: string, eleventy?: string, hugo?: string }} dirs  content folders to fill; a subject left out is not written
 */
export function writeCorpus(posts, dirs) {
  for (const dir of Object.values(dirs)) if (dir) mkdirSync(dir, { recursive: true });
  for (const post of posts) {
    if (dirs.hashmark) writeFileSync(path.join(dirs.hashmark, hashmarkFileName(post)), hashmarkText(post));
    if (!dirs.eleventy && !dirs.hugo) continue;
    const fm = frontMatterText(post);
    if (dirs.eleventy) writeFileSync(path.join(dirs.eleventy, frontMatterFileName(post)), fm);
    if (dirs.hugo) writeFileSync(path.join(dirs.hugo, frontMatterFileName(post)), fm);
  }
}
