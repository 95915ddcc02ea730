import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Liquid } from '../../../src/vendor/liquid.js';
import { describe, expect, it } from 'vitest';
import { isWide, markWide, namedViewFields, summaryFields, ViewWatch } from '../../../src/render/view-fields.js';
import type { PlainDate } from '../../../src/content/types.js';
import type { PostView } from '../../../src/render/types.js';

const view: PostView = {
  slug: 'a', title: 'A', summary: 'S', description: 'D', excerpt: 'E', date: '2024-01-01' as PlainDate, updated: null, authors: null,
  tags: [{ name: 'T', slug: 't', url: '/tags/t/' }], featured: false, draft: false, scheduled: false,
  readingMinutes: 2, words: 300, url: '/posts/a/', image: null,
};

/** Renders `source` with `posts` watched as a list page's posts are. */
function render(source: string, allowed: Set<keyof PostView>, how: 'wrap' | 'copy' = 'wrap'): { html: string; violated: boolean } {
  const watch = new ViewWatch(allowed);
  const liquid = new Liquid({ strictVariables: true, ownPropertyOnly: true });
  const html = liquid.parseAndRenderSync(source, { posts: [watch[how](view)] }) as string;
  return { html, violated: watch.violated };
}

describe('view fields', () => {
  it('are the fields the Liquid markup names, not words of the page text', () => {
    const templates = new Map([
      ['list.liquid', 'Count the words here. {% for post in posts %}{{ post.title }} {{ post["date"] }}{% endfor %}'],
      ['card.liquid', '{% assign by = posts | sort: "readingMinutes" %}{{ page.url }}'],
    ]);
    expect([...namedViewFields(templates)].sort()).toEqual(['date', 'readingMinutes', 'title', 'url']);
  });

  it('map to the summary fields they are made from', () => {
    expect(summaryFields(new Set(['summary', 'title']))).toEqual(['description', 'excerpt', 'title']);
  });

  it.each(['wrap', 'copy'] as const)('are watched (%s): named reads pass, other reads and whole-post dumps are seen', (how) => {
    const named = new Set<keyof PostView>(['title', 'url']);
    expect(render('{% for p in posts %}<a href="{{ p.url }}">{{ p.title }}</a>{% endfor %}', named, how)).toEqual({
      html: '<a href="/posts/a/">A</a>',
      violated: false,
    });
    const key = 'wo' + 'rds';
    expect(render(`{% assign f = "${key}" %}{% for p in posts %}{{ p[f] }}{% endfor %}`, named, how)).toEqual({ html: '300', violated: true });
    expect(render('{% for p in posts %}{{ p | json }}{% endfor %}', named, how).violated).toBe(true);
    expect(render('{% for p in posts %}{% for pair in p %}{{ pair | last }}{% endfor %}{% endfor %}', named, how).violated).toBe(true);
    expect(render('{% for p in posts %}{{ p | json }}{% endfor %}', new Set(Object.keys(view) as Array<keyof PostView>), how).violated).toBe(false);
  });

  it('copy a view with the same fields, values and order as the view', () => {
    const copy = new ViewWatch(new Set<keyof PostView>(['title'])).copy(view);
    expect(Object.keys(copy)).toEqual(Object.keys(view));
    expect(JSON.stringify(copy)).toBe(JSON.stringify(view));
    expect({ ...copy }).toEqual(view);
  });

  it('are remembered as wide per site key', () => {
    const cache = mkdtempSync(path.join(os.tmpdir(), 'hashmark-wide-'));
    expect(isWide(cache, 'site-1')).toBe(false);
    markWide(cache, 'site-1');
    expect(isWide(cache, 'site-1')).toBe(true);
    expect(isWide(cache, 'site-2')).toBe(false);
    expect(isWide(null, 'site-1')).toBe(false);
    // Only the latest site's mark is kept, and a damaged one reads as not wide.
    markWide(cache, 'site-2');
    expect(isWide(cache, 'site-1')).toBe(false);
    expect(isWide(cache, 'site-2')).toBe(true);
    const folder = path.join(cache, 'wide-templates.v2');
    const [mark] = readdirSync(folder);
    expect(readdirSync(folder)).toHaveLength(1);
    writeFileSync(path.join(folder, mark!), 'hm1 0 not-the-checksum\n');
    expect(isWide(cache, 'site-2')).toBe(false);
    rmSync(cache, { recursive: true, force: true });
  });
});
