import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPosts } from '../../../src/content/index.js';

function site(files: Record<string, string>) {
  const root = mkdtempSync(path.join(os.tmpdir(), 'hashmark-url-fields-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, 'content', name)), { recursive: true });
    writeFileSync(path.join(root, 'content', name), text);
  }
  return loadPosts({ root, contentDir: 'content' });
}

const fm = (lines: string): string => `---\ntitle: T\ndate: 2024-01-02\n${lines}\n---\nBody\n`;

describe('a post\'s own URL and old URLs', () => {
  it('reads Hugo\'s url, Jekyll\'s permalink and redirect_from, Zola\'s path and aliases, and #url / #aliases', () => {
    const loaded = site({
      'hugo.md': fm('url: /2020/hugo-post/\naliases: [/old/hugo/, "old.html"]'),
      'jekyll.md': fm('permalink: /jekyll.html\nredirect_from: /j/'),
      'blog/zola/index.md': fm('path: 2024/11/07/gsoc-2024-results'),
      'sectioned.md': '#title\nS\n#date\n2024-01-03\n#url\n/s/\n#aliases\n/s-old/\n/s-older.html\n#body\nx\n',
      'plain.md': fm(''),
    });
    expect(loaded.diagnostics).toEqual([]);
    const bySlug = Object.fromEntries(loaded.value.map((p) => [p.slug, { url: p.url, aliases: p.aliases, section: p.section }]));
    expect(bySlug).toEqual({
      // An alias without a leading `/` stays relative: the site stage places it (`relativeAliases`).
      hugo: { url: '/2020/hugo-post/', aliases: ['/old/hugo/', 'old.html'], section: undefined },
      jekyll: { url: '/jekyll.html', aliases: ['/j/'], section: undefined },
      zola: { url: '/2024/11/07/gsoc-2024-results/', aliases: undefined, section: 'blog' },
      sectioned: { url: '/s/', aliases: ['/s-old/', '/s-older.html'], section: undefined },
      plain: { url: undefined, aliases: undefined, section: undefined },
    });
  });

  it('reports a URL that leaves the site, a malformed one, a token and a URL given twice, each at its line', () => {
    const loaded = site({
      'a.md': fm('url: //other.example/a/'),
      'b.md': fm('aliases: [/ok/, "/x/../../y/"]'),
      'c.md': fm('permalink: /:year/:title/'),
      'd.md': fm('url: /d/\npath: d2'),
      'e.md': fm('redirect_from: /e?x=1'),
      'f.md': fm('permalink: false'),
      'g.md': fm('permalink: "/blog/{{ title | slugify }}/"'),
    });
    const shown = loaded.diagnostics.map((d) => `${d.file}:${d.line} ${d.code}`);
    expect(shown).toEqual([
      'content/a.md:4 invalid-url',
      'content/b.md:4 invalid-url',
      'content/c.md:4 invalid-url',
      'content/d.md:5 invalid-url',
      'content/e.md:4 invalid-url',
      'content/f.md:4 invalid-url',
      'content/g.md:4 invalid-url',
    ]);
    expect(loaded.diagnostics.every((d) => (d.hint ?? '').length > 0)).toBe(true);
    expect(loaded.diagnostics[0]!.message).toMatch(/another origin/);
    expect(loaded.diagnostics[3]!.message).toMatch(/`url` and `path`/);
    expect(loaded.diagnostics[5]!.hint).toMatch(/draft: true/);
    expect(loaded.diagnostics[6]!.message).toMatch(/is a template/);
    expect(loaded.value).toEqual([]);
  });

  it('keeps a full http(s) URL for the plan to check against the site\'s origin', () => {
    const loaded = site({ 'a.md': fm('url: https://blog.example/2024/a\naliases: ["https://blog.example/old/a.html"]') });
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.value[0]).toMatchObject({ url: 'https://blog.example/2024/a/', aliases: ['https://blog.example/old/a.html'] });
    expect(site({ 'b.md': fm('url: https://blog.example/b/?x=1') }).diagnostics.map((d) => d.code)).toEqual(['invalid-url']);
  });

  it('keeps the own URL of a post left out for another error, so links to it are not reported', () => {
    const loaded = site({ 'bad.md': '---\ntitle: T\ndate: 2024-02-30\nurl: /kept/\n---\nx\n' });
    expect(loaded.leftOut).toEqual(['bad']);
    expect(loaded.leftOutUrls).toEqual(['/kept/']);
  });

  it('lets posts with their own URLs share a slug (made unique inside the build); without one it stays an error', () => {
    const shared = site({
      '2023-05-01-weekly.md': fm('url: /2023/weekly/'),
      '2024-05-01-weekly.md': fm('url: /2024/weekly/'),
    });
    expect(shared.diagnostics).toEqual([]);
    expect(shared.value.map((p) => [p.url, p.slug]).sort()).toEqual([['/2023/weekly/', 'weekly'], ['/2024/weekly/', 'weekly--2']]);
    const clash = site({ '2023-05-01-weekly.md': fm(''), '2024-05-01-weekly.md': fm('') });
    expect(clash.diagnostics.map((d) => d.code)).toEqual(['duplicate-slug']);
  });
});
