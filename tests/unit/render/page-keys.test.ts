import { describe, expect, it } from 'vitest';
import { createKeyer } from '../../../src/render/page-keys.js';
import type { BodyStore } from '../../../src/markdown/types.js';
import type { Page, PlannedFile, PostSummary } from '../../../src/site/types.js';
import { summary } from './pages.js';

/** Bodies keyed by a version per slug, as the render cache keys them. */
function bodies(versions: Record<string, string> = {}): BodyStore & { key(slug: string): string } {
  return {
    html: (slug: string) => `<p>${slug}</p>`,
    key: (slug: string) => `${slug}@${versions[slug] ?? '1'}`,
  } as BodyStore & { key(slug: string): string };
}

function postPage(post: PostSummary, related: PostSummary[], previous?: PostSummary): Page {
  return {
    url: post.url, file: `posts/${post.slug}/index.html`, template: 'post', title: post.title,
    description: post.description, origin: post.source,
    data: { kind: 'post', post, toc: [], related, ...(previous ? { previous } : {}) },
  };
}

function homePage(posts: PostSummary[]): Page {
  return {
    url: '/', file: 'index.html', template: 'list', title: 'Home', description: '', origin: 'home',
    data: { kind: 'home', posts, pagination: { page: 1, pages: 1 } },
  };
}

/** A small site: a, b, c; a relates to b; the home page lists a and b; a feed covers a and c. */
function site(overrides: Partial<Record<'a' | 'b' | 'c', Partial<PostSummary>>> = {}) {
  const a = summary('a', overrides.a);
  const b = summary('b', overrides.b);
  const c = summary('c', overrides.c);
  const pages = [postPage(a, [b]), postPage(b, [], a), postPage(c, []), homePage([a, b])];
  const feed: PlannedFile = { file: 'feed.xml', origin: 'feeds', kind: 'rss', posts: [a, c] };
  return { pages, feed };
}

function keys(
  overrides: Parameters<typeof site>[0] = {},
  versions: Record<string, string> = {},
  siteKey = 's',
  listed: Parameters<typeof createKeyer>[3] = 'all',
) {
  const { pages, feed } = site(overrides);
  const keyer = createKeyer({ pages: siteKey, files: siteKey }, pages, bodies(versions), listed);
  return { a: keyer.page(pages[0]!), b: keyer.page(pages[1]!), c: keyer.page(pages[2]!), home: keyer.page(pages[3]!), feed: keyer.file(feed) };
}

describe('page keys', () => {
  it('are stable for the same inputs', () => {
    expect(keys()).toEqual(keys());
  });

  it('change for a post page, the pages that show it and its feeds when its summary changes', () => {
    const before = keys();
    const after = keys({ b: { title: 'A new title' } });
    expect(after.b).not.toBe(before.b);
    expect(after.a).not.toBe(before.a); // a lists b as related
    expect(after.home).not.toBe(before.home);
    expect(after.c).toBe(before.c);
    expect(after.feed).toBe(before.feed); // the feed covers a and c only
  });

  it('change for a post page and its feeds when only its body changes, not for pages that only list it', () => {
    const before = keys();
    const after = keys({}, { c: '2' });
    expect(after.c).not.toBe(before.c);
    expect(after.feed).not.toBe(before.feed);
    expect(after.a).toBe(before.a);
    expect(after.home).toBe(before.home);
  });

  it('change for every page when the site key changes', () => {
    const before = keys();
    const after = keys({}, {}, 'other');
    for (const name of ['a', 'b', 'c', 'home', 'feed'] as const) expect(after[name]).not.toBe(before[name]);
  });

  it('keep planned files when only the pages\' shared key changes (a template edit), not when the files\' one does', () => {
    const { pages, feed } = site();
    const key = (shared: { pages: string; files: string }) => {
      const keyer = createKeyer(shared, pages, bodies());
      return { page: keyer.page(pages[0]!), feed: keyer.file(feed) };
    };
    const before = key({ pages: 'templates-1', files: 'settings-1' });
    const edited = key({ pages: 'templates-2', files: 'settings-1' });
    expect(edited.page).not.toBe(before.page);
    expect(edited.feed).toBe(before.feed);
    expect(key({ pages: 'templates-1', files: 'settings-2' }).feed).not.toBe(before.feed);
  });

  it('tell the previous post apart from a related one', () => {
    const a = summary('a');
    const b = summary('b');
    const keyer = createKeyer({ pages: 's', files: 's' }, [postPage(a, []), postPage(b, [a]), postPage(b, [], a)], bodies());
    expect(keyer.page(postPage(b, [a]))).not.toBe(keyer.page(postPage(b, [], a)));
  });

  it('count a listed post by the fields its templates read, its own page and feeds by all of them', () => {
    const listed = ['date', 'title', 'url'] as const;
    const before = keys({}, {}, 's', [...listed]);
    const words = keys({ b: { words: 999 } }, {}, 's', [...listed]);
    expect(words.b).not.toBe(before.b); // b's own page
    expect(words.a).toBe(before.a); // lists b as related, by title, date and URL only
    expect(words.home).toBe(before.home);
    const title = keys({ b: { title: 'Retitled' } }, {}, 's', [...listed]);
    expect(title.a).not.toBe(before.a);
    expect(title.home).not.toBe(before.home);
    const feed = keys({ c: { words: 5 } }, {}, 's', [...listed]);
    expect(feed.feed).not.toBe(before.feed);
  });

  it('differ between narrowed and whole listed posts, so widening re-renders every list', () => {
    const narrow = keys({}, {}, 's', ['date', 'title', 'url']);
    const whole = keys();
    expect(narrow.home).not.toBe(whole.home);
    expect(narrow.a).not.toBe(whole.a);
    expect(narrow.c).toBe(whole.c); // lists nothing
  });

  it("never read a post page's table of contents, which its body key covers, and count the next post", () => {
    const a = summary('a');
    const b = summary('b');
    const c = summary('c');
    const page = postPage(b, [], a);
    // A table of contents still waiting in the render cache (markdown/lazy-toc.ts) must stay unread.
    Object.defineProperty(page.data, 'toc', { enumerable: true, configurable: true, get: () => { throw new Error('toc read'); } });
    const keyer = createKeyer({ pages: 's', files: 's' }, [postPage(a, []), page, postPage(c, [])], bodies());
    const key = keyer.page(page);
    const withNext = postPage(b, [], a);
    if (withNext.data.kind === 'post') withNext.data.next = c;
    expect(keyer.page(withNext)).not.toBe(key);
    const otherToc = postPage(b, [], a);
    if (otherToc.data.kind === 'post') otherToc.data.toc = [{ depth: 2, id: 'x', text: 'X' }];
    expect(keyer.page(otherToc)).toBe(key);
  });
});
