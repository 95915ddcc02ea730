import { afterEach, describe, expect, it } from 'vitest';
import { renderFeedFile } from '../../../src/render/feeds.js';
import { planSite } from '../../../src/site/index.js';
import type { PlannedFile, SitePlan } from '../../../src/site/types.js';
import { config, post, publishedOnly } from '../site/posts.js';
import { bodies, detectFormat, htmlToText, readAtom, readJson, readRss } from './render.js';

const site = config({
  url: 'https://example.com',
  basePath: '/blog/',
  title: 'Notes & <Things>',
  timeZone: 'Europe/Berlin',
  author: { name: 'Ada "A" <Lovelace> & co', email: 'ada@example.com', url: 'https://example.com/ada' },
});

const body =
  '<p><img src="chart.png" alt="c"> <a href="/x">root</a> <a href="#frag">frag</a> ' +
  '<a href="../other/">other</a> <a href="https://elsewhere.org/p?a=1&amp;b=2">abs</a> ' +
  '<a href="mailto:a@example.com">mail</a> <img srcset="s1.png 1x, s2.png 2x" src="s1.png" alt="s"></p>';

const store = bodies({ bundle: body, older: '<p>older</p>', other: '<p>other</p>', hostile: '<p>x ]]> y ]]> z</p>' });

function plan(posts = [post('bundle', '2024-02-05', { tags: ['Charts'] }), post('older', '2024-01-01', { tags: ['Misc'] })]): SitePlan {
  const result = planSite(posts, site, publishedOnly);
  expect(result.diagnostics).toEqual([]);
  return result.value;
}

function file(p: SitePlan, name: string): PlannedFile {
  return p.files.find((f) => f.file === name)!;
}

function render(p: SitePlan, name: string): string {
  return renderFeedFile(file(p, name), { config: site, bodies: store });
}

const expectedLinks = [
  'https://example.com/blog/posts/bundle/chart.png',
  'https://example.com/x',
  'https://example.com/blog/posts/bundle/#frag',
  'https://example.com/blog/posts/other/',
  // Absolute URLs are left alone; hast-util-to-html writes `&` in an attribute as `&#x26;`.
  'https://elsewhere.org/p?a=1&#x26;b=2',
  'mailto:a@example.com',
  'https://example.com/blog/posts/bundle/s1.png 1x, https://example.com/blog/posts/bundle/s2.png 2x',
  'https://example.com/blog/posts/bundle/s1.png',
];

function urlsIn(html: string): string[] {
  return [...html.matchAll(/\s(?:href|src|srcset)="([^"]*)"/g)].map((m) => m[1]!);
}

