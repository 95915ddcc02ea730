import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createPageRenderer } from '../../../src/render/index.js';
import { templateRenderCounts } from '../../../src/render/page-renderer.js';
import type { PostView } from '../../../src/render/types.js';
import { ALL_VIEW_FIELDS, ViewWatch } from '../../../src/render/view-fields.js';
import type { ListPageData, Page } from '../../../src/site/types.js';
import * as fx from './pages.js';

/** The page renderer's two paths over the default theme: same pages, same diagnostics, and the compiled path really taken. */

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const temps: string[] = [];

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

type Engine = 'compiled' | 'liquidjs' | 'verify';

function renderer(engine: Engine, templatesRoot = repo, listedView?: (view: PostView) => PostView) {
  const created = createPageRenderer({ root: templatesRoot, templatesDir: join(templatesRoot, 'templates'), config: fx.config(), assets: fx.assets, engine, ...(listedView ? { listedView } : {}) });
  expect(created.diagnostics).toEqual([]);
  return created.value!;
}

function edited(file: string, edit: (source: string) => string): string {
  const root = mkdtempSync(join(tmpdir(), 'hashmark-compiled-'));
  temps.push(root);
  cpSync(join(repo, 'templates'), join(root, 'templates'), { recursive: true });
  const path = join(root, 'templates', file);
  writeFileSync(path, edit(readFileSync(path, 'utf8')));
  return root;
}

/** What each path rendered in this thread while `run` ran. */
function counted(run: () => void): typeof templateRenderCounts {
  const before = { ...templateRenderCounts };
  run();
  return {
    compiled: templateRenderCounts.compiled - before.compiled,
    handedOver: templateRenderCounts.handedOver - before.handedOver,
    liquid: templateRenderCounts.liquid - before.liquid,
  };
}

const pages: Array<[string, () => Page]> = [
  ['post', () => fx.postPage()],
  ['post with authors, an update, a card image, a draft badge', () =>
    fx.postPage(
      fx.summary('rich', {
        authors: ['Ada', 'Grace', 'Linus'],
        authorUrls: ['/blog/authors/ada/', undefined as unknown as string, '/blog/authors/linus/'],
        updated: '2024-03-01' as never,
        draft: true,
        scheduled: true,
        featured: true,
        image: { url: 'https://example.com/blog/cover.png', alt: 'A <cover>', width: 1200, height: 630, type: 'image/png' },
      }),
      { previous: undefined, next: undefined, related: [] },
    )],
  ...fx.otherPageKinds(),
];

describe('the default theme', () => {
  it.each(pages)('renders the %s page compiled, to the bytes LiquidJS writes', (_name, make) => {
    const fast = renderer('compiled');
    const reference = renderer('liquidjs');
    let html = '';
    const counts = counted(() => {
      const result = fast.render(make(), fx.BODY_HTML);
      expect(result.diagnostics).toEqual([]);
      html = result.value;
    });
    expect(counts).toEqual({ compiled: 1, handedOver: 0, liquid: 0 });
    const expected = reference.render(make(), fx.BODY_HTML);
    expect(html).toBe(expected.value);
    expect(html.length).toBeGreaterThan(1000);
  });

  it('verify renders both ways and finds no difference', () => {
    const verify = renderer('verify');
    const counts = counted(() => {
      for (const [, make] of pages) expect(verify.render(make(), fx.BODY_HTML).diagnostics).toEqual([]);
    });
    expect(counts.compiled).toBe(pages.length);
  });
});

describe('errors are LiquidJS’s', () => {
  it('a strict undefined hands the page to LiquidJS, whose diagnostic it reports', () => {
    const root = edited('partials/post-meta.liquid', (src) => src.replace('{{ post.readingMinutes }}', '{{ post.readingMinutes }}{{ post.readingHours }}'));
    const liquidOnly = renderer('liquidjs', root).render(fx.postPage(), '<p>x</p>');
    let compiled = liquidOnly;
    const counts = counted(() => {
      compiled = renderer('compiled', root).render(fx.postPage(), '<p>x</p>');
    });
    expect(counts).toEqual({ compiled: 0, handedOver: 1, liquid: 0 });
    expect(compiled).toEqual(liquidOnly);
    // LiquidJS names the `render` tag that reached the partial.
    expect(compiled.diagnostics[0]).toMatchObject({ code: 'template-error', file: 'templates/post.liquid' });
    expect(compiled.diagnostics[0]!.message).toContain('post.readingHours');
  });

  it('a partial that does not exist keeps the tree on LiquidJS, which reports it at the tag', () => {
    const root = edited('archive.liquid', (src) => src.replace('<h1>', "{% render 'partials/missing' %}<h1>"));
    let compiled = renderer('liquidjs', root).render(fx.archivePage());
    const liquidOnly = compiled;
    const counts = counted(() => {
      compiled = renderer('compiled', root).render(fx.archivePage());
    });
    expect(counts).toEqual({ compiled: 0, handedOver: 0, liquid: 1 });
    expect(compiled).toEqual(liquidOnly);
    expect(compiled.diagnostics[0]!.message).toContain('partials/missing');
  });

  it('a tag outside the compiled set in a partial renders every page using it with LiquidJS, the same', () => {
    const root = edited('partials/footer.liquid', (src) => src.replace('Built with Hashmark.', 'Built with Hashmark{% cycle ".", "!" %}'));
    const reference = renderer('liquidjs', root).render(fx.tagsPage());
    let html = '';
    const counts = counted(() => {
      html = renderer('compiled', root).render(fx.tagsPage()).value;
    });
    expect(counts).toEqual({ compiled: 0, handedOver: 0, liquid: 1 });
    expect(html).toBe(reference.value);
    expect(html).toContain('Built with Hashmark.');
  });
});

