import { describe, expect, it } from 'vitest';
import { renderRobots } from '../../../src/render/robots.js';
import { renderSitemap, renderSitemapIndex } from '../../../src/render/sitemap.js';
import { planSite, SITEMAP_LIMIT } from '../../../src/site/index.js';
import { config, post, publishedOnly } from '../site/posts.js';
import { parseXml, wellFormed } from './render.js';

const site = config({ url: 'https://example.com', basePath: '/blog/' });

interface UrlSet {
  urlset: { url: Array<{ loc: string; lastmod?: string }> | { loc: string; lastmod?: string } };
}

function locs(xml: string): Array<{ loc: string; lastmod?: string }> {
  wellFormed(xml);
  const url = (parseXml(xml) as UrlSet).urlset.url;
  return Array.isArray(url) ? url : [url];
}

describe('sitemap', () => {
  it('lists every planned page but the 404 page, with absolute URLs and post lastmod', async () => {
    const { value } = planSite(
      [
        post('a', '2024-01-01', { updated: '2024-03-01' as never, tags: ['T'] }),
        post('hidden', '2024-01-02', { draft: true }),
        post('later', '2030-01-01'),
      ],
      site,
      publishedOnly,
    );
    const sitemap = value.files.find((f) => f.file === 'sitemap.xml')!;
    const xml = await renderSitemap(sitemap.urls!, site);
    expect(locs(xml)).toEqual([
      { loc: 'https://example.com/blog/' },
      { loc: 'https://example.com/blog/tags/' },
      { loc: 'https://example.com/blog/featured/' },
      { loc: 'https://example.com/blog/archive/' },
      { loc: 'https://example.com/blog/search/' },
      { loc: 'https://example.com/blog/posts/a/', lastmod: '2024-03-01' },
      { loc: 'https://example.com/blog/tags/t/' },
    ]);
    expect(xml).not.toContain('xmlns:image');
  });

  it('writes a valid empty urlset when there is nothing to list', async () => {
    const xml = await renderSitemap([], site);
    wellFormed(xml);
    expect(xml).toContain('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>');
  });

  it('escapes URLs so the XML stays well-formed', async () => {
    const xml = await renderSitemap([{ url: 'https://example.com/a?b=1&c=<2>' }], site);
    wellFormed(xml);
    expect(xml).toContain('<loc>https://example.com/a?b=1&amp;c=%3C2%3E</loc>');
    expect(locs(xml)[0]!.loc).toBe('https://example.com/a?b=1&c=%3C2%3E');
  });

  it('becomes an index of sitemaps past the protocol limit of 50,000 URLs', async () => {
    const many = Array.from({ length: SITEMAP_LIMIT }, (_, i) => post(`p${i}`, '2024-01-01'));
    const { value } = planSite(many, config({ postsPerPage: 1000, relatedPosts: 0 }), publishedOnly);
    const index = value.files.find((f) => f.file === 'sitemap.xml')!;
    expect(index.kind).toBe('sitemap-index');
    const parts = value.files.filter((f) => f.kind === 'sitemap');
    expect(parts.map((f) => f.file)).toEqual(['sitemap-1.xml', 'sitemap-2.xml']);
    expect(parts[0]!.urls).toHaveLength(SITEMAP_LIMIT);
    expect(index.urls!.map((u) => u.url)).toEqual(['https://example.com/sitemap-1.xml', 'https://example.com/sitemap-2.xml']);
    const xml = await renderSitemapIndex(index.urls!);
    wellFormed(xml);
    expect(xml).toContain('<loc>https://example.com/sitemap-2.xml</loc>');
  });
});

describe('robots.txt', () => {
  it('points to the absolute sitemap URL', () => {
    expect(renderRobots(site)).toBe('User-agent: *\nDisallow:\n\nSitemap: https://example.com/blog/sitemap.xml\n');
  });
});
