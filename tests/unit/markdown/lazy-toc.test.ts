import { describe, expect, it } from 'vitest';
import { assignKeepingToc, copyToc, defineLazyToc } from '../../../src/markdown/lazy-toc.js';
import type { TocEntry } from '../../../src/markdown/types.js';

const toc = (text: string): TocEntry[] => [{ depth: 2, id: text, text }] as unknown as TocEntry[];

/** An object with a lazy `toc` added between its other fields, as the build makes them; counts the reads. */
function waiting(text: string): { target: { a: number; toc: TocEntry[]; b: number }; reads: () => number } {
  let reads = 0;
  const target = { a: 1 } as { a: number; toc: TocEntry[]; b: number };
  defineLazyToc(target, () => {
    reads++;
    return toc(text);
  });
  target.b = 2;
  return { target, reads: () => reads };
}

describe('a table of contents read when first asked for', () => {
  it('is read once, on the first read, and is then a plain property in its place', () => {
    const { target, reads } = waiting('x');
    expect(reads()).toBe(0);
    expect(Object.keys(target)).toEqual(['a', 'toc', 'b']);
    expect(target.toc).toEqual(toc('x'));
    expect(target.toc).toBe(target.toc);
    expect(reads()).toBe(1);
    expect(Object.getOwnPropertyDescriptor(target, 'toc')).toMatchObject({ writable: true, enumerable: true });
    expect(Object.keys(target)).toEqual(['a', 'toc', 'b']);
  });

  it('reads as an ordinary field through JSON, spread and structured clone', () => {
    expect(JSON.parse(JSON.stringify(waiting('j').target))).toEqual({ a: 1, toc: toc('j'), b: 2 });
    expect({ ...waiting('s').target }).toEqual({ a: 1, toc: toc('s'), b: 2 });
    expect(structuredClone(waiting('c').target)).toEqual({ a: 1, toc: toc('c'), b: 2 });
    expect(Object.getOwnPropertySymbols({ ...waiting('s').target })).toEqual([]);
  });

  it('is replaced, unread, by an assignment', () => {
    const { target, reads } = waiting('x');
    target.toc = toc('y');
    expect(target.toc).toEqual(toc('y'));
    expect(reads()).toBe(0);
  });

  it('keeps each object its own reader when many share the accessor', () => {
    const many = Array.from({ length: 50 }, (_, i) => waiting(`n${i}`));
    for (const [i, { target }] of many.entries()) expect(target.toc).toEqual(toc(`n${i}`));
    expect(many.every(({ reads }) => reads() === 1)).toBe(true);
  });

  it('is copied unread by copyToc and assignKeepingToc, and read once through the copies', () => {
    const { target, reads } = waiting('x');
    const copy = { kind: 'post' } as { kind: string; toc: TocEntry[] };
    copyToc(copy, target);
    const assigned = assignKeepingToc({}, target);
    expect(reads()).toBe(0);
    expect(Object.keys(copy)).toEqual(['kind', 'toc']);
    expect(copy.toc).toEqual(toc('x'));
    expect(target.toc).toEqual(toc('x'));
    expect(reads()).toBe(1);
    expect(assigned.toc).toEqual(toc('x'));
    expect(reads()).toBe(2);
    const plain = { toc: toc('p') };
    const other = { toc: [] as TocEntry[] };
    copyToc(other, plain);
    expect(other.toc).toBe(plain.toc);
  });

  it('passes a failed read to the reader, and reads again on the next try', () => {
    let fail = true;
    const target = {} as { toc: TocEntry[] };
    defineLazyToc(target, () => {
      if (fail) throw new Error('damaged');
      return toc('ok');
    });
    expect(() => target.toc).toThrow('damaged');
    fail = false;
    expect(target.toc).toEqual(toc('ok'));
  });
});
