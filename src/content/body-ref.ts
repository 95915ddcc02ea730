import { hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { normaliseNewlines } from './read.js';

/**
 * A post's Markdown body, read with `read()`: from memory, or from its file again. A build keeps
 * bodies on disk, since they are most of a site's size while a build needs each one at most once,
 * to render it, and a warm build needs none (figures: bench/RESULTS.md, "Machinery with and without").
 */
export interface BodyRef {
  /** sha256 (hex) of the body: its cache keys need no read. */
  readonly digest: string;
  /** Length in UTF-16 code units, known without reading. */
  readonly length: number;
  /** The body's text; a body on disk that changed since it was validated throws BodyChangedError. */
  read(): string;
}

export function bodyDigest(body: string): string {
  return hash('sha256', body, 'hex');
}

/** A body held in memory (the dev server's, whose edits are compared, and tests'). */
export class TextBody implements BodyRef {
  #digest: string | undefined;

  constructor(readonly text: string) {}

  get digest(): string {
    return (this.#digest ??= bodyDigest(this.text));
  }

  get length(): number {
    return this.text.length;
  }

  read(): string {
    return this.text;
  }
}

/** Where a post's body is in its file. */
export interface BodyLocation {
  absPath: string;
  /** Offset of the body in the decoded, LF-normalised text of the file. */
  start: number;
  /** sha256 (hex) of the body, checked on every read. */
  digest: string;
  /** Length of the body in UTF-16 code units. */
  length: number;
}

/**
 * A body read from its file on each `read()`. One just read may be kept (`kept`) so the Markdown
 * stage need not read its file again; `release()` lets it go (see releaseKeptBodies). A file changed
 * since it was validated is a build racing an editor: an error to report, never a body rendered
 * under another body's cache key.
 */
export class FileBody implements BodyRef {
  readonly absPath: string;
  readonly start: number;
  readonly digest: string;
  readonly length: number;
  #kept: string | undefined;

  constructor(
    at: BodyLocation,
    private readonly source: string,
    kept?: string,
  ) {
    this.absPath = at.absPath;
    this.start = at.start;
    this.digest = at.digest;
    this.length = at.length;
    this.#kept = kept;
  }

  read(): string {
    if (this.#kept !== undefined) return this.#kept;
    let body: string | undefined;
    try {
      // Strict decoding and newline normalisation as when the file was first read (see read.ts).
      const text = normaliseNewlines(new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(this.absPath)));
      body = text.slice(this.start);
    } catch {
      body = undefined;
    }
    if (body === undefined || body.length !== this.length || bodyDigest(body) !== this.digest) throw new BodyChangedError(this.source);
    return body;
  }

  release(): void {
    this.#kept = undefined;
  }

  /** Not the kept text: a post's JSON never carries its body. */
  toJSON(): BodyLocation {
    return { absPath: this.absPath, start: this.start, digest: this.digest, length: this.length };
  }
}

/** The location of a body in its file's text, or undefined when the body is not the text's tail. */
export function locateBody(body: string, absPath: string, text: string): BodyLocation | undefined {
  if (!text.endsWith(body)) return undefined;
  return { absPath, start: text.length - body.length, digest: bodyDigest(body), length: body.length };
}

/**
 * Lets go of the bodies kept in memory for these posts: from then on they are read from their
 * files. After the Markdown stage only a repair needs a body, and a kept body is a slice of its
 * whole file's text, which V8 keeps alive with it.
 */
export function releaseKeptBodies(posts: Iterable<{ body: BodyRef }>): void {
  for (const post of posts) if (post.body instanceof FileBody) post.body.release();
}

export class BodyChangedError extends Error {
  constructor(readonly source: string) {
    super(`${source} changed or disappeared while the site was being built.`);
    this.name = 'BodyChangedError';
  }
}
