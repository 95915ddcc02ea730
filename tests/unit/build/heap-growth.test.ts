import { describe, expect, it, vi } from 'vitest';
import v8 from 'node:v8';
import { collectGarbage, LARGE_SITE_GROWTH_PERCENT, LARGE_SITE_POSTS, tightenHeapGrowth, userSetGrowth } from '../../../src/heap-growth.js';

describe('heap growth for large sites', () => {
  it('tightens V8 heap growth from the large-site size on, and restores the dynamic default', () => {
    const set = vi.spyOn(v8, 'setFlagsFromString');
    try {
      tightenHeapGrowth(LARGE_SITE_POSTS - 1, [], '')();
      expect(set).not.toHaveBeenCalled();
      const restore = tightenHeapGrowth(LARGE_SITE_POSTS, [], '');
      expect(set).toHaveBeenCalledWith(`--heap-growing-percent=${LARGE_SITE_GROWTH_PERCENT}`);
      restore();
      expect(set).toHaveBeenLastCalledWith('--heap-growing-percent=0');
    } finally {
      set.mockRestore();
    }
  });

  it('collects the garbage at once, so the tighter limit holds from the start of the pages', () => {
    let junk: Array<{ text: string }> | undefined = Array.from({ length: 1_000_000 }, (_, i) => ({ text: `garbage ${i}` }));
    expect(junk.length).toBe(1_000_000);
    junk = undefined;
    const before = process.memoryUsage().heapUsed;
    expect(collectGarbage()).toBe(true);
    expect(before - process.memoryUsage().heapUsed).toBeGreaterThan(30 * 1024 * 1024);
    // Borrowing the collector leaves no `gc` behind in this context.
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
  });

  it('leaves a growth the user chose alone', () => {
    expect(userSetGrowth(['--heap-growing-percent=50'], '')).toBe(true);
    expect(userSetGrowth([], '--max-old-space-size=4096 --heap_growing_percent=40')).toBe(true);
    expect(userSetGrowth(['--max-old-space-size=4096'], '--enable-source-maps')).toBe(false);
    const set = vi.spyOn(v8, 'setFlagsFromString');
    try {
      tightenHeapGrowth(LARGE_SITE_POSTS * 10, [], '--heap-growing-percent=50')();
      expect(set).not.toHaveBeenCalled();
    } finally {
      set.mockRestore();
    }
  });
});
