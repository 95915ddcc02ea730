// @ts-check
// The cold build's scaling model: Amdahl's law with the serial fraction taken from the measured
// 1 → p worker speed-up (the Karp–Flatt metric), capped because a build's wall time can never be
// shorter than the CPU time its main thread spends.

/** One line for the report: how the prediction is made. */
export const MODEL = "Amdahl's law T(n) = T1 · (e + (1 − e) / n), the serial fraction e from the measured 1 → p worker speed-up (Karp–Flatt), and never below the main thread's CPU time";

/**
 * Serial fraction e of a build measured with 1 and with p workers: from T(p) = T1 · (e + (1 − e) / p),
 * e = (Tp / T1 − 1/p) / (1 − 1/p) (with p = 2: 2 · T2 / T1 − 1), clamped to [0, 1] (a run that
 * scales super-linearly or not at all).
 * @param {number} wall1Ms  wall time with one worker
 * @param {number} wallPMs  wall time with p
 * @param {number} [p]
 */
export function serialFraction(wall1Ms, wallPMs, p = 2) {
  return Math.min(1, Math.max(0, (wallPMs / wall1Ms - 1 / p) / (1 - 1 / p)));
}

/**
 * @typedef {object} Prediction
 * @property {number} serialFraction
 * @property {number} wallMs     predicted wall time on `cores` cores
 * @property {number} speedup    over the one-worker build
 * @property {'amdahl' | 'main thread'} limit  which bound set the prediction
 */

/**
 * @param {{ wall1Ms: number, wall2Ms: number, workers?: number, mainThreadMs: number, cores: number }} m
 *   wall2Ms: wall time with `workers` (default 2); mainThreadMs: the main thread's CPU time in a
 *   build (it does not shrink with more workers)
 * @returns {Prediction}
 */
export function predictScaling(m) {
  const e = serialFraction(m.wall1Ms, m.wall2Ms, m.workers ?? 2);
  const amdahl = m.wall1Ms * (e + (1 - e) / m.cores);
  const floor = Number.isFinite(m.mainThreadMs) ? m.mainThreadMs : 0;
  const wallMs = Math.max(amdahl, floor);
  return { serialFraction: e, wallMs, speedup: m.wall1Ms / wallMs, limit: amdahl >= floor ? 'amdahl' : 'main thread' };
}
