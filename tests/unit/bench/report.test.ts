import { describe, expect, it } from 'vitest';
import type { Measurement } from '../../../bench/lib/measure.mjs';
import { acceptance, passSection, totalCpuMs, type Floor, type Pass, type Scenario, type Series } from '../../../bench/lib/report.mjs';

const sample = (wallMs: number, cpuMs: number | null = null, threads: Measurement['threads'] = null): Measurement => ({
  ok: true, wallMs, cpuMs, rssMb: 100, error: '', threads,
});
const series = (subject: Series['subject'], scenario: Scenario, samples: Measurement[]): [string, Series] => [
  `${subject}:${scenario}`, { subject, scenario, samples, error: '' },
];
const floor = (cpuMsPerPost: number): Floor => ({ sample: 300, msPerPost: cpuMsPerPost, cpuMsPerPost, bodyBytesPerPost: 7000, htmlBytesPerPost: 9000 });
const threads = (mainThreadMs: number, unwaitedMs = 0): Measurement['threads'] => ({ mainThreadMs, processMs: 0, childrenMs: 0, unwaitedMs });

/** A 4000-post pass: Eleventy 9 s for every build, Hugo 2 s. */
function pass(profile: 'standard' | 'light', hm: Partial<Record<Scenario, Measurement>>): Pass {
  return {
    size: 4000,
    profile,
    outputs: new Map(),
    series: new Map([
      ...Object.entries(hm).map(([scenario, m]) => series('hashmark', scenario as Scenario, [m])),
      series('eleventy', 'warm', [sample(9000)]),
      series('eleventy', 'post', [sample(9000)]),
      series('hugo', 'warm', [sample(2000)]),
    ]),
  };
}

describe('bench report', () => {
  it('counts a child still running at exit in the build’s CPU, which GNU time leaves out', () => {
    expect(totalCpuMs(sample(1000, 5000, threads(800, 700)))).toBe(5700);
    expect(totalCpuMs(sample(1000, 5000))).toBe(5000);
    expect(totalCpuMs(sample(1000, null, { mainThreadMs: 800, processMs: 4000, childrenMs: 300, unwaitedMs: 200 }))).toBe(4500);
    expect(totalCpuMs(sample(1000))).toBeNull();
  });

  it('judges each of issue 20’s thresholds per profile', () => {
    const good = pass('standard', {
      warm: sample(180),
      post: sample(1300),
      template: sample(2600),
      // Floor 8 ms × 4000 ÷ 2 cores = 16 s; 1.5× that is 24 s.
      cold: sample(23_000, 40_000, threads(6_000, 2_000)),
    });
    const bad = pass('light', { warm: sample(950), post: sample(1400), template: sample(2800), cold: sample(25_000, 40_000, threads(9_000)) });
    const lines = acceptance([good, bad], new Map([['standard', floor(8)], ['light', floor(8)]]), 2).join('\n');
    const [standard, light] = lines.split('### light profile');
    expect(standard).toMatch(/Nothing changed ≤ 0\.1× Eleventy \(warm\): 0\.020× \(limit 0\.1×\): pass/);
    expect(standard).toMatch(/Nothing changed ≤ 0\.1× Hugo \(warm\): 0\.090× \(limit 0\.1×\): pass/);
    expect(standard).toMatch(/One post changed ≤ 0\.15× Eleventy.*: 0\.144× .*: pass/);
    expect(standard).toMatch(/One template changed ≤ 0\.3× Eleventy.*: 0\.289× .*: pass/);
    expect(standard).toMatch(/Cold ≤ 1\.5 × floor CPU ÷ 2 cores.*: 1\.438× .*: pass/);
    // 6 s of 40 + 2 s (the unwaited child) = 14.3%.
    expect(standard).toMatch(/main thread ≤ 20% of the build's CPU: 14\.3% \(limit 20%\): pass/);
    expect(light).toMatch(/Nothing changed ≤ 0\.1× Hugo \(warm\): 0\.475× .*: \*\*fail\*\*/);
    expect(light).toMatch(/Cold ≤ 1\.5 × floor CPU.*: 1\.563× .*: \*\*fail\*\*/);
    expect(light).toMatch(/main thread ≤ 20% of the build's CPU: 22\.5% .*: \*\*fail\*\*/);
    expect(lines).not.toMatch(/4000 not run/);
  });

  it('says when 4000 posts were not run, and what it did not measure', () => {
    const small = { ...pass('standard', { warm: sample(100) }), size: 200 };
    const lines = acceptance([small], new Map([['standard', null]]), 2).join('\n');
    expect(lines).toMatch(/standard profile, 200 posts \(\*\*4000 not run\*\*/);
    expect(lines).toMatch(/Cold ≤ 1\.5 × floor CPU ÷ 2 cores.*: not measured/);
    expect(lines).toMatch(/10 posts cold .*: not measured/);
  });

  it('reports the cold build with one worker and the default, and the 16-core prediction', () => {
    const p = pass('light', { cold1: sample(60_000, 50_000, threads(10_000)), cold: sample(36_000, 55_000, threads(11_000)) });
    const text = passSection(p, floor(8), { cores: 2, workers: 2 }).join('\n');
    expect(text).toContain('## 4000 posts, light profile');
    expect(text).toMatch(/\| 1 \(`--jobs 1`\) \| 60\.00 s \| 50\.00 s \| 10\.00 s \| 20\.0% \|/);
    expect(text).toMatch(/\| 2 \(default: one per core\) \| 36\.00 s \| 55\.00 s \| 11\.00 s \| 20\.0% \|/);
    // e = 2 × 36 / 60 − 1 = 0.2; T16 = 60 × (0.2 + 0.8 / 16) = 15 s, above the main thread's 11 s.
    expect(text).toMatch(/serial fraction e = 0\.200; predicted on 16 cores: \*\*15\.00 s, 4\.000× over one worker\*\* \(bound: amdahl\)/);
  });
});
