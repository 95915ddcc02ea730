import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { PageReceiver, PageSender, type SentPage, type TableUpdate } from '../../../src/render/sent-pages.js';
import type { Page } from '../../../src/site/types.js';
import { archivePage, featuredPage, homePage, notFoundPage, postPage, summary, tagPage, tagsPage } from './pages.js';

/** What a worker gets: the message cloned as postMessage clones it. */
function cloned<T>(value: T): T {
  return deserialize(serialize(value)) as T;
}

/** Sends pages one message each through a sender and a receiver, as the pool and a worker do. */
function roundTrip(pages: Page[], sender = new PageSender(), receiver = new PageReceiver()): { pages: Page[]; sent: TableUpdate[] } {
  const sent: TableUpdate[] = [];
  const out = pages.map((page) => {
    const packed = sender.pack(page);
    const message = cloned({ table: sender.update(), page: packed });
    sent.push(message.table);
    receiver.update(message.table);
    return receiver.unpack(message.page);
  });
  return { pages: out, sent };
}

const menu = [{ title: 'Home', url: '/blog/' }, { title: 'Tags', url: '/blog/tags/' }];

describe('pages sent to a page worker', () => {
  it('arrive as the pages they were, for every kind, keys in the same order', () => {
    const pages = [postPage(), homePage(), tagPage(), tagsPage(), archivePage(), notFoundPage(), featuredPage()].map((page) => ({ ...page, menu }));
    const { pages: received } = roundTrip(pages);
    expect(received).toEqual(pages);
    expect(received.map((page) => JSON.stringify(page))).toEqual(pages.map((page) => JSON.stringify(page)));
  });

  it('keep a post page without previous and next as it was', () => {
    const lone = postPage(summary('alone'), { previous: undefined, next: undefined, related: [] });
    const [received] = roundTrip([lone]).pages;
    expect(received).toEqual(lone);
    expect(Object.keys(received!.data)).toEqual(Object.keys(lone.data));
  });

  it('send each summary and the menu once, then by number', () => {
    const shared = [summary('a'), summary('b'), summary('c'), summary('d')];
    const pages = shared.map((post, i) =>
      ({ ...postPage(post, { previous: shared[i - 1], next: shared[i + 1], related: shared.filter((other) => other !== post).slice(0, 2) }), menu }),
    );
    for (const page of pages) if (page.data.kind === 'post' && page.data.previous === undefined) delete page.data.previous;
    const { pages: received, sent } = roundTrip(pages);
    expect(received).toEqual(pages);
    // Four summaries and one menu in all, though the pages list summaries 4 + 3 + 8 = 15 times.
    expect(sent.flatMap((update) => update.fresh)).toHaveLength(5);
    expect(sent[0]!.fresh.length).toBeGreaterThan(1);
    expect(sent.at(-1)!.fresh).toHaveLength(0);
    // On the worker the pages share one copy of each summary again.
    const [first, second] = received.map((page) => page.data);
    if (first?.kind !== 'post' || second?.kind !== 'post') throw new Error('post pages expected');
    expect(second.previous).toBe(first.post);
  });

  it('start the table again when it is full, without losing a page packed before', () => {
    const sender = new PageSender(3);
    const receiver = new PageReceiver();
    const posts = Array.from({ length: 8 }, (_, i) => summary(`post-${i}`));
    const pages = posts.map((post, i) => postPage(post, { previous: posts[i - 1] ?? posts[7], next: posts[(i + 1) % 8], related: [posts[(i + 3) % 8]!] }));
    // Two pages per message: both packed before the update that carries them.
    const received: Page[] = [];
    const updates: TableUpdate[] = [];
    for (let i = 0; i < pages.length; i += 2) {
      const packed: SentPage[] = pages.slice(i, i + 2).map((page) => sender.pack(page));
      const message = cloned({ table: sender.update(), pages: packed });
      updates.push(message.table);
      receiver.update(message.table);
      received.push(...message.pages.map((page) => receiver.unpack(page)));
    }
    expect(received).toEqual(pages);
    expect(updates.some((update) => update.reset)).toBe(true);
    expect(updates[0]!.reset).toBe(false);
  });
});
