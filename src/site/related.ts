/**
 * Related posts by shared tags, rarer tags weighing more.
 *
 * score(p, q) = Σ over tags shared by p and q of log(1 + N / count(tag)), with N the number of
 * published posts: a smoothed IDF, so a tag on every post still counts a little and a post that
 * shares no tag scores nothing and is never related. Ties go to the newer post, then the smaller slug.
 *
 * Bounded: through one tag, a post looks at most {@link WINDOW} posts on each side of it in post
 * order (the chronologically nearest). Tags on fewer than 2 × WINDOW posts are searched exactly;
 * for very common tags this keeps the work linear in the number of posts instead of quadratic.
 */

export const WINDOW = 250;

export interface RelatedInput {
  /** Tag slugs of each post, posts in post order (newest first). */
  tags: readonly (readonly string[])[];
}

/** For each post (by index), the indices of its related posts, best first, at most `limit`. */
export function relatedPosts(input: RelatedInput, limit: number): number[][] {
  const n = input.tags.length;
  const result: number[][] = Array.from({ length: n }, () => []);
  if (limit <= 0 || n < 2) return result;

  const postings = new Map<string, number[]>();
  input.tags.forEach((tags, index) => {
    for (const tag of tags) {
      let list = postings.get(tag);
      if (!list) postings.set(tag, (list = []));
      list.push(index);
    }
  });
  const weight = new Map<string, number>();
  for (const [tag, list] of postings) weight.set(tag, Math.log(1 + n / list.length));

  const seen = new Int32Array(n).fill(-1);
  for (let index = 0; index < n; index++) {
    // A sorted tag list makes the float sum the same for every candidate sharing the same tags.
    const own = [...new Set(input.tags[index])].sort();
    const best: Array<{ index: number; score: number }> = [];
    for (const tag of own) {
      const list = postings.get(tag)!;
      const at = lowerBound(list, index);
      const from = Math.max(0, at - WINDOW);
      const to = Math.min(list.length, at + WINDOW + 1);
      for (let k = from; k < to; k++) {
        const other = list[k]!;
        if (other === index || seen[other] === index) continue;
        seen[other] = index;
        let score = 0;
        for (const t of own) if (input.tags[other]!.includes(t)) score += weight.get(t)!;
        insertTop(best, { index: other, score: quantise(score) }, limit);
      }
    }
    result[index] = best.map((b) => b.index);
  }
  return result;
}

/** Equal sums reached through different tags compare equal. */
function quantise(score: number): number {
  return Math.round(score * 1e9);
}

/** Keeps `best` sorted by score desc, then index asc (post order: newer first, then slug). */
function insertTop(best: Array<{ index: number; score: number }>, item: { index: number; score: number }, limit: number): void {
  let at = best.length;
  while (at > 0) {
    const prev = best[at - 1]!;
    if (prev.score > item.score || (prev.score === item.score && prev.index < item.index)) break;
    at--;
  }
  if (at >= limit) return;
  best.splice(at, 0, item);
  if (best.length > limit) best.pop();
}

function lowerBound(list: readonly number[], value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
