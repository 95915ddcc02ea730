import { describe, expect, it, vi } from 'vitest';

// The theme script starts itself on load: a document still loading only registers a listener.
vi.stubGlobal('document', { readyState: 'loading', addEventListener: () => undefined });
const { statusText } = await import('../../../templates/assets/search.js');

describe('search status', () => {
  it('counts posts when only posts match', () => {
    expect(statusText('kafka', 1)).toBe('1 post matches “kafka”.');
    expect(statusText('kafka', 3)).toBe('3 posts match “kafka”.');
  });

  it('counts results, not posts, when a page is among them', () => {
    expect(statusText('about', 1, true)).toBe('1 result matches “about”.');
    expect(statusText('me', 25, true)).toBe('25 results match “me”; the best 20 are shown.');
  });
});
