import type { TocEntry } from './types.js';

/**
 * A table of contents read when first asked for. A warm build of thousands of posts renders few
 * pages, and the tables of contents were three quarters of the render cache index's bytes: a cache
 * hit's post keeps its own in the entry until a page reads `toc`. The property is an ordinary
 * enumerable one to every reader (spread, structured clone, JSON): the first read replaces the
 * accessor with the value, and an assignment replaces it too.
 */
export function defineLazyToc(target: { toc: TocEntry[] }, read: () => TocEntry[]): void {
  Object.defineProperty(target, 'toc', {
    enumerable: true,
    configurable: true,
    get(this: { toc: TocEntry[] }) {
      const toc = read();
      settle(this, toc);
      return toc;
    },
    set(this: { toc: TocEntry[] }, toc: TocEntry[]) {
      settle(this, toc);
    },
  });
}

/** `target.toc = source.toc`, without reading a table of contents that is still waiting to be read. */
export function copyToc(target: { toc: TocEntry[] }, source: { readonly toc: TocEntry[] }): void {
  const own = Object.getOwnPropertyDescriptor(source, 'toc');
  if (own?.get !== undefined) defineLazyToc(target, () => source.toc);
  else target.toc = source.toc;
}

function settle(target: { toc: TocEntry[] }, toc: TocEntry[]): void {
  Object.defineProperty(target, 'toc', { value: toc, writable: true, enumerable: true, configurable: true });
}

/**
 * `Object.assign(target, source)` that leaves a table of contents still waiting to be read waiting:
 * `source`'s properties are copied as they are, its accessor as an accessor.
 */
export function assignKeepingToc<T extends object, S extends { readonly toc: TocEntry[] }>(target: T, source: S): T & S {
  const own = Object.getOwnPropertyDescriptor(source, 'toc');
  if (own?.get === undefined) return Object.assign(target, source);
  return Object.defineProperties(target, Object.getOwnPropertyDescriptors(source)) as T & S;
}
