import { tagSlug } from '../content/slug.js';
import { compareNames, compareStrings } from './order.js';
import type { PostSummary } from './types.js';

export interface AuthorGroup {
  name: string;
  /** URL segment, folded like a tag's (`Ada Lovelace` → `ada-lovelace`). */
  slug: string;
  posts: PostSummary[];
  /** Source of the newest post by the author: where a conflict on the author's paths is reported. */
  source: string;
}

/**
 * The authors that get a page (`/authors/<slug>/`): every author, when the site's posts have more
 * than one between them; none on a one-author blog. A post that names no author is the site author's.
 */
export function groupAuthors(summaries: readonly PostSummary[], siteAuthor: string): AuthorGroup[] {
  const groups = new Map<string, AuthorGroup>();
  // Most posts name no author, or the same few: each name is folded once, not once per post.
  const slugs = new Map<string, string>();
  const slugOf = (name: string): string => {
    let slug = slugs.get(name);
    if (slug === undefined) slugs.set(name, (slug = tagSlug(name)));
    return slug;
  };
  const site = [siteAuthor];
  for (const summary of summaries) {
    for (const name of summary.authors ?? site) {
      const slug = slugOf(name);
      if (slug === '') continue;
      let group = groups.get(slug);
      if (!group) groups.set(slug, (group = { name, slug, posts: [], source: summary.source }));
      if (group.posts[group.posts.length - 1] !== summary) group.posts.push(summary);
    }
  }
  if (groups.size < 2) return [];
  return [...groups.values()].sort((a, b) => compareNames(a.name, b.name) || compareStrings(a.slug, b.slug));
}
