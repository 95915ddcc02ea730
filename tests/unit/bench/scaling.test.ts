import { describe, expect, it } from 'vitest';
import { predictScaling, serialFraction } from '../../../bench/lib/scaling.mjs';

describe('bench: the cold build’s 16-core prediction', () => {
  it('reads the serial fraction from the 1 → 2 worker speed-up', () => {
    expect(serialFraction(100, 50)).toBe(0); // perfect halving
    expect(serialFraction(100, 100)).toBe(1); // no gain at all
    expect(serialFraction(100, 60)).toBeCloseTo(0.2, 10);
    expect(serialFraction(100, 40)).toBe(0); // super-linear is clamped
    expect(serialFraction(100, 130)).toBe(1); // slower with two is clamped
    // Four workers: T4 = T1 · (0.2 + 0.8 / 4) = 40.
    expect(serialFraction(100, 40, 4)).toBeCloseTo(0.2, 10);
  });

  it('predicts by Amdahl’s law when the main thread is not the bound', () => {
    const p = predictScaling({ wall1Ms: 100_000, wall2Ms: 60_000, mainThreadMs: 5_000, cores: 16 });
    // e = 0.2: 100 s × (0.2 + 0.8 / 16) = 25 s, a 4× speed-up.
    expect(p.wallMs).toBeCloseTo(25_000, 6);
    expect(p.speedup).toBeCloseTo(4, 10);
    expect(p.limit).toBe('amdahl');
  });

  it('never predicts a wall time below the main thread’s CPU time', () => {
    const p = predictScaling({ wall1Ms: 100_000, wall2Ms: 51_000, mainThreadMs: 20_000, cores: 16 });
    expect(p.wallMs).toBe(20_000);
    expect(p.speedup).toBe(5);
    expect(p.limit).toBe('main thread');
  });

  it('ignores a main-thread figure that was not measured', () => {
    const p = predictScaling({ wall1Ms: 80_000, wall2Ms: 40_000, mainThreadMs: Number.NaN, cores: 16 });
    expect(p.speedup).toBeCloseTo(16, 10);
  });
});
