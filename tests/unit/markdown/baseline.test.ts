import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { featuresOf } from '../../../src/markdown/features.js';
import { createMarkdownRenderer } from '../../../src/markdown/renderer.js';
import { OPTIONS } from './helpers.js';

// tests/fixtures/markdown-baseline/baseline.json was made by the pipeline before alerts, math,
// code block headers, diagrams, embeds and user plugins existed (its make.mjs says how).
const baseline = JSON.parse(readFileSync(new URL('../../fixtures/markdown-baseline/baseline.json', import.meta.url), 'utf8')) as Record<
  string,
  { html: string; diagnostics: string[] }
>;
const root = new URL('../../../', import.meta.url);
const renderer = createMarkdownRenderer(OPTIONS);
const render = (source: string) => renderer.render({ title: 'A Post', body: readFileSync(new URL(source, root), 'utf8'), bodyLine: 1, source });

/** The code block header is the one change a post with fenced code and nothing else gets. */
function withoutCodeHeaders(html: string): string {
  return html.replace(/<div class="code-block"><div class="code-header">(?:<span class="code-(?:title|lang)">[^<]*<\/span>)*<\/div>(<pre>[\s\S]*?<\/pre>)<\/div>/g, '$1');
}

describe('posts without the new features', () => {
  const sources = Object.keys(baseline);
  it('covers the sample site and every fixture', () => {
    expect(sources.length).toBeGreaterThan(25);
  });

  for (const source of sources) {
    it(`${source} renders as before`, () => {
      const body = readFileSync(new URL(source, root), 'utf8');
      const { value, diagnostics } = render(source);
      const features = featuresOf(body);
      const expected = baseline[source]!;
      // The one new diagnostic: raw HTML the sanitiser removed is now reported (it was removed silently).
      const old = diagnostics.filter((d) => d.code !== 'removed-html');
      expect(old.map((d) => `${d.code}:${d.line ?? ''}`)).toEqual(expected.diagnostics);
      const removed = diagnostics.filter((d) => d.code === 'removed-html');
      for (const d of removed) expect(d.message).toMatch(/<(script|style|iframe|object|embed|form|input|svg|math|foo|textarea|button|select|meta|link|base)\b/);
      if (!features.code) expect(value.html).toBe(expected.html);
      else expect(withoutCodeHeaders(value.html)).toBe(expected.html);
    });
  }
});
