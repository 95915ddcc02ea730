import { readEntryHtml } from './render-cache.js';
import type { BodyStore } from './types.js';

/** A cache entry whose HTML no longer matches its checksum; the post must be rendered again. */
export class DamagedEntryError extends Error {
  constructor(readonly slug: string, readonly path: string) {
    super(`The render cache entry ${path} is damaged.`);
    this.name = 'DamagedEntryError';
  }
}

/**
 * Post HTML by slug. With a render cache, only the entry path is held and the HTML is read back
 * (and verified) when a page or feed asks for it, so memory grows with the number of posts, not
 * with their bodies. Without a cache, or where writing the cache failed, the HTML stays in memory.
 */
export class RenderedBodies implements BodyStore {
  readonly #memory = new Map<string, string>();
  readonly #onDisk = new Map<string, string>();
  readonly #keys = new Map<string, string>();
  readonly #repair: (slugs: string[], store: RenderedBodies) => Promise<void>;

  /** `repair` renders the named posts again and puts their HTML back into `store` (this one). */
  constructor(repair: (slugs: string[], store: RenderedBodies) => Promise<void> = async () => undefined) {
    this.#repair = repair;
  }

  keep(slug: string, html: string): void {
    this.#onDisk.delete(slug);
    this.#memory.set(slug, html);
  }

  point(slug: string, entryPath: string): void {
    this.#memory.delete(slug);
    this.#onDisk.set(slug, entryPath);
  }

  setKey(slug: string, key: string): void {
    this.#keys.set(slug, key);
  }

  key(slug: string): string {
    const key = this.#keys.get(slug);
    if (key === undefined) throw new Error(`BodyStore: no rendered post with slug "${slug}"`);
    return key;
  }

  entryFile(slug: string): string | undefined {
    return this.#memory.has(slug) ? undefined : this.#onDisk.get(slug);
  }

  /** Throws {@link DamagedEntryError} when the cached HTML fails its checksum: call {@link repair}, then ask again. */
  html(slug: string): string {
    const inMemory = this.#memory.get(slug);
    if (inMemory !== undefined) return inMemory;
    const path = this.#onDisk.get(slug);
    if (path === undefined) throw new Error(`BodyStore: no rendered post with slug "${slug}"`);
    const html = readEntryHtml(path);
    if (html === null) throw new DamagedEntryError(slug, path);
    return html;
  }

  repair(slugs: string[]): Promise<void> {
    return this.#repair(slugs, this);
  }

  /** Everything the store holds, as plain data, to rebuild it in another thread with {@link fromSnapshot}. */
  snapshot(): BodySnapshot {
    return { memory: [...this.#memory], onDisk: [...this.#onDisk], keys: [...this.#keys] };
  }

  /** A store with a snapshot's bodies and keys; it cannot repair (a damaged entry throws). */
  static fromSnapshot(snapshot: BodySnapshot): RenderedBodies {
    const store = new RenderedBodies();
    for (const [slug, html] of snapshot.memory) store.keep(slug, html);
    for (const [slug, path] of snapshot.onDisk) store.point(slug, path);
    for (const [slug, key] of snapshot.keys) store.setKey(slug, key);
    return store;
  }
}

export interface BodySnapshot {
  memory: Array<[string, string]>;
  onDisk: Array<[string, string]>;
  keys: Array<[string, string]>;
}
