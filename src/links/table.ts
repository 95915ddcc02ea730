import type { LinkData } from './cache.js';

/** Entries per chunk: 4 MB of indexes; a page's record never spans two chunks. */
const CHUNK = 1 << 20;

/**
 * The link data of every page a build rendered, kept until the link check at the end: compactly,
 * because a site of 100,000 posts renders about 150,000 pages with some 60 ids and URLs each.
 * Every distinct string is held once, and a page is a run of indexes into them in a shared
 * Uint32Array: about 4 bytes per link instead of an array slot, an array and an object per page
 * (figures: bench/RESULTS.md, "Machinery with and without").
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
    const at = this.#record(file);
    if (at === undefined) return undefined;
    const [chunk, start] = at;
    const ids = chunk[start]!;
    const urls = chunk[start + 1]!;
    const body = chunk[start + 2]!;
    const links: LinkData = { ids: this.#read(chunk, start + 3, ids), urls: this.#read(chunk, start + 3 + ids, urls) };
    if (body > 0) links.bodyUrls = this.#read(chunk, start + 3 + ids + urls, body - 1);
    return links;
  }

  /** A page's ids alone, without decoding its URLs. */
  ids(file: string): string[] | undefined {
    const at = this.#record(file);
    return at && this.#read(at[0], at[1] + 3, at[0][at[1]]!);
  }

  #record(file: string): [Uint32Array, number] | undefined {
    const position = this.#pages.get(file);
    return position === undefined ? undefined : [this.#chunks[Math.floor(position / CHUNK)]!, position % CHUNK];
  }

  #read(chunk: Uint32Array, from: number, count: number): string[] {
    const out = new Array<string>(count);
    for (let i = 0; i < count; i++) out[i] = this.#strings[chunk[from + i]!]!;
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
