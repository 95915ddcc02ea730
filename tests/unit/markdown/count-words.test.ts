import { describe, expect, it } from 'vitest';
import { countWords } from '../../../src/markdown/read-tree.js';

/** The rule spelled out: each CJK character is a word; any other run of non-space is one if it has a letter or digit. */
function reference(text: string): number {
  let count = 0;
  for (const match of text.matchAll(/[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]|[^\s\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]+/gu)) {
    if (/[\p{L}\p{N}]/u.test(match[0])) count++;
  }
  return count;
}

describe('countWords', () => {
  it('counts runs with a letter or digit, and each CJK character', () => {
    expect(countWords('Hello, world — 42 times!')).toBe(4);
    expect(countWords('  -- *** ... ')).toBe(0);
    expect(countWords('naïve café über-cool')).toBe(3);
    expect(countWords('日本語のテキスト and English')).toBe(10);
    expect(countWords('\tone\ntwo\u00a0three\u2003four')).toBe(4);
    expect(countWords('')).toBe(0);
  });

  it('agrees with the rule on 3000 random texts, with and without CJK', () => {
    const pieces = ['a', 'Z', 'é', '7', ' ', '  ', '\n', '\t', '\u00a0', '\u2003', '-', '—', '.', ',', '*', '(', ')', '#', 'word', 'x1', '日', 'の', 'カ', 'ー', '。', '𠀀', '😀', '\u0301'];
    let seed = 99;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let i = 0; i < 3000; i++) {
      const cjk = i % 2 === 0;
      const usable = cjk ? pieces : pieces.slice(0, 21);
      const text = Array.from({ length: Math.floor(next() * 40) }, () => usable[Math.floor(next() * usable.length)]).join('');
      expect(countWords(text), JSON.stringify(text)).toBe(reference(text));
    }
  });
});
