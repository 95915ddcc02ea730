/**
 * The widths to make of an image `original` pixels wide: every setting narrower than it, plus the
 * original width itself when it is no wider than the largest setting (never upscaled, and a phone
 * still gets the whole image in a modern format). Sorted, without repeats.
 */
export function chooseWidths(original: number, settings: readonly number[]): number[] {
  const sorted = [...new Set(settings)].sort((a, b) => a - b);
  const largest = sorted[sorted.length - 1] ?? 0;
  const out = sorted.filter((width) => width < original);
  if (original <= largest) out.push(original);
  return out;
}
