import type { ArchiveData, ListPageData, MenuItem, NotFoundData, Page, PostPageData, PostSummary, SearchPageData, TagIndexData } from '../site/types.js';

/**
 * Pages as sent to a page worker. A site's pages list the same post summaries again and again
 * (a post page its previous, next and related posts, a list page ten posts; 45,000 listings of
 * 4,000 summaries for a site of 4,000 posts), and every page has the same menu: each is sent to a
 * worker once, and by number from then on.
 */

/** A summary or the menu, by its number in the worker's table. */
type Ref = number;

type SentData =
  | (Omit<PostPageData, 'post' | 'previous' | 'next' | 'related'> & { post: Ref; previous?: Ref; next?: Ref; related: Ref[] })
  | (Omit<ListPageData, 'posts' | 'featured'> & { posts: Ref[]; featured?: Ref[] })
  | (Omit<ArchiveData, 'years'> & { years: Array<{ year: string; posts: Ref[] }> })
  | TagIndexData
  | NotFoundData
  | SearchPageData;

export type SentPage = Omit<Page, 'data' | 'menu'> & { data: SentData; menu?: Ref };

type Shared = PostSummary | MenuItem[];

/** A copy of `value` with the named fields mapped, every key in its place (and order). */
function mapFields<T extends object>(value: T, fields: { [K in keyof T]?: (field: NonNullable<T[K]>) => unknown }, unread?: keyof T & string): unknown {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value) as Array<keyof T & string>) {
    // Kept in its place, to be filled in by the receiver.
    if (key === unread) {
      out[key] = undefined;
      continue;
    }
    const field = value[key];
    const map = fields[key];
    out[key] = map && field !== undefined ? map(field as NonNullable<T[keyof T & string]>) : field;
  }
  return out;
}

/** What a message to a worker adds to its table before its pages: `reset` empties the table first. */
export interface TableUpdate {
  reset: boolean;
  fresh: Shared[];
}

/** Entries a worker's table holds at most (a large site's summaries would fill its heap): then it starts again. */
const TABLE_LIMIT = 10_000;

/** One worker's side of the table, in the main thread: what was sent to it already. */
export class PageSender {
  readonly #known = new Map<Shared, Ref>();
  #fresh: Shared[] = [];
  #reset = false;

  constructor(private readonly limit = TABLE_LIMIT) {}

  /**
   * The page as sent; what it lists for the first time goes with the next `update()`. With
   * `tocUnread` a post page's table of contents is left out, unread: the worker reads it itself.
   */
  pack(page: Page, tocUnread = false): SentPage {
    return mapFields(page, { data: (data) => this.#data(data, tocUnread), menu: (menu) => this.#ref(menu) }) as SentPage;
  }

  /**
   * For the message that carries every page packed since the last call: the summaries and menus
   * first listed since, in the order they were numbered. A full table starts again after it.
   */
  update(): TableUpdate {
    const update = { reset: this.#reset, fresh: this.#fresh };
    this.#fresh = [];
    this.#reset = this.#known.size >= this.limit;
    if (this.#reset) this.#known.clear();
    return update;
  }

  #ref(value: Shared): Ref {
    let ref = this.#known.get(value);
    if (ref === undefined) {
      ref = this.#known.size;
      this.#known.set(value, ref);
      this.#fresh.push(value);
    }
    return ref;
  }

  #data(data: Page['data'], tocUnread: boolean): SentData {
    const one = (post: PostSummary): Ref => this.#ref(post);
    const list = (posts: readonly PostSummary[]): Ref[] => posts.map(one);
    switch (data.kind) {
      case 'post':
        return mapFields(data, { post: one, previous: one, next: one, related: list }, tocUnread ? 'toc' : undefined) as SentData;
      case 'home':
      case 'tag':
      case 'featured':
      case 'author':
        return mapFields(data, { posts: list, featured: list }) as SentData;
      case 'archive':
        return mapFields(data, { years: (years) => years.map((year) => mapFields(year, { posts: list })) }) as SentData;
      default:
        return data;
    }
  }
}

/** The worker's side: the table, filled in the order the sender numbered. */
export class PageReceiver {
  readonly #table: Shared[] = [];

  update({ reset, fresh }: TableUpdate): void {
    if (reset) this.#table.length = 0;
    for (const value of fresh) this.#table.push(value);
  }

  unpack(sent: SentPage): Page {
    return mapFields(sent, { data: (data) => this.#data(data), menu: (menu) => this.#table[menu] }) as Page;
  }

  #data(data: SentData): Page['data'] {
    const one = (ref: Ref): PostSummary => this.#table[ref] as PostSummary;
    const list = (refs: readonly Ref[]): PostSummary[] => refs.map(one);
    switch (data.kind) {
      case 'post':
        return mapFields(data, { post: one, previous: one, next: one, related: list }) as Page['data'];
      case 'home':
      case 'tag':
      case 'featured':
      case 'author':
        return mapFields(data, { posts: list, featured: list }) as Page['data'];
      case 'archive':
        return mapFields(data, { years: (years) => years.map((year) => mapFields(year, { posts: list })) }) as Page['data'];
      default:
        return data;
    }
  }
}
