import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldTags, type Post } from '../../../src/content/index.js';

/** The rule as documented: walk the posts by source path; per slug, the first form met wins. */
function expectedForms(posts: ReadonlyArray<{ source: string; tags: ReadonlyArray<{ name: string; slug: string }> }>): Map<string, string> {
  const forms = new Map<string, string>();
  const bySource = [...posts].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  for (const post of bySource) for (const tag of post.tags) if (!forms.has(tag.slug)) forms.set(tag.slug, tag.name);
  return forms;
}

// Few slugs and spellings, so posts share slugs under different names, in every order.
const tag = fc.record({ slug: fc.constantFrom('kafka', 'go', 'c-sharp'), name: fc.constantFrom('Kafka', 'KAFKA', 'Go', 'go', 'C#', 'c#') });
const posts = fc.uniqueArray(
  fc.record({ source: fc.stringMatching(/^content\/[a-c/]{1,4}\.md$/), tags: fc.array(tag, { maxLength: 4 }) }),
  { selector: (p) => p.source, maxLength: 12 },
);

describe('foldTags', () => {
  it('gives every slug the form of the post whose source sorts first, whatever the order of the posts', () => {
    fc.assert(
      fc.property(posts, (drafts) => {
        const given = drafts.map((d) => ({ ...d, tags: d.tags.map((t) => ({ ...t })) }) as unknown as Post);
        foldTags(given);
        const forms = expectedForms(drafts);
        given.forEach((post, i) => {
          expect(post.tags.map((t) => t.slug)).toEqual(drafts[i]!.tags.map((t) => t.slug));
          for (const t of post.tags) expect(t.name).toBe(forms.get(t.slug));
        });
        // One shared, frozen Tag per slug.
        const bySlug = new Map<string, object>();
        for (const t of given.flatMap((p) => p.tags)) {
          expect(Object.isFrozen(t)).toBe(true);
          expect(bySlug.get(t.slug) ?? t).toBe(t);
          bySlug.set(t.slug, t);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the first of two spellings within the first post', () => {
    const given = [
      { source: 'content/b.md', tags: [{ name: 'KAFKA', slug: 'kafka' }] },
      { source: 'content/a.md', tags: [{ name: 'Kafka', slug: 'kafka' }, { name: 'kafka', slug: 'kafka' }] },
    ] as unknown as Post[];
    foldTags(given);
    expect(given.flatMap((p) => p.tags.map((t) => t.name))).toEqual(['Kafka', 'Kafka', 'Kafka']);
  });
});