describe('RSS, Atom and JSON feeds', () => {
  it('are read by a feed reader as the right format', () => {
    const p = plan();
    expect(detectFormat(render(p, 'feed.xml'))).toBe('rss');
    expect(detectFormat(render(p, 'atom.xml'))).toBe('atom');
    expect(detectFormat(render(p, 'feed.json'))).toBe('json');
  });

  it('carry full content with every link made absolute against the post URL', () => {
    const p = plan();
    const rss = readRss(render(p, 'feed.xml'));
    const atom = readAtom(render(p, 'atom.xml'));
    const json = readJson(render(p, 'feed.json'));
    const rssHtml = rss.items![0]!.content!.encoded!;
    const atomHtml = atom.entries![0]!.content!.value!;
    const jsonHtml = json.items![0]!.content_html!;
    for (const html of [rssHtml, atomHtml, jsonHtml]) expect(urlsIn(html)).toEqual(expectedLinks);
  });

  it('give absolute URLs for the site, the feed and each item', () => {
    const p = plan();
    const rss = readRss(render(p, 'feed.xml'));
    expect(rss.link).toBe('https://example.com/blog/');
    expect(rss.atom?.links?.[0]?.href).toBe('https://example.com/blog/feed.xml');
    expect(rss.items!.map((i) => i.link)).toEqual(['https://example.com/blog/posts/bundle/', 'https://example.com/blog/posts/older/']);
    const atom = readAtom(render(p, 'atom.xml'));
    expect(atom.links?.map((l) => [l.rel, l.href])).toEqual([
      ['alternate', 'https://example.com/blog/'],
      ['self', 'https://example.com/blog/atom.xml'],
    ]);
    expect(atom.entries!.map((e) => e.links?.[0]?.href)).toEqual([
      'https://example.com/blog/posts/bundle/',
      'https://example.com/blog/posts/older/',
    ]);
    const json = readJson(render(p, 'feed.json'));
    expect(json.feed_url).toBe('https://example.com/blog/feed.json');
    expect(json.home_page_url).toBe('https://example.com/blog/');
    expect(json.items!.map((i) => i.url)).toEqual(['https://example.com/blog/posts/bundle/', 'https://example.com/blog/posts/older/']);
    expect(JSON.parse(render(p, 'feed.json')).version).toBe('https://jsonfeed.org/version/1.1');
  });

  it('date posts at midnight in the site time zone, and the feed at its newest post', () => {
    const p = plan([
      post('bundle', '2024-02-05', { updated: '2024-07-01' as never }),
      post('older', '2024-01-01', { dateTime: '2024-01-01T09:30:00+01:00' }),
    ]);
    const rss = render(p, 'feed.xml');
    expect(rss).toContain('<pubDate>Sun, 04 Feb 2024 23:00:00 GMT</pubDate>');
    expect(rss).toContain('<pubDate>Mon, 01 Jan 2024 08:30:00 GMT</pubDate>');
    expect(rss).toContain('<lastBuildDate>Sun, 30 Jun 2024 22:00:00 GMT</lastBuildDate>');
    const atom = readAtom(render(p, 'atom.xml'));
    expect(atom.updated).toBe('2024-06-30T22:00:00.000Z');
    expect(atom.entries!.map((e) => [e.published, e.updated])).toEqual([
      ['2024-02-04T23:00:00.000Z', '2024-06-30T22:00:00.000Z'],
      ['2024-01-01T08:30:00.000Z', '2024-01-01T08:30:00.000Z'],
    ]);
    const json = readJson(render(p, 'feed.json'));
    expect(json.items!.map((i) => [i.date_published, i.date_modified])).toEqual([
      ['2024-02-04T23:00:00.000Z', '2024-06-30T22:00:00.000Z'],
      ['2024-01-01T08:30:00.000Z', undefined],
    ]);
  });

  it('name the author from the config', () => {
    const p = plan();
    expect(readRss(render(p, 'feed.xml')).items![0]!.dc?.creators).toEqual(['Ada "A" <Lovelace> & co']);
    expect(readAtom(render(p, 'atom.xml')).entries![0]!.authors).toEqual([
      { name: 'Ada "A" <Lovelace> & co', email: 'ada@example.com', uri: 'https://example.com/ada' },
    ]);
    expect(readJson(render(p, 'feed.json')).authors).toEqual([{ name: 'Ada "A" <Lovelace> & co', url: 'https://example.com/ada' }]);
  });

  it('name a post\'s own authors, every one, and the site author for the others', () => {
    const p = plan([
      post('bundle', '2024-02-05', { authors: ['Grace <Hopper> & co', 'Alan ]]> Turing'] }),
      post('older', '2024-01-01'),
    ]);
    const rss = readRss(render(p, 'feed.xml'));
    expect(rss.items!.map((i) => i.dc?.creators)).toEqual([['Grace <Hopper> & co', 'Alan ]]> Turing'], ['Ada "A" <Lovelace> & co']]);
    const atom = readAtom(render(p, 'atom.xml'));
    expect(atom.entries!.map((e) => e.authors!.map((a) => a.name))).toEqual([['Grace <Hopper> & co', 'Alan ]]> Turing'], ['Ada "A" <Lovelace> & co']]);
    const json = readJson(render(p, 'feed.json'));
    expect(json.items!.map((i) => (i as { authors?: unknown }).authors)).toEqual([[{ name: 'Grace <Hopper> & co' }, { name: 'Alan ]]> Turing' }], undefined]);
  });

  it('read a date-time without an offset in the site\'s time zone', () => {
    // 10:00 in Berlin in winter is 09:00 UTC; in summer 08:00.
    const p = plan([post('bundle', '2024-02-05', { dateTime: '2024-02-05T10:00:00' }), post('older', '2023-07-01', { dateTime: '2023-07-01T10:00:00' })]);
    const json = readJson(render(p, 'feed.json'));
    expect(json.items!.map((i) => i.date_published)).toEqual(['2024-02-05T09:00:00.000Z', '2023-07-01T08:00:00.000Z']);
  });
});