describe('the listed posts watch', () => {
  it('sees the same reads of listed posts’ fields from both paths', () => {
    /** Every read of a view field through a listed post's Proxy (own-property checks and gets), counted. */
    const reads = (engine: Engine, page: Page): Record<string, number> => {
      const seen: Record<string, number> = {};
      const note = (kind: string, key: string | symbol): void => {
        if (typeof key === 'string' && ALL_VIEW_FIELDS.has(key as keyof PostView)) seen[`${kind} ${key}`] = (seen[`${kind} ${key}`] ?? 0) + 1;
      };
      const listed = (view: PostView): PostView =>
        new Proxy(view, {
          get: (target, key, receiver) => (note('get', key), Reflect.get(target, key, receiver)),
          has: (target, key) => (note('has', key), Reflect.has(target, key)),
          getOwnPropertyDescriptor: (target, key) => (note('own', key), Reflect.getOwnPropertyDescriptor(target, key)),
        });
      renderer(engine, repo, listed).render(page, fx.BODY_HTML);
      return seen;
    };
    for (const [, make] of pages) {
      const compiled = reads('compiled', make());
      expect(compiled).toEqual(reads('liquidjs', make()));
    }
    expect(Object.keys(reads('compiled', fx.homePage())).length).toBeGreaterThan(10);
  });


  it('sees every field the compiled path reads, as with LiquidJS', () => {
    // The related posts' word counts are read, a field the watch does not allow.
    const root = edited('post.liquid', (src) => src.replace('{{ item.title }}</a>', '{{ item.title }}</a> ({{ item.words }} words)'));
    const allowed = new Set<keyof PostView>(['title', 'url', 'date', 'slug']);
    const fastWatch = new ViewWatch(allowed);
    const slowWatch = new ViewWatch(allowed);
    const counts = counted(() => {
      renderer('compiled', root, fastWatch.wrap).render(fx.postPage(), '<p>x</p>');
    });
    expect(counts.compiled).toBe(1);
    renderer('liquidjs', root, slowWatch.wrap).render(fx.postPage(), '<p>x</p>');
    expect(fastWatch.violated).toBe(true);
    expect(slowWatch.violated).toBe(true);
    // The theme as it is reads named fields only.
    const clean = new ViewWatch(new Set<keyof PostView>(['title', 'url', 'date', 'summary', 'featured', 'tags', 'authors', 'updated', 'readingMinutes', 'draft', 'scheduled']));
    renderer('compiled', repo, clean.wrap).render(fx.homePage());
    renderer('compiled', repo, clean.wrap).render(fx.postPage(), '<p>x</p>');
    expect(clean.violated).toBe(false);
  });

  it('with stable summaries, makes each listed view once and renders the same pages', () => {
    const shared = [fx.summary('one'), fx.summary('two', { description: '' }), fx.summary('three', { featured: true })];
    const home = (): Page => ({ ...fx.homePage(), data: { ...(fx.homePage().data as ListPageData), posts: shared } });
    const post = (): Page => fx.postPage(fx.summary('own'), { previous: shared[0], next: shared[1], related: shared });
    const made = (stableSummaries: boolean): { html: string[]; views: number } => {
      let views = 0;
      const created = createPageRenderer({
        root: repo, templatesDir: join(repo, 'templates'), config: fx.config(), assets: fx.assets, engine: 'compiled', stableSummaries,
        listedView: (view) => {
          views++;
          return view;
        },
      });
      const html = [home(), post(), home(), post()].map((page) => created.value!.render(page, '<p>x</p>').value);
      return { html, views };
    };
    const stable = made(true);
    const fresh = made(false);
    expect(stable.html).toEqual(fresh.html);
    expect(stable.html[0]).toContain('/blog/posts/three/');
    expect(stable.views).toBe(3);
    expect(fresh.views).toBe(2 * (3 + 5));
  });

  it('marks a read outside the allowed fields through copied views too, and renders as through the Proxy', () => {
    const root = edited('post.liquid', (src) => src.replace('{{ item.title }}</a>', '{{ item.title }}</a> ({{ item.words }} words)'));
    const allowed = new Set<keyof PostView>(['title', 'url', 'date', 'slug']);
    const copied = new ViewWatch(allowed);
    const proxied = new ViewWatch(allowed);
    const html = renderer('compiled', root, copied.copy).render(fx.postPage(), '<p>x</p>').value;
    expect(html).toBe(renderer('compiled', root, proxied.wrap).render(fx.postPage(), '<p>x</p>').value);
    expect(html).toMatch(/\(\d+ words\)/);
    expect(copied.violated).toBe(true);
    const clean = new ViewWatch(new Set<keyof PostView>(['title', 'url', 'date', 'summary', 'featured', 'tags', 'authors', 'updated', 'readingMinutes', 'draft', 'scheduled']));
    renderer('compiled', repo, clean.copy).render(fx.homePage());
    renderer('compiled', repo, clean.copy).render(fx.postPage(), '<p>x</p>');
    expect(clean.violated).toBe(false);
  });
});
