import { hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { normaliseNewlines } from './read.js';
import type { Post } from './types.js';

/** Where a post's body is in its file, to read it again when (and only when) it must be rendered. */
export interface BodyLocation {
  absPath: string;
  /** Offset of the body in the decoded, LF-normalised text of the file. */
  start: number;
  /** sha256 (hex) of the body, checked on every read. */
  digest: string;
  /** Length of the body in UTF-16 code units. */
  length: number;
}

export function bodyDigest(body: string): string {
  return hash('sha256', body, 'hex');
}

/** The location of `post.body` in its file's text, or undefined when the body is not the text's tail. */
export function locateBody(post: Post, absPath: string, text: string): BodyLocation | undefined {
  if (!text.endsWith(post.body)) return undefined;
  return { absPath, start: text.length - post.body.length, digest: post.bodyDigest ?? bodyDigest(post.body), length: post.body.length };
}

/**
 * Makes `post.body` read from disk on each use instead of staying in memory: a site's bodies are
 * most of its size (100,000 posts hold about 700 MB of Markdown), while a build needs each one at
 * most once, to render it, and a warm build needs none. The property is not enumerable, so copies
 * made by spreading a post leave it behind rather than reading the file.
 *
 * A file changed since it was validated (its digest differs) is a build racing an editor: that is
 * an error to report, never a body rendered under another body's cache key.
 */
export function makeBodyLazy(post: Post, at: BodyLocation, options: { fromText: boolean; keep?: string } = { fromText: true }): Post {
  const { body: _body, assets, ...fields } = post;
  // The other fields are slices of the file's text, and V8 keeps a slice's whole parent string
  // alive: fresh copies let the text go, or 100,000 posts would keep all their files in memory.
  const own = options.fromText ? (JSON.parse(JSON.stringify(fields)) as typeof fields) : fields;
  // One shared prototype holds the getter: a getter defined on each post would give every post its
  // own hidden class, and every later use of 100,000 posts would be slow.
  const lazy = Object.assign(Object.create(LAZY_BODY) as Post, own, { assets, bodyDigest: at.digest, bodyLength: at.length });
  locations.set(lazy, at);
  if (options.keep !== undefined) kept.set(lazy, options.keep);
  return lazy;
}

/**
 * Lets go of the bodies `makeBodyLazy` was asked to keep for these posts: from then on they are
 * read from their files, like any lazy body. A body just read is kept so the Markdown stage need
 * not read its file again; after that stage only a repair needs it, and a kept body is a slice of
 * its whole file's text, which V8 keeps alive with it.
 */
export function releaseKeptBodies(posts: Iterable<Post>): void {
  for (const post of posts) kept.delete(post);
}

const locations = new WeakMap<object, BodyLocation>();
const kept = new WeakMap<object, string>();

const LAZY_BODY: object = Object.defineProperty({}, 'body', {
  enumerable: false,
  get(this: Post): string {
    const body = kept.get(this);
    if (body !== undefined) return body;
    const at = locations.get(this);
    if (!at) throw new Error('A lazy post body has no location.');
    return readBody(this.source, at);
  },
});

function readBody(source: string, at: BodyLocation): string {
  let body: string | undefined;
  try {
    // Strict decoding and newline normalisation as when the file was first read (see read.ts).
    const text = normaliseNewlines(new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(at.absPath)));
    body = text.slice(at.start);
  } catch {
    body = undefined;
  }
  if (body === undefined || body.length !== at.length || bodyDigest(body) !== at.digest) {
    throw new BodyChangedError(source);
  }
  return body;
}

export class BodyChangedError extends Error {
  constructor(readonly source: string) {
    super(`${source} changed or disappeared while the site was being built.`);
    this.name = 'BodyChangedError';
  }
}
