import { describe, expect, it } from 'vitest';
import { planSite } from '../../../src/site/index.js';
import { relatedPosts, WINDOW } from '../../../src/site/related.js';
import type { PostPageData } from '../../../src/site/types.js';
import { config, post, publishedOnly } from './posts.js';

function relatedOf(slug: string, limit: number, input: ReturnType<typeof post>[]): string[] {
  const { value } = planSite(input, config({ relatedPosts: limit }), publishedOnly);
  const page = value.pages.find((p) => p.file === `posts/${slug}/index.html`)!;
  return (page.data as PostPageData).related.map((p) => p.slug);
}

describe('related posts', () => {
  // N = 7. common is on 5 posts: weight ln(1 + 7/5) = ln 2.4 ≈ 0.875.
  // rare is on 3 posts: weight ln(1 + 7/3) ≈ 1.204. For p: q shares both (≈ 2.079), b shares rare
  // (≈ 1.204), a, c and d share common (≈ 0.875, ties broken newest first), e shares nothing.
  const input = [
    post('a', '2024-06-01', { tags: ['common'] }),
    post('c', '2024-05-01', { tags: ['common'] }),
    post('d', '2024-04-01', { tags: ['common'] }),
    post('p', '2024-03-01', { tags: ['common', 'rare'] }),
    post('e', '2024-02-01', { tags: ['solo'] }),
    post('b', '2024-01-01', { tags: ['rare'] }),
    post('q', '2023-12-01', { tags: ['rare', 'common'] }),
  ];

  it('ranks a rare shared tag above a common one, whatever the dates', () => {
    expect(relatedOf('p', 3, input)).toEqual(['q', 'b', 'a']);
  });

  it('breaks equal scores by date, newest first, then by slug', () => {
    expect(relatedOf('p', 5, input)).toEqual(['q', 'b', 'a', 'c', 'd']);
    const sameDay = [
      post('x', '2024-01-01', { tags: ['t'] }),
      post('n', '2024-01-02', { tags: ['t'] }),
      post('m', '2024-01-02', { tags: ['t'] }),
    ];
    expect(relatedOf('x', 3, sameDay)).toEqual(['m', 'n']);
  });

  it('never relates a post that shares no tag', () => {
    expect(relatedOf('p', 20, input)).not.toContain('e');
    expect(relatedOf('e', 20, input)).toEqual([]);
  });

  it('shows none when relatedPosts is 0', () => {
    expect(relatedOf('p', 0, input)).toEqual([]);
  });

  it('stays within a linear bound when one tag is on every post', () => {
    const tags = Array.from({ length: 20_000 }, (_, i) => ['everywhere', `t${i % 50}`]);
    const started = performance.now();
    const result = relatedPosts({ tags }, 3);
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(result[0]).toHaveLength(3);
    // Post 0's best matches share both of its tags (t0 repeats every 50 posts).
    expect(result[0]).toEqual([50, 100, 150]);
    expect(WINDOW).toBeGreaterThan(50);
  });
});
