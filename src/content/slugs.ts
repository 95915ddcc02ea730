import type { Diagnostic } from '../diagnostics.js';
import type { FieldPosition, Post } from './types.js';

/**
 * Who owns each slug: the first post to claim it, in the order the caller goes (by source path).
 * Slugs compare case-insensitively: on a case-insensitive file system two would share one folder.
 */
export class SlugClaims {
  private readonly bySlug = new Map<string, Post>();

  /**
   * Claims the post's slug, or returns the duplicate-slug error when another post has it. A post with
   * its own URL (`url`, `permalink`, `path`) does not need its slug for one: a taken slug is made
   * unique (`name--2`) instead, since the slug still names the post inside the build.
   */
  claim(post: Post, slugPosition?: FieldPosition): Diagnostic | undefined {
    const key = post.slug.toLowerCase();
    const first = this.bySlug.get(key);
    if (!first) {
      this.bySlug.set(key, post);
      return undefined;
    }
    if (post.url !== undefined) {
      let n = 2;
      while (this.bySlug.has(`${key}--${n}`)) n++;
      post.slug = `${post.slug}--${n}`;
      this.bySlug.set(post.slug.toLowerCase(), post);
      return undefined;
    }
    return {
      severity: 'error',
      code: 'duplicate-slug',
      message: `The slug \`${post.slug}\` is used by both ${first.source} and ${post.source}.`,
      file: post.source,
      // The `#slug` line when the slug was written, else the file's start: the slug came from its name.
      ...(slugPosition ?? { line: 1, column: 1 }),
      hint: 'Give one of them a different `#slug` (or rename its file); every post needs its own URL.',
    };
  }
}
