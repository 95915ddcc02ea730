import { describe, expect, it } from 'vitest';
import type { LinkData } from '../../../src/links/index.js';
import { LinkTable } from '../../../src/links/index.js';

describe('LinkTable', () => {
  it('gives back each page’s ids, URLs and body URLs as they were set, body URLs absent or empty alike', () => {
    const table = new LinkTable();
    const pages: Record<string, LinkData> = {
      'index.html': { ids: ['hm-main'], urls: ['/', '/tags/', '/posts/a/', '/'] },
      'posts/a/index.html': { ids: ['hm-main', 'setup', 'setup-1'], urls: ['#setup', '/posts/b/#x', '/'], bodyUrls: ['/posts/b/#x'] },
      'posts/b/index.html': { ids: [], urls: [], bodyUrls: [] },
    };
    for (const [file, links] of Object.entries(pages)) table.set(file, links);
    expect(table.size).toBe(3);
    for (const [file, links] of Object.entries(pages)) {
      expect(table.get(file)).toEqual(links);
      expect(table.ids(file)).toEqual(links.ids);
    }
    expect(table.get('posts/b/index.html')).toHaveProperty('bodyUrls', []);
    expect(table.get('index.html')).not.toHaveProperty('bodyUrls');
    expect(table.has('missing.html')).toBe(false);
    expect(table.get('missing.html')).toBeUndefined();
    expect(table.ids('missing.html')).toBeUndefined();
  });

  it('keeps pages apart across its storage chunks', () => {
    const table = new LinkTable();
    // 40,000 pages of 60 entries: well past one chunk of 2^20 indexes.
    for (let p = 0; p < 40_000; p++) {
      table.set(`p${p}.html`, { ids: [`id-${p}`], urls: Array.from({ length: 55 }, (_, i) => `/posts/${(p + i) % 997}/`), bodyUrls: [`/b/${p}`] });
    }
    for (const p of [0, 17_475, 17_476, 17_477, 39_999]) {
      const links = table.get(`p${p}.html`)!;
      expect(links.ids).toEqual([`id-${p}`]);
      expect(links.urls[54]).toBe(`/posts/${(p + 54) % 997}/`);
      expect(links.bodyUrls).toEqual([`/b/${p}`]);
    }
  });
});
