import type { RenderedBody } from './types.js';

/** The body of a post that could not be rendered. */
export function emptyBody(): RenderedBody {
  return { html: '', toc: [], words: 0, readingMinutes: 0, excerpt: '' };
}
