import { describe, expect, it } from 'vitest';
import { checkSiteUrl, normalizeBasePath } from '../../../src/config/location.js';

const value = (checked: ReturnType<typeof normalizeBasePath>): string | undefined => (checked.ok ? checked.value : undefined);

describe('base path', () => {
  it('adds the missing slashes and collapses doubled ones', () => {
    for (const [raw, expected] of [
      ['/blog/', '/blog/'],
      ['/blog', '/blog/'],
      ['blog', '/blog/'],
      ['blog/', '/blog/'],
      ['//blog//', '/blog/'],
      ['/docs//v2', '/docs/v2/'],
      ['/', '/'],
      ['', '/'],
      ['//', '/'],
      ['/a.b_c~d-e/', '/a.b_c~d-e/'],
    ]) expect(value(normalizeBasePath(raw!)), raw).toBe(expected);
  });

  it('refuses what is not a plain path, saying what is wrong and what to write', () => {
    const cases: Array<[string, RegExp, RegExp]> = [
      ['/blog?x=1', /no query or fragment/, /--base \/blog\//],
      ['/blog/#top', /no query or fragment/, /--base \/blog\//],
      ['/../blog/', /"\." or "\.\." segment/, /--base \/blog\//],
      ['/my blog/', /contains a space/, /--base \/blog\//],
      ['/caf%C3%A9/', /contains "%"/, /--base/],
      ['/blög/', /contains "ö"/, /--base/],
      ['\\blog\\', /separated by "\/"/, /--base \/blog\//],
      ['https://example.com/blog/', /full URL/, /--site-url https:\/\/example\.com --base \/blog\//],
      ['mailto:x', /not a path/, /--base/],
    ];
    for (const [raw, problem, flagHint] of cases) {
      const checked = normalizeBasePath(raw);
      expect(checked.ok, raw).toBe(false);
      if (checked.ok) continue;
      expect(checked.problem, raw).toContain(JSON.stringify(raw));
      expect(checked.problem, raw).toMatch(problem);
      expect(checked.flagHint, raw).toMatch(flagHint);
      expect(checked.configHint, raw).toContain('basePath');
    }
  });
});

describe('site url', () => {
  it('keeps the origin alone', () => {
    expect(checkSiteUrl('https://example.com/')).toEqual({ ok: true, value: 'https://example.com' });
    expect(checkSiteUrl('https://Example.COM')).toEqual({ ok: true, value: 'https://example.com' });
    expect(checkSiteUrl('http://localhost:4321')).toEqual({ ok: true, value: 'http://localhost:4321' });
  });

  it('refuses a path, and says to move it to the base path', () => {
    const checked = checkSiteUrl('https://example.com/blog/');
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problem).toContain('has a path, "/blog/"');
    expect(checked.configHint).toBe("Write url: 'https://example.com' and move the path to basePath: '/blog/'.");
    expect(checked.flagHint).toBe('Pass --site-url https://example.com --base /blog/.');
    const noSlash = checkSiteUrl('https://example.com/blog');
    expect(!noSlash.ok && noSlash.flagHint).toBe('Pass --site-url https://example.com --base /blog/.');
  });

  it('refuses what is not an http(s) origin', () => {
    for (const [raw, problem] of [
      ['example.com', /not an absolute URL/],
      ['not a url', /contains a space/],
      ['ftp://example.com', /http or https/],
      ['https://user:pw@example.com', /user name or password/],
      ['https://example.com/?x=1', /query or fragment/],
      ['https://example.com/#top', /query or fragment/],
    ] as const) {
      const checked = checkSiteUrl(raw);
      expect(checked.ok, raw).toBe(false);
      if (!checked.ok) expect(checked.problem, raw).toMatch(problem);
    }
  });
});
