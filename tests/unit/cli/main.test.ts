import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BuildOptions, BuildResult } from '../../../src/build.js';

const buildMock = vi.fn<(options: BuildOptions) => Promise<BuildResult>>();
vi.mock('../../../src/build.js', () => ({ build: (options: BuildOptions) => buildMock(options) }));

const { main, buildSummary } = await import('../../../src/cli.js');

let out = '';
let err = '';
beforeEach(() => {
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  buildMock.mockReset();
  delete process.env.HASHMARK_DEBUG;
});

const result: BuildResult = {
  ok: true,
  posts: 9,
  pages: 40,
  written: 3,
  unchanged: 37,
  removed: 1,
  drafts: ['wip'],
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
    expect(out).toBe('Built 9 posts, 40 pages: 3 written, 37 unchanged, 1 removed; 1 draft and 0 scheduled left out (wip) in 1.23 s\n');
  });

  it('exits 1 when the build has errors', async () => {
    buildMock.mockResolvedValue({
      ...result,
      ok: false,
      diagnostics: [{ severity: 'error', code: 'template-error', message: 'Bad tag.', file: 'templates/post.liquid' }],
    });
    expect(await main(['build', '--root', '/site'])).toBe(1);
    expect(out).toContain('templates/post.liquid error template-error Bad tag.');
    expect(out).toContain('Build failed with 1 error: nothing was written, the previous output is unchanged');
  });

  it('turns an unexpected exception into exit 70 without a stack trace', async () => {
    buildMock.mockRejectedValue(new Error('boom'));
    expect(await main(['build', '--root', '/site'])).toBe(70);
    expect(err).toContain('hashmark: internal error: boom');
    expect(err).not.toMatch(/^\s{4}at /m);
  });

  it('prints the stack only with HASHMARK_DEBUG=1', async () => {
    process.env.HASHMARK_DEBUG = '1';
    buildMock.mockRejectedValue(new Error('boom'));
    expect(await main(['build', '--root', '/site'])).toBe(70);
    expect(err).toMatch(/^\s{4}at /m);
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
});