describe('hostile text', () => {
  const title = `<script>alert("x")</script> & ]]> 'quotes' ]]> &amp; done`;
  const tag = { name: `<b>R&D</b> "q" ]]>`, slug: 'r-d' };
  const description = `<img src=x onerror=alert(1)> & ]]>`;
  const p = () => plan([post('hostile', '2024-03-03', { title, description, tags: [tag] })]);

  it('keeps RSS well-formed and reads back the exact title, tag and description', () => {
    const rss = readRss(render(p(), 'feed.xml'));
    expect(rss.title).toBe('Notes & <Things>');
    const item = rss.items![0]!;
    expect(item.title).toBe(title);
    expect(item.categories?.map((c) => c.name)).toEqual([tag.name]);
    // RSS descriptions are HTML: the plain-text description is escaped so it shows as text.
    expect(htmlToText(item.description!)).toBe(description);
    expect(item.content!.encoded).toBe('<p>x ]]&gt; y ]]&gt; z</p>');
  });

  it("escapes a tag's name in its RSS channel description, which readers render as HTML", () => {
    const rss = readRss(render(p(), 'tags/r-d/feed.xml'));
    expect(rss.description).not.toContain('<b>');
    expect(htmlToText(rss.description!)).toBe(`Posts tagged “${tag.name}” on Notes & <Things>.`);
  });

  it('keeps Atom well-formed; its HTML-typed title stands for the exact title', () => {
    const atom = readAtom(render(p(), 'atom.xml'));
    expect(atom.title?.value).toBe('Notes & <Things>');
    const entry = atom.entries![0]!;
    expect(entry.title?.type).toBe('html');
    expect(entry.title?.value).not.toContain('<script>');
    expect(htmlToText(entry.title!.value!)).toBe(title);
    expect(entry.categories?.map((c) => c.term)).toEqual(['r-d']);
  });

  it('keeps JSON valid with every field exact', () => {
    const text = render(p(), 'feed.json');
    const raw = JSON.parse(text);
    expect(raw.title).toBe('Notes & <Things>');
    expect(raw.items[0].title).toBe(title);
    expect(raw.items[0].summary).toBe(description);
    expect(raw.items[0].tags).toEqual([tag.name]);
  });

  it('drops characters XML cannot carry instead of writing a broken feed', () => {
    const bad = plan([post('hostile', '2024-03-03', { title: 'bell\u0007 and \uD800 lone' })]);
    expect(readRss(render(bad, 'feed.xml')).items![0]!.title).toBe('bell and  lone');
    expect(readAtom(render(bad, 'atom.xml')).entries![0]!.title?.value).toBe('bell and  lone');
  });
});

describe('which posts a feed holds', () => {
  it('a tag feed holds only that tag’s posts', () => {
    const p = plan([
      post('bundle', '2024-02-05', { tags: ['Charts'] }),
      post('other', '2024-01-05', { tags: ['Charts', 'Misc'] }),
      post('older', '2024-01-01', { tags: ['Misc'] }),
    ]);
    const charts = readRss(render(p, 'tags/charts/feed.xml'));
    expect(charts.title).toBe('Notes & <Things>: Charts');
    expect(charts.link).toBe('https://example.com/blog/tags/charts/');
    expect(charts.items!.map((i) => i.link)).toEqual([
      'https://example.com/blog/posts/bundle/',
      'https://example.com/blog/posts/other/',
    ]);
    const misc = readRss(render(p, 'tags/misc/feed.xml'));
    expect(misc.items!.map((i) => i.link)).toEqual(['https://example.com/blog/posts/other/', 'https://example.com/blog/posts/older/']);
  });

  it('drafts and scheduled posts are in no feed', () => {
    const p = plan([
      post('older', '2024-01-01', { tags: ['Misc'] }),
      post('bundle', '2024-03-01', { draft: true, tags: ['Misc'] }),
      post('other', '2030-01-01', { tags: ['Misc'] }),
    ]);
    for (const name of ['feed.xml', 'atom.xml', 'feed.json', 'tags/misc/feed.xml']) {
      const text = render(p, name);
      expect(text).toContain('/posts/older/');
      expect(text).not.toContain('/posts/bundle/');
      expect(text).not.toContain('/posts/other/');
    }
  });

  it('an empty feed is still a valid, deterministic feed', () => {
    const p = plan([]);
    const rss = readRss(render(p, 'feed.xml'));
    expect(rss.items ?? []).toEqual([]);
    expect(render(p, 'atom.xml')).toContain('<updated>1970-01-01T00:00:00.000Z</updated>');
    expect(JSON.parse(render(p, 'feed.json')).items).toEqual([]);
  });
});

describe('determinism', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    process.env.TZ = originalTz;
  });

  it('writes byte-identical feeds under any process TZ', () => {
    const outputs = ['Pacific/Kiritimati', 'America/Los_Angeles', 'UTC'].map((tz) => {
      process.env.TZ = tz;
      const p = plan();
      return ['feed.xml', 'atom.xml', 'feed.json', 'tags/charts/feed.xml'].map((name) => render(p, name)).join('\n');
    });
    expect(outputs[1]).toBe(outputs[0]);
    expect(outputs[2]).toBe(outputs[0]);
  });
});

describe('absolute URLs in feed content', () => {
  it('rewrites only real attributes: not text that looks like one, and not past a > inside a value', async () => {
    const { absoluteHtml } = await import('../../../src/render/feeds.js');
    const html = '<p>Write href="x.png" in text</p><a title="a > b" href="rel/">r</a><img src="c&#x26;d.png" alt="">';
    expect(absoluteHtml(html, 'https://example.com/posts/p/')).toBe(
      '<p>Write href="x.png" in text</p><a title="a > b" href="https://example.com/posts/p/rel/">r</a>' +
        '<img src="https://example.com/posts/p/c&#x26;d.png" alt="">',
    );
  });
});
