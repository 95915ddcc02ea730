import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BuildOptions, BuildResult } from '../../../src/build.js';
import { captureOutput } from '../../support/output.js';

const buildMock = vi.fn<(options: BuildOptions) => Promise<BuildResult>>();
vi.mock('../../../src/build.js', () => ({ build: (options: BuildOptions) => buildMock(options) }));

const { main, buildSummary } = await import('../../../src/cli.js');

const output = captureOutput();
afterEach(() => {
  buildMock.mockReset();
  delete process.env.HASHMARK_DEBUG;
});

const result: BuildResult = {
  ok: true,
  posts: 9,
  pageFiles: 0,
  pages: 40,
  written: 3,
  unchanged: 37,
  removed: 1,
  drafts: ['wip'],
  draftPages: [],
  scheduled: [],
  diagnostics: [],
  timings: {},
  seconds: 1.234,
};

describe('build command', () => {
  it('passes every flag to build() and prints the summary line', async () => {
    buildMock.mockResolvedValue(result);
    const code = await main(['build', '--root', '/site', '--base', '/blog/', '--site-url', 'https://x.dev', '--drafts', '--jobs', '3', '--no-cache']);
    expect(code).toBe(0);
    expect(buildMock).toHaveBeenCalledWith(
      expect.objectContaining({
        root: '/site',
        contentDir: '/site/content',
        outDir: '/site/dist',
        basePath: '/blog/',
        siteUrl: 'https://x.dev',
        drafts: true,
        future: false,
        jobs: 3,
        cacheDir: null,
      }),
    );
    expect(output.out).toBe('Built 9 posts, 40 pages: 3 written, 37 unchanged, 1 removed; 1 draft and 0 scheduled left out (wip) in 1.23 s\n');
  });

  it('exits 1 when the build has errors', async () => {
    buildMock.mockResolvedValue({
      ...result,
      ok: false,
      diagnostics: [{ severity: 'error', code: 'template-error', message: 'Bad tag.', file: 'templates/post.liquid' }],
    });
    expect(await main(['build', '--root', '/site'])).toBe(1);
    expect(output.out).toContain('templates/post.liquid error template-error Bad tag.');
    expect(output.out).toContain('Build failed with 1 error: nothing was written, the previous output is unchanged');
  });

  it('turns an unexpected exception into exit 70 without a stack trace', async () => {
    buildMock.mockRejectedValue(new Error('boom'));
    expect(await main(['build', '--root', '/site'])).toBe(70);
    expect(output.err).toContain('hashmark: internal error: boom');
    expect(output.err).not.toMatch(/^\s{4}at /m);
  });

  it('prints the stack only with HASHMARK_DEBUG=1', async () => {
    process.env.HASHMARK_DEBUG = '1';
    buildMock.mockRejectedValue(new Error('boom'));
    expect(await main(['build', '--root', '/site'])).toBe(70);
    expect(output.err).toMatch(/^\s{4}at /m);
  });
});

describe('build command: where the site lives', () => {
  it('accepts --base without its slashes and passes the normalised path', async () => {
    buildMock.mockResolvedValue(result);
    for (const base of ['/blog', 'blog', 'blog/', '//blog//']) {
      expect(await main(['build', '--root', '/site', '--base', base]), base).toBe(0);
      expect(buildMock.mock.lastCall?.[0].basePath, base).toBe('/blog/');
    }
    expect(await main(['build', '--root', '/site', '--base', '/'])).toBe(0);
    expect(buildMock.mock.lastCall?.[0].basePath).toBe('/');
  });

  it('refuses a bad --base as a usage error that names the flag and what to write', async () => {
    for (const [base, says] of [
      ['/blog?page=2', 'no query or fragment'],
      ['/blog/#top', 'no query or fragment'],
      ['/../blog/', '".." segment'],
      ['/my blog/', 'contains a space'],
    ]) {
      output.err = '';
      expect(await main(['build', '--root', '/site', '--base', base!]), base).toBe(2);
      expect(output.err, base).toContain(`hashmark: --base ${JSON.stringify(base)}`);
      expect(output.err, base).toContain(says);
      expect(output.err, base).toContain('--base /blog/.');
      expect(output.err, base).not.toContain('site.config.ts');
    }
    output.err = '';
    expect(await main(['build', '--root', '/site', '--base', 'https://example.com/blog/'])).toBe(2);
    expect(output.err).toContain('Pass the origin and the path apart: --site-url https://example.com --base /blog/.');
    expect(buildMock).not.toHaveBeenCalled();
  });

  it('refuses a --site-url with a path, saying to pass the path as --base', async () => {
    expect(await main(['build', '--root', '/site', '--site-url', 'https://example.com/blog/'])).toBe(2);
    expect(output.err).toContain('hashmark: --site-url "https://example.com/blog/" has a path, "/blog/"');
    expect(output.err).toContain('Pass --site-url https://example.com --base /blog/.');
    expect(output.out).toBe('');
    expect(buildMock).not.toHaveBeenCalled();
  });

  it('refuses a --site-url that is not an http(s) origin', async () => {
    for (const url of ['example.com', 'not a url', 'ftp://example.com', 'https://example.com/?x=1']) {
      output.err = '';
      expect(await main(['build', '--root', '/site', '--site-url', url]), url).toBe(2);
      expect(output.err, url).toContain('--site-url https://example.com');
    }
    expect(buildMock).not.toHaveBeenCalled();
  });

  it('passes the origin alone, and asks the build to warn when no url is set', async () => {
    buildMock.mockResolvedValue(result);
    expect(await main(['build', '--root', '/site', '--site-url', 'https://Example.com/'])).toBe(0);
    expect(buildMock.mock.lastCall?.[0]).toMatchObject({ siteUrl: 'https://example.com', warnDefaultSiteUrl: true });
  });
});

describe('buildSummary', () => {
  it('leaves out the drafts clause when nothing was left out, and shortens long name lists', () => {
    expect(buildSummary({ ...result, drafts: [], posts: 1, pages: 1 })).toBe(
      'Built 1 post, 1 page: 3 written, 37 unchanged, 1 removed in 1.23 s',
    );
    expect(buildSummary({ ...result, drafts: ['a', 'b', 'c'], scheduled: ['d', 'e', 'f'] })).toContain(
      '3 drafts and 3 scheduled left out (a, b, c, d, e, …)',
    );
  });
  it('counts page files apart from posts', () => {
    expect(buildSummary({ ...result, posts: 9, pageFiles: 2, drafts: ['content/pages/wip.md'], draftPages: ['content/pages/wip.md'] })).toBe(
      'Built 9 posts, 2 page files, 40 pages: 3 written, 37 unchanged, 1 removed; 1 draft and 0 scheduled left out (content/pages/wip.md) in 1.23 s',
    );
  });
});

describe('check command', () => {
  it('counts drafted page files as page files, not posts', async () => {
    buildMock.mockResolvedValue({ ...result, posts: 3, pageFiles: 1, drafts: ['content/wip.md', 'content/pages/soon.md'], draftPages: ['content/pages/soon.md'] });
    expect(await main(['check', '--root', '/site'])).toBe(0);
    expect(output.err + output.out).toContain('Checked 4 posts, 2 page files and 40 pages: no problems.');
  });
});
