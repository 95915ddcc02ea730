import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSource, tagSlug, validateDraft, type SourceFile } from '../../../src/content/index.js';

function source(text: string): SourceFile {
  return { absPath: '/site/content/generated.md', path: 'content/generated.md', text, assets: [] };
}

function parseAndValidate(text: string) {
  const parsed = parseSource(source(text));
  return parsed.value ? validateDraft(parsed.value) : parsed;
}

// Text shaped like posts, so the generator reaches markers, JSON and YAML rather than only noise.
const fragment = fc.oneof(
  fc.string(),
  fc.constantFrom('#title', '#date', '#body', '#tags', '#featured', '#slug', '#titel', '---', '# H', '#Title', '\n', '\r\n', '\r'),
  fc.constantFrom('2024-02-30', '2024-02-05', '["a", "b"]', '[1,', 'true', 'yes', 'date: 2024-02-30', 'tags: [a', '\uFEFF'),
);
const postLike = fc.array(fragment, { maxLength: 30 }).map((parts) => parts.join('\n'));

describe('parser properties', () => {
  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), postLike), (text) => {
        const result = parseAndValidate(text);
        for (const d of result.diagnostics) {
          expect(d.file).toBe('content/generated.md');
          expect(d.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 2000 },
    );
  });

  const line = fc
    .string({ minLength: 1, maxLength: 40 })
    .map((s) => s.replace(/[\u0000-\u001f\u007f]/g, '').trim())
    .filter((s) => s !== '' && !s.startsWith('#'));
  const date = fc
    .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2999-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
  const tag = line.filter((s) => tagSlug(s) !== '');
  const post = fc.record({
    title: line,
    description: fc.option(line, { nil: undefined }),
    date,
    tags: fc.uniqueArray(tag, { maxLength: 5, selector: (t) => tagSlug(t) }),
    featured: fc.boolean(),
    draft: fc.boolean(),
    slug: fc.constantFrom('a-post', 'über-café', 'x_1'),
    body: fc.string().filter((b) => b.trim() !== ''),
  });

  it('reads back the record a generated post was written from', () => {
    fc.assert(
      fc.property(post, (p) => {
        const text = [
          '#title', p.title,
          ...(p.description === undefined ? [] : ['#description', p.description]),
          '#date', p.date,
          '#tags', JSON.stringify(p.tags),
          '#featured', String(p.featured),
          '#draft', String(p.draft),
          '#slug', p.slug,
          '#body', p.body,
        ].join('\n');
        const result = parseAndValidate(text);
        expect(result.diagnostics).toEqual([]);
        expect(result.value).toMatchObject({
          title: p.title,
          description: p.description ?? '',
          date: p.date,
          tags: p.tags.map((name) => ({ name, slug: tagSlug(name) })),
          featured: p.featured,
          draft: p.draft,
          slug: p.slug,
          bodyLine: p.description === undefined ? 14 : 16,
        });
        expect(result.value && 'slug' in result.value ? result.value.body.read() : undefined).toBe(p.body);
      }),
      { numRuns: 500 },
    );
  });
});
