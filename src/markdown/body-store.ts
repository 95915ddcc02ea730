import { readEntryHtml } from './render-cache.js';
import type { BodyStore } from './types.js';

/**
 * Post HTML by slug. With a render cache, only the entry path is held and the HTML is read back
 * (and verified) when a page or feed asks for it, so memory grows with the number of posts, not
 * with their bodies. Without a cache, or where writing the cache failed, the HTML stays in memory.
 */
export class RenderedBodies implements BodyStore {
  readonly #memory = new Map<string, string>();
  readonly #onDisk = new Map<string, string>();

  keep(slug: string, html: string): void {
    this.#onDisk.delete(slug);
    this.#memory.set(slug, html);
  }

  point(slug: string, entryPath: string): void {
    this.#memory.delete(slug);
    this.#onDisk.set(slug, entryPath);
  }

  html(slug: string): string {
    const inMemory = this.#memory.get(slug);
    if (inMemory !== undefined) return inMemory;
    const path = this.#onDisk.get(slug);
    if (path === undefined) throw new Error(`BodyStore: no rendered post with slug "${slug}"`);
    const html = readEntryHtml(path);
    // Only another process deleting or editing the cache during the build gets here.
    if (html === null) throw new Error(`The render cache entry ${path} changed during the build; run the build again.`);
    return html;
  }
}
