// @ts-check
// A seeded PRNG so every corpus is byte-identical across runs and machines (Math.random is never used).

/**
 * @typedef {object} Rng
 * @property {() => number} next  uniform in [0, 1)
 * @property {(n: number) => number} int  uniform integer in [0, n)
 * @property {(lo: number, hi: number) => number} range  uniform integer in [lo, hi]
 * @property {<T>(items: readonly T[]) => T} pick
 * @property {(p: number) => boolean} chance
 */

/**
 * mulberry32: tiny, fast and well distributed enough for text generation.
 * @param {number} seed 32-bit seed
 * @returns {Rng}
 */
export function createRng(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (/** @type {number} */ n) => Math.floor(next() * n);
  return {
    next,
    int,
    range: (lo, hi) => lo + int(hi - lo + 1),
    pick: (items) => /** @type {any} */ (items[int(items.length)]),
    chance: (p) => next() < p,
  };
}

/**
 * A per-post seed derived from the corpus seed and the post index, so post i is the same in every
 * corpus size (the 1000-post corpus is a prefix of the 4000-post one).
 * @param {number} seed
 * @param {number} index
 */
export function postSeed(seed, index) {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ index, 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}
