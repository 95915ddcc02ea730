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

export const WINDOW = 100;

export interface RelatedInput {
  /** Tag slugs of each post, posts in post order (newest first). */
  tags: readonly (readonly string[])[];
}

/** For each post (by index), the indices of its related posts, best first, at most `limit`. */
export function relatedPosts(input: RelatedInput, limit: number): number[][] {
  const n = input.tags.length;
  const result: number[][] = Array.from({ length: n }, () => []);
  if (limit <= 0 || n < 2) return result;

  // Tags as small integers, each post's tag ids sorted: the float sum of a candidate's shared
  // weights then runs in one order, so equal sets of shared tags give equal scores.
  const ids = new Map<string, number>();
  const postTags: Int32Array[] = input.tags.map((tags) => {
    const own = new Set<number>();
    for (const tag of tags) {
      let id = ids.get(tag);
      if (id === undefined) ids.set(tag, (id = ids.size));
      own.add(id);
    }
    return Int32Array.from(own).sort();
  });
  const postings: number[][] = Array.from({ length: ids.size }, () => []);
  postTags.forEach((tags, index) => {
    for (const id of tags) postings[id]!.push(index);
  });
  const weight = postings.map((list) => Math.log(1 + n / list.length));

  const seen = new Int32Array(n).fill(-1);
  const mark = new Int32Array(ids.size).fill(-1);
  for (let index = 0; index < n; index++) {
    const own = postTags[index]!;
    for (const id of own) mark[id] = index;
    const best: Array<{ index: number; score: number }> = [];
    for (const id of own) {
      const list = postings[id]!;
      const at = lowerBound(list, index);
      const from = Math.max(0, at - WINDOW);
      const to = Math.min(list.length, at + WINDOW + 1);
      for (let k = from; k < to; k++) {
        const other = list[k]!;
        if (other === index || seen[other] === index) continue;
        seen[other] = index;
        const tags = postTags[other]!;
        let score = 0;
        for (let j = 0; j < tags.length; j++) if (mark[tags[j]!] === index) score += weight[tags[j]!]!;
        insertTop(best, other, quantise(score), limit);
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
function insertTop(best: Array<{ index: number; score: number }>, index: number, score: number, limit: number): void {
  let at = best.length;
  while (at > 0) {
    const prev = best[at - 1]!;
    if (prev.score > score || (prev.score === score && prev.index < index)) break;
    at--;
  }
  if (at >= limit) return;
  best.splice(at, 0, { index, score });
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
