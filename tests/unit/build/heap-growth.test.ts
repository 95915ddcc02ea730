import { describe, expect, it, vi } from 'vitest';
import v8 from 'node:v8';
import { LARGE_SITE_GROWTH_PERCENT, LARGE_SITE_POSTS, tightenHeapGrowth, userSetGrowth } from '../../../src/heap-growth.js';

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
