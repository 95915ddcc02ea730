import { distance } from 'fastest-levenshtein';

/** Edit distance where swapping two neighbouring letters (`titel`) counts as one typo, not two. */
function typoDistance(a: string, b: string): number {
  const d = distance(a, b);
  if (d !== 2 || a.length !== b.length) return d;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2) ? 1 : d;
}

/**
 * The known name the user most likely meant, or undefined when nothing is close enough to be a typo
 * (a wild guess is worse than no suggestion). `maxDistance` defaults to 2, or a third of the input's length.
 */
export function didYouMean(
  input: string,
  candidates: readonly string[],
  options: { maxDistance?: number } = {},
): string | undefined {
  if (candidates.length === 0 || input === '') return undefined;
  const lower = input.toLowerCase();
  const limit = options.maxDistance ?? Math.max(2, Math.floor(lower.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = typoDistance(lower, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best !== undefined && bestDistance <= limit) return best;
  // An abbreviation such as `#desc` is a prefix of what was meant.
  if (lower.length >= 3) return candidates.find((c) => c.startsWith(lower));
  return undefined;
}


