import { describe, expect, it } from 'vitest';
import { chooseWidths } from '../../../src/images/widths.js';
import { fileStem, outputPathOf } from '../../../src/images/resolve.js';

const DEFAULT = [480, 800, 1200, 1600];

describe('chooseWidths', () => {
  it('takes every setting for an image wider than the largest', () => {
    expect(chooseWidths(4000, DEFAULT)).toEqual([480, 800, 1200, 1600]);
  });

  it('never upscales, and adds the original width when it is below the largest', () => {
    expect(chooseWidths(1000, DEFAULT)).toEqual([480, 800, 1000]);
    expect(chooseWidths(300, DEFAULT)).toEqual([300]);
  });

  it('keeps an original equal to a setting once, and sorts and dedupes the settings', () => {
    expect(chooseWidths(800, [1600, 800, 480, 800])).toEqual([480, 800]);
    expect(chooseWidths(1600, DEFAULT)).toEqual([480, 800, 1200, 1600]);
  });
});

describe('outputPathOf', () => {
  const bundle = [{ relPath: 'img/a b.png', absPath: '/c/post/img/a b.png' }];
  const page = { dir: 'posts/post', bundle, bundleFile: () => 'somewhere/post/img/a b.png' };

  it('finds a bundle file where the plan puts it, percent-encoding undone', () => {
    expect(outputPathOf('img/a%20b.png', page, '/')).toBe('somewhere/post/img/a b.png');
  });

  it('resolves other relative paths against the page folder, and root-relative ones against the site root less the base path', () => {
    expect(outputPathOf('../other/x.png?v=2#top', page, '/')).toBe('posts/other/x.png');
    expect(outputPathOf('/blog/logo.png', page, '/blog/')).toBe('logo.png');
    expect(outputPathOf('/logo.png', page, '/blog/')).toBe('logo.png');
  });

  it('refuses a path that leaves the site', () => {
    expect(outputPathOf('../../../etc/passwd', page, '/')).toBeUndefined();
  });

  it('names derived files with a URL-safe stem', () => {
    expect(fileStem('/x/Mon Café (2).PNG')).toBe('mon-caf-2');
    expect(fileStem('/x/.png')).toBe('image');
  });
});
