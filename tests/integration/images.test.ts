import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildOptions } from '../../src/build.js';
import { animatedGif, put, raster, svg } from '../support/images.js';
import { repoRoot } from '../support/tree.js';

const now = new Date('2026-06-01T12:00:00Z');

function options(root: string, extra: Partial<BuildOptions> = {}): BuildOptions {
  return { root, outDir: path.join(root, 'dist'), cacheDir: path.join(root, '.cache'), now, jobs: 1, ...extra };
}

function freshRoot(name: string): string {
  return path.join(mkdtempSync(path.join(os.tmpdir(), `hashmark-images-${name}-`)), 'site');
}

const CONFIG = `export default { title: 'Pictures', url: 'https://pics.example', basePath: '/blog/' };\n`;

const PICS = `---
title: Pictures
date: 2024-05-01
---

Some text first.

![A wide photo](photo.png)

![A small shot](shot.jpg)

![A diagram](chart.svg)

![An animation](anim.gif)

![The logo](/logo.png)

<img src="raw.png" alt="Raw HTML image">

![Remote](https://cdn.example/remote.png)
`;

const COVER = `---
title: With a card
date: 2024-05-02
image: card.jpg
---

Text only, and a picture: ![Inline](/logo.png)
`;

async function site(root: string): Promise<void> {
  put(root, {
    'site.config.ts': CONFIG,
    'content/pics/index.md': PICS,
    'content/pics/photo.png': await raster(2000, 1000, 'png'),
    'content/pics/shot.jpg': await raster(640, 480, 'jpeg'),
    'content/pics/chart.svg': svg(300, 150),
    'content/pics/anim.gif': await animatedGif(40, 30),
    'content/pics/raw.png': await raster(120, 90, 'png'),
    'content/cover/index.md': COVER,
    'content/cover/card.jpg': await raster(1200, 630, 'jpeg'),
    'public/logo.png': await raster(64, 64, 'png'),
    // A site with its own public/ ships its own icons.
    'public/favicon.svg': readFileSync(path.join(repoRoot, 'public/favicon.svg')),
    'public/favicon.png': readFileSync(path.join(repoRoot, 'public/favicon.png')),
  });
}

/** Every `<img …>` tag of a page, and the `<picture>` around it when there is one. */
function images(html: string): Array<{ tag: string; picture?: string }> {
  const out: Array<{ tag: string; picture?: string }> = [];
  for (const match of html.matchAll(/<picture>(.*?)<\/picture>|<img\b[^>]*>/gs)) {
    if (match[1] !== undefined) out.push({ tag: /<img\b[^>]*>/.exec(match[1])![0], picture: match[0] });
    else out.push({ tag: match[0] });
  }
  return out;
}

function attr(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
}

