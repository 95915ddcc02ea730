import type { TocEntry } from './types.js';

/**
 * A table of contents read when first asked for. A warm build of thousands of posts renders few
 * pages, and the tables of contents were three quarters of the render cache index's bytes: a cache
 * hit's post keeps its own in the entry until a page reads `toc`. The property is an ordinary
 * enumerable one to every reader (spread, structured clone, JSON): the first read replaces the
 * accessor with the value, and an assignment replaces it too.
 *
 * Every lazy `toc` shares one getter and one setter, and the reader waits in a non-enumerable
 * symbol property: V8 then gives thousands of such objects one hidden class. An accessor made of
 * closures per object, or one put in place of a data property, left each object a slow dictionary.
 */
const READER = Symbol('toc reader');

interface Waiting {
  toc: TocEntry[];
  [READER]?: (() => TocEntry[]) | undefined;
}

function readToc(this: Waiting): TocEntry[] {
  const toc = this[READER]!();
  settle(this, toc);
  return toc;
}

function assignToc(this: Waiting, toc: TocEntry[]): void {
  settle(this, toc);
}

const ACCESSOR: PropertyDescriptor = { enumerable: true, configurable: true, get: readToc, set: assignToc };

/**
 * Gives `target` a `toc` read by `read` when first asked for. Objects stay fast when `toc` is a new
 * property here, added where a literal would have it (see above); replacing a data property works too.
 */
export function defineLazyToc(target: object, read: () => TocEntry[]): void {
  Object.defineProperty(target, READER, { value: read, writable: true, configurable: true, enumerable: false });
  Object.defineProperty(target, 'toc', ACCESSOR);
}

/** Whether `target`'s table of contents is still waiting to be read (see defineLazyToc). */
export function tocWaiting(target: object): boolean {
  return Object.getOwnPropertyDescriptor(target, 'toc')?.get === readToc;
}

/**
 * `target.toc = source.toc`, without reading a table of contents that is still waiting to be read:
 * the property is added to `target` (or replaced, if it has one).
 */
export function copyToc(target: object, source: { readonly toc: TocEntry[] }): void {
  const own = Object.getOwnPropertyDescriptor(source, 'toc');
  if (own?.get !== undefined) defineLazyToc(target, () => source.toc);
  else (target as { toc: TocEntry[] }).toc = source.toc;
}

function settle(target: Waiting, toc: TocEntry[]): void {
  Object.defineProperty(target, 'toc', { value: toc, writable: true, enumerable: true, configurable: true });
  // Not deleted: a delete would make the object a dictionary; the reader (and what it holds) goes.
  if (target[READER] !== undefined) target[READER] = undefined;
}

/**
 * `Object.assign(target, source)` that leaves a table of contents still waiting to be read waiting:
 * `source`'s properties are copied as they are, its accessor as an accessor (with its reader).
 */
export function assignKeepingToc<T extends object, S extends { readonly toc: TocEntry[] }>(target: T, source: S): T & S {
  const own = Object.getOwnPropertyDescriptor(source, 'toc');
  if (own?.get === undefined) return Object.assign(target, source);
  return Object.defineProperties(target, Object.getOwnPropertyDescriptors(source)) as T & S;
}
