import { describe, expect, it } from 'vitest';
import { rewriteImages } from '../../../src/images/rewrite.js';
import type { ImageView } from '../../../src/images/types.js';

const photo: ImageView = {
  width: 1600,
  height: 900,
  sources: [
    { type: 'image/avif', srcset: '/_images/p-1-480.avif 480w, /_images/p-1-1600.avif 1600w' },
    { type: 'image/webp', srcset: '/_images/p-1-480.webp 480w, /_images/p-1-1600.webp 1600w' },
  ],
};
const diagram: ImageView = { width: 300, height: 150, sources: [] };
const known = new Map<string, ImageView>([['photo.png', photo], ['chart.svg', diagram], ['a&b.png', diagram]]);
const view = (src: string) => known.get(src);
const page = { mode: 'page' as const, sizes: '100vw' };
const feed = { mode: 'feed' as const, sizes: '100vw' };

describe('rewriteImages', () => {
  it('wraps a raster image in <picture> with its sources, and gives it width and height', () => {
    expect(rewriteImages('<p><img src="photo.png" alt="A photo"></p>', view, page)).toBe(
      '<p><picture><source type="image/avif" srcset="/_images/p-1-480.avif 480w, /_images/p-1-1600.avif 1600w" sizes="100vw">' +
        '<source type="image/webp" srcset="/_images/p-1-480.webp 480w, /_images/p-1-1600.webp 1600w" sizes="100vw">' +
        '<img src="photo.png" alt="A photo" width="1600" height="900" decoding="async"></picture></p>',
    );
  });

  it('lazy-loads every image but the first of the body, remote ones counted', () => {
    const html = '<img src="https://x.example/a.png" alt="r"><img src="chart.svg" alt="c"><img src="chart.svg" alt="d">';
    const out = rewriteImages(html, view, page);
    expect(out).toBe(
      '<img src="https://x.example/a.png" alt="r">' +
        '<img src="chart.svg" alt="c" width="300" height="150" loading="lazy" decoding="async">' +
        '<img src="chart.svg" alt="d" width="300" height="150" loading="lazy" decoding="async">',
    );
  });

  it('keeps a size or loading the author wrote, completing a lone width in proportion', () => {
    expect(rewriteImages('<img src="x.png" alt=""><img src="chart.svg" alt="" width="600" loading="eager">', view, page)).toBe(
      '<img src="x.png" alt=""><img src="chart.svg" alt="" width="600" loading="eager" height="300" decoding="async">',
    );
    expect(rewriteImages('<img src="chart.svg" alt="" width="10" height="10">', view, feed)).toBe('<img src="chart.svg" alt="" width="10" height="10">');
  });

  it('leaves an image with its own srcset out of <picture>', () => {
    const out = rewriteImages('<img src="photo.png" srcset="photo.png 2x" alt="">', view, page);
    expect(out).not.toContain('<picture');
    expect(out).toContain('width="1600" height="900"');
  });

  it('does not nest a <picture> in one the author wrote', () => {
    const html = '<picture><source srcset="photo.webp" type="image/webp"><img src="photo.png" alt=""></picture><img src="photo.png" alt="">';
    const out = rewriteImages(html, view, page);
    expect(out.startsWith('<picture><source srcset="photo.webp" type="image/webp"><img src="photo.png" alt="" width="1600" height="900" decoding="async"></picture><picture>')).toBe(true);
    expect(out.match(/<picture>/g)).toHaveLength(2);
  });

  it('gives feeds sizes only: no <picture>, no lazy loading', () => {
    expect(rewriteImages('<img src="photo.png" alt="A"><img src="chart.svg" alt="B">', view, feed)).toBe(
      '<img src="photo.png" alt="A" width="1600" height="900"><img src="chart.svg" alt="B" width="300" height="150">',
    );
  });

  it('matches the src as the browser reads it, character references decoded, and attribute values with > intact', () => {
    const out = rewriteImages('<img src="a&#x26;b.png" alt="1 > 0"><code>&#x3C;img src="photo.png"></code>', view, page);
    expect(out).toBe('<img src="a&#x26;b.png" alt="1 > 0" width="300" height="150" decoding="async"><code>&#x3C;img src="photo.png"></code>');
  });

  it('escapes the sizes setting as an attribute value', () => {
    expect(rewriteImages('<img src="photo.png" alt="">', view, { mode: 'page', sizes: 'a"b' })).toContain('sizes="a&#x22;b"');
  });
});
