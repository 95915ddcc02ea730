import { describe, expect, it } from 'vitest';
import { generatePost, type BenchPost } from '../../../bench/lib/corpus.mjs';

const SAMPLE = 400;
const posts = (profile: 'standard' | 'light', seed?: number): BenchPost[] =>
  Array.from({ length: SAMPLE }, (_, i) => generatePost(i, seed, profile));
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const bytes = (p: BenchPost): number => Buffer.byteLength(p.body);
/** Markdown links and bare URLs, as the link checker and GFM's autolinks would meet them. */
const links = (p: BenchPost): number => (p.body.match(/\]\(/g) ?? []).length + (p.body.match(/ https?:\/\//g) ?? []).length;
const codeBlocks = (p: BenchPost): number => (p.body.match(/^```\w+$/gm) ?? []).length;

describe('bench corpus: the light profile', () => {
  const standard = posts('standard');
  const light = posts('light');

  it('is deterministic from the seed, and another seed gives other posts', () => {
    expect(posts('light')).toEqual(light);
    const other = posts('light', 7);
    expect(other.filter((p, i) => p.body === light[i]!.body)).toHaveLength(0);
  });

  it('keeps the standard profile the default', () => {
    expect(generatePost(3)).toEqual(standard[3]);
    expect(light[3]!.body).not.toBe(standard[3]!.body);
  });

  it('shares titles, slugs, dates and tags with the standard profile, so the sites differ only in bodies', () => {
    light.forEach((p, i) => {
      const s = standard[i]!;
      expect([p.slug, p.title, p.date, p.tags, p.featured]).toEqual([s.slug, s.title, s.date, s.tags, s.featured]);
    });
  });

  it('has as many bytes per post as the standard profile on average (within 5%), spread alike', () => {
    const l = light.map(bytes);
    const s = standard.map(bytes);
    expect(Math.abs(mean(l) / mean(s) - 1)).toBeLessThan(0.05);
    expect(Math.min(...l)).toBeLessThan(mean(s) * 0.7);
    expect(Math.max(...l)).toBeGreaterThan(mean(s) * 1.3);
  });

  it('has about one link per post and at most one small code block', () => {
    expect(mean(light.map(links))).toBeCloseTo(1, 5);
    expect(mean(standard.map(links))).toBeGreaterThan(5);
    expect(Math.max(...light.map(codeBlocks))).toBe(1);
    const withCode = light.filter((p) => codeBlocks(p) === 1).length / SAMPLE;
    expect(withCode).toBeGreaterThan(0.3);
    expect(withCode).toBeLessThan(0.7);
    expect(mean(standard.map(codeBlocks))).toBeGreaterThan(1.5);
    for (const p of light) {
      const block = /^```\w+\n([\s\S]*?)\n```$/m.exec(p.body);
      if (block) expect(block[1]!.split('\n').length).toBeLessThanOrEqual(6);
    }
  });

  it('writes short paragraphs: three sentences at most, plus the intro’s link sentence', () => {
    for (const p of light) {
      const paragraphs = p.body.split('\n\n').filter((b) => !b.startsWith('#') && !b.startsWith('```'));
      for (const para of paragraphs) expect((para.match(/[.!?](?= |$)/g) ?? []).length).toBeLessThanOrEqual(4);
    }
  });

  it('links only to earlier posts, whose slugs exist in every corpus holding this post', () => {
    const slugs = new Set(light.map((p) => p.slug));
    for (const p of light) {
      for (const m of p.body.matchAll(/\]\(\/posts\/([^/]+)\/\)/g)) {
        expect(slugs.has(m[1]!)).toBe(true);
        expect(light.findIndex((q) => q.slug === m[1])).toBeLessThan(p.index);
      }
    }
  });
});
