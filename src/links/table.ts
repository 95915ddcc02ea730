import type { LinkData } from './cache.js';

/** Entries per chunk: 4 MB of indexes; a page's record never spans two chunks. */
const CHUNK = 1 << 20;

/**
 * The link data of every page a build rendered, kept until the link check at the end: compactly,
 * because a site of 100,000 posts renders about 150,000 pages with some 60 ids and URLs each.
 * Every distinct string is held once, and a page is a run of indexes into them in a shared
 * Uint32Array: about 4 bytes per link instead of an array slot, an array and an object per page
 * (measured: about 1 KB per page as arrays, 150 MB at that size).
 *
 * `get` decodes a page's data afresh on each call: callers use it and let it go.
 */
export class LinkTable {
  readonly #strings: string[] = [];
  readonly #index = new Map<string, number>();
  readonly #chunks: Uint32Array[] = [];
  #used = CHUNK;
  /** Page file → chunk number and offset of its record (chunk * CHUNK + offset). */
  readonly #pages = new Map<string, number>();

  get size(): number {
    return this.#pages.size;
  }

  has(file: string): boolean {
    return this.#pages.has(file);
  }

  /** Record: ids count, URL count, body URL count + 1 (0: no body URLs list), then the three lists. */
  set(file: string, links: LinkData): void {
    const body = links.bodyUrls;
    const length = 3 + links.ids.length + links.urls.length + (body?.length ?? 0);
    if (length > CHUNK) throw new Error(`LinkTable: ${file} has more than ${CHUNK - 3} ids and links.`);
    if (this.#used + length > CHUNK) {
      this.#chunks.push(new Uint32Array(CHUNK));
      this.#used = 0;
    }
    const chunk = this.#chunks[this.#chunks.length - 1]!;
    let at = this.#used;
    this.#pages.set(file, (this.#chunks.length - 1) * CHUNK + at);
    chunk[at++] = links.ids.length;
    chunk[at++] = links.urls.length;
    chunk[at++] = body === undefined ? 0 : body.length + 1;
    for (const list of [links.ids, links.urls, body ?? []]) for (const value of list) chunk[at++] = this.#intern(value);
    this.#used = at;
  }

  get(file: string): LinkData | undefined {
    const position = this.#pages.get(file);
    if (position === undefined) return undefined;
    const chunk = this.#chunks[Math.floor(position / CHUNK)]!;
    let at = position % CHUNK;
    const ids = chunk[at++]!;
    const urls = chunk[at++]!;
    const body = chunk[at++]!;
    const read = (count: number): string[] => {
      const out = new Array<string>(count);
      for (let i = 0; i < count; i++) out[i] = this.#strings[chunk[at++]!]!;
      return out;
    };
    const links: LinkData = { ids: read(ids), urls: read(urls) };
    if (body > 0) links.bodyUrls = read(body - 1);
    return links;
  }

  /** A page's ids alone, without decoding its URLs. */
  ids(file: string): string[] | undefined {
    const position = this.#pages.get(file);
    if (position === undefined) return undefined;
    const chunk = this.#chunks[Math.floor(position / CHUNK)]!;
    const start = (position % CHUNK) + 3;
    const out = new Array<string>(chunk[position % CHUNK]!);
    for (let i = 0; i < out.length; i++) out[i] = this.#strings[chunk[start + i]!]!;
    return out;
  }

  #intern(value: string): number {
    let index = this.#index.get(value);
    if (index === undefined) {
      index = this.#strings.length;
      this.#strings.push(value);
      this.#index.set(value, index);
    }
    return index;
  }
}
