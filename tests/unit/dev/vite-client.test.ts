import { describe, expect, it } from 'vitest';
import { withViteClient } from '../../../src/dev/server.js';

describe('injecting the Vite client into served pages', () => {
  it('puts the client script first in the head, under the base path', () => {
    const html = withViteClient('<!doctype html><html><head lang="x"><title>t</title></head><body></body></html>', '/blog/');
    expect(html).toBe(
      '<!doctype html><html><head lang="x">\n<script type="module" src="/blog/@vite/client"></script><title>t</title></head><body></body></html>',
    );
  });

  it('still injects into a page without a head', () => {
    expect(withViteClient('<p>x</p>', '/')).toBe('<script type="module" src="/@vite/client"></script><p>x</p>');
  });

  it('does not take <header> for <head>', () => {
    const html = withViteClient('<html><header>h</header><head></head></html>', '/');
    expect(html.indexOf('@vite/client')).toBeGreaterThan(html.indexOf('<head>'));
  });
});