describe('images in a built site', () => {
  let root: string;
  let out: string;
  let first: Awaited<ReturnType<typeof build>>;
  let page: string;

  beforeAll(async () => {
    root = freshRoot('site');
    await site(root);
    out = path.join(root, 'dist');
    first = await build(options(root));
    expect(first.diagnostics.filter((d) => d.severity !== 'warning' || d.code.startsWith('image'))).toEqual([]);
    page = readFileSync(path.join(out, 'posts/pics/index.html'), 'utf8');
  }, 120_000);

  it('gives every local image its intrinsic size, and lazy loading to all but the first', () => {
    const found = images(page).filter(({ tag }) => !attr(tag, 'src')!.startsWith('https://'));
    const sizes = Object.fromEntries(found.map(({ tag }) => [attr(tag, 'src'), [attr(tag, 'width'), attr(tag, 'height')]]));
    expect(sizes).toEqual({
      'photo.png': ['2000', '1000'],
      'shot.jpg': ['640', '480'],
      'chart.svg': ['300', '150'],
      'anim.gif': ['40', '30'],
      '/blog/logo.png': ['64', '64'],
      'raw.png': ['120', '90'],
    });
    expect(attr(found[0]!.tag, 'loading')).toBeUndefined();
    for (const { tag } of found.slice(1)) expect(attr(tag, 'loading'), tag).toBe('lazy');
    for (const { tag } of found) expect(attr(tag, 'decoding'), tag).toBe('async');
  });

  it('puts raster images in a <picture> with AVIF and WebP sources; SVG and animated GIF stay plain', () => {
    const bySrc = new Map(images(page).map((i) => [attr(i.tag, 'src'), i]));
    for (const src of ['photo.png', 'shot.jpg', '/blog/logo.png', 'raw.png']) {
      const picture = bySrc.get(src)!.picture;
      expect(picture, src).toBeDefined();
      expect(picture).toMatch(/<source type="image\/avif" srcset="[^"]+" sizes="[^"]+">\s*<source type="image\/webp"/);
    }
    for (const src of ['chart.svg', 'anim.gif', 'https://cdn.example/remote.png']) expect(bySrc.get(src)!.picture, src).toBeUndefined();
    // The remote image is left exactly as it was.
    expect(bySrc.get('https://cdn.example/remote.png')!.tag).not.toContain('width=');
  });

  it('makes the configured widths, never wider than the original, and includes a smaller original width', () => {
    const srcset = (src: string, type: string): string[] => {
      const picture = images(page).find((i) => attr(i.tag, 'src') === src)!.picture!;
      const value = new RegExp(`type="${type}" srcset="([^"]*)"`).exec(picture)![1]!;
      return value.split(', ').map((c) => c.split(' ')[1]!);
    };
    expect(srcset('photo.png', 'image/avif')).toEqual(['480w', '800w', '1200w', '1600w']);
    expect(srcset('shot.jpg', 'image/webp')).toEqual(['480w', '640w']);
    expect(srcset('raw.png', 'image/avif')).toEqual(['120w']);
  });

  it('writes each derived file under /_images/ with a content hash, as the format and width it names', async () => {
    const picture = images(page).find((i) => attr(i.tag, 'src') === 'photo.png')!.picture!;
    const urls = [...picture.matchAll(/(\/blog\/_images\/[^\s",]+) (\d+)w/g)];
    expect(urls.length).toBe(8);
    for (const [, url, width] of urls) {
      expect(url).toMatch(/^\/blog\/_images\/photo-[0-9a-f]{10}-\d+\.(avif|webp)$/);
      const meta = await sharp(readFileSync(path.join(out, url!.slice('/blog/'.length)))).metadata();
      expect(meta.width).toBe(Number(width));
      expect(meta.format).toBe(url!.endsWith('.avif') ? 'heif' : 'webp');
    }
    const avif800 = urls.find(([, url]) => url!.endsWith('-800.avif'))![1]!;
    expect(statSync(path.join(out, avif800.slice('/blog/'.length))).size).toBeLessThan(statSync(path.join(root, 'content/pics/photo.png')).size / 4);
  });

  it('makes front matter `image` the social card, with absolute URLs, and the first body image otherwise', () => {
    const card = readFileSync(path.join(out, 'posts/cover/index.html'), 'utf8');
    expect(card).toContain('<meta property="og:image" content="https://pics.example/blog/posts/cover/card.jpg">');
    expect(card).toContain('<meta property="og:image:width" content="1200">');
    expect(card).toContain('<meta property="og:image:height" content="630">');
    expect(card).toContain('<meta property="og:image:alt" content="With a card">');
    expect(card).toContain('<meta name="twitter:card" content="summary_large_image">');
    expect(page).toContain('<meta property="og:image" content="https://pics.example/blog/posts/pics/photo.png">');
    expect(page).toContain('<meta property="og:image:alt" content="A wide photo">');
    const home = readFileSync(path.join(out, 'index.html'), 'utf8');
    expect(home).toContain('<meta name="twitter:card" content="summary">');
  });

  it('gives feed items the card image and keeps plain <img> with absolute URLs of real files in their content', () => {
    const json = JSON.parse(readFileSync(path.join(out, 'feed.json'), 'utf8')) as { items: Array<{ url: string; image?: string; content_html: string }> };
    const cover = json.items.find((i) => i.url.endsWith('/posts/cover/'))!;
    expect(cover.image).toBe('https://pics.example/blog/posts/cover/card.jpg');
    const pics = json.items.find((i) => i.url.endsWith('/posts/pics/'))!;
    expect(pics.content_html).not.toContain('<picture');
    expect(pics.content_html).not.toContain('_images/');
    expect(pics.content_html).toContain('<img src="https://pics.example/blog/posts/pics/photo.png" alt="A wide photo" width="2000" height="1000">');
    const rss = readFileSync(path.join(out, 'feed.xml'), 'utf8');
    const enclosure = /<enclosure [^>]*url="https:\/\/pics\.example\/blog\/posts\/cover\/card\.jpg"[^>]*>/.exec(rss)?.[0];
    expect(enclosure).toContain('type="image/jpeg"');
    expect(enclosure).toContain(`length="${statSync(path.join(root, 'content/cover/card.jpg')).size}"`);
    const atom = readFileSync(path.join(out, 'atom.xml'), 'utf8');
    expect(atom).toContain('href="https://pics.example/blog/posts/cover/card.jpg"');
    for (const [, src] of pics.content_html.matchAll(/<img src="([^"]+)"/g)) {
      if (src!.startsWith('https://cdn.example/')) continue;
      const file = path.join(out, decodeURI(new URL(src!).pathname).slice('/blog/'.length));
      expect(statSync(file).isFile(), src).toBe(true);
    }
  });

  it('reports the image work, and a second build does none (no image decoded, every one from the cache)', async () => {
    expect(first.images).toMatchObject({ images: 7, processed: 7, reused: 0 });
    // One image per core at once: the stage keeps every core busy (at least two in flight on a multi-core machine).
    expect(first.images!.parallel).toBe(Math.min(7, os.availableParallelism()));
    expect(first.images!.encoded).toBeGreaterThan(0);
    const { buildSummary } = await import('../../src/cli.js');
    expect(buildSummary(first)).toMatch(new RegExp(`; images: 7 processed into ${first.images!.encoded} AVIF/WebP files in \\d+\\.\\d\\d s, \\d+ at once \\(CPU \\d+\\.\\d×\\) in `));
    // Touch a post so the build is not skipped as unchanged.
    writeFileSync(path.join(root, 'content/cover/index.md'), COVER.replace('Text only', 'Text only, edited'));
    const second = await build(options(root));
    expect(second.ok).toBe(true);
    expect(second.images).toMatchObject({ images: 7, processed: 0, reused: 7, encoded: 0 });
    expect(buildSummary(second)).not.toContain('images:');
    expect(readFileSync(path.join(out, 'posts/pics/index.html'), 'utf8')).toBe(page);
  }, 60_000);

  it('makes the page again when an image changes under the same name', async () => {
    put(root, { 'content/pics/shot.jpg': await raster(500, 400, 'jpeg') });
    const third = await build(options(root));
    expect(third.ok).toBe(true);
    expect(third.images).toMatchObject({ processed: 1, reused: 6 });
    const again = readFileSync(path.join(out, 'posts/pics/index.html'), 'utf8');
    const tag = images(again).find((i) => attr(i.tag, 'src') === 'shot.jpg')!.tag;
    expect([attr(tag, 'width'), attr(tag, 'height')]).toEqual(['500', '400']);
    expect(readdirSync(path.join(out, '_images')).some((f) => f.startsWith('shot-') && f.endsWith('-500.webp'))).toBe(true);
  }, 60_000);
});

describe('images that are missing, broken or too large', () => {
  it('reports a missing body image and a missing card image as errors on their lines, and a large one as a warning', async () => {
    const root = freshRoot('bad');
    put(root, {
      'site.config.ts': `export default { url: 'https://bad.example', images: { maxBytes: 1000 } };\n`,
      'content/bad/index.md': '---\ntitle: Bad\ndate: 2024-01-01\nimage: nowhere.png\n---\n\nIntro.\n\n![Gone](gone.png)\n\n![Big](big.png)\n',
      'content/bad/big.png': await raster(300, 300, 'png'),
    });
    const result = await build(options(root));
    expect(result.ok).toBe(false);
    const mine = result.diagnostics.filter((d) => d.code.startsWith('image')).map((d) => [d.severity, d.code, d.file, d.line]);
    expect(mine).toEqual(expect.arrayContaining([
      ['error', 'image-missing', 'content/bad/index.md', 4],
      ['error', 'image-missing', 'content/bad/index.md', 9],
      ['warning', 'image-too-large', 'content/bad/index.md', 11],
    ]));
    expect(mine).toHaveLength(3);
    // Said once: the link check's broken-link for the same missing image is left out.
    expect(result.diagnostics.filter((d) => d.code === 'broken-link')).toEqual([]);
  }, 60_000);

  it('reports a file that is not an image as an error naming the post and line', async () => {
    const root = freshRoot('broken');
    put(root, {
      'site.config.ts': `export default { url: 'https://bad.example' };\n`,
      'content/broken.md': '---\ntitle: Broken\ndate: 2024-01-01\n---\n\n![Broken](/broken.png)\n',
      'public/broken.png': 'not a png at all',
    });
    const result = await build(options(root));
    expect(result.ok).toBe(false);
    expect(result.diagnostics.filter((d) => d.code === 'image-missing').map((d) => [d.file, d.line])).toEqual([['content/broken.md', 6]]);
  }, 60_000);
});

describe('images with processing off', () => {
  it('still gives sizes and lazy loading, and makes no derived files', async () => {
    const root = freshRoot('off');
    put(root, {
      'site.config.ts': `export default { url: 'https://off.example', images: { process: false } };\n`,
      'content/off/index.md': '---\ntitle: Off\ndate: 2024-01-01\n---\n\n![One](one.png)\n\n![Two](two.jpg)\n',
      'content/off/one.png': await raster(900, 300, 'png'),
      'content/off/two.jpg': await raster(300, 200, 'jpeg'),
    });
    const result = await build(options(root));
    expect(result.ok).toBe(true);
    expect(result.images).toMatchObject({ images: 2, processed: 2, encoded: 0 });
    const html = readFileSync(path.join(root, 'dist/posts/off/index.html'), 'utf8');
    expect(html).not.toContain('<picture');
    expect(html).toContain('<img src="one.png" alt="One" width="900" height="300" decoding="async">');
    expect(html).toContain('<img src="two.jpg" alt="Two" width="300" height="200" loading="lazy" decoding="async">');
    expect(readdirSync(path.join(root, 'dist')).includes('_images')).toBe(false);
  }, 60_000);
});

describe('images in dev', () => {
  it('serves pages with the build\'s <picture> markup, and the derived files themselves', async () => {
    const root = freshRoot('dev');
    await site(root);
    const { startDevServer } = await import('../../src/dev/index.js');
    const server = await startDevServer({ root, port: 0, cacheDir: path.join(root, '.cache'), jobs: 1 });
    try {
      const html = await (await fetch(new URL('/blog/posts/pics/', server.url))).text();
      const picture = images(html).find((i) => attr(i.tag, 'src') === 'photo.png')!;
      expect([attr(picture.tag, 'width'), attr(picture.tag, 'height')]).toEqual(['2000', '1000']);
      const avif = /srcset="(\/blog\/_images\/[^ ]+\.avif) 480w/.exec(picture.picture!)![1]!;
      const response = await fetch(new URL(avif, server.url));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/avif');
      expect((await sharp(Buffer.from(await response.arrayBuffer())).metadata()).width).toBe(480);
      const svgTag = images(html).find((i) => attr(i.tag, 'src') === 'chart.svg')!.tag;
      expect(attr(svgTag, 'width')).toBe('300');
    } finally {
      await server.close();
    }
  }, 120_000);
});
