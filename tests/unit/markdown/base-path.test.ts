import { describe, expect, it } from 'vitest';
import { createMarkdownRenderer } from '../../../src/markdown/index.js';
import { input, OPTIONS } from './helpers.js';

describe('root-relative links under a base path', () => {
  const blog = createMarkdownRenderer({ ...OPTIONS, basePath: '/blog/' });

  it('adds the base path to root-relative links and images', () => {
    const { value } = blog.render(input('See [a](/posts/a/#setup) and ![Chart](/images/c.png "C").'));
    expect(value.html).toContain('href="/blog/posts/a/#setup"');
    expect(value.html).toContain('src="/blog/images/c.png"');
  });

  it('leaves links that already carry the base, relative, protocol-relative and external links alone', () => {
    const { value } = blog.render(
      input('[a](/blog/posts/a/) [b](../b/) [c](//cdn.example/x.js) [d](https://example.com/) [e](#top) [f](/blog)'),
    );
    expect(value.html).toContain('href="/blog/posts/a/"');
    expect(value.html).toContain('href="../b/"');
    expect(value.html).toContain('href="//cdn.example/x.js"');
    expect(value.html).toContain('href="https://example.com/"');
    expect(value.html).toContain('href="#top"');
    expect(value.html).toContain('href="/blog"');
  });

  it('changes nothing at the root', () => {
    const { value } = createMarkdownRenderer(OPTIONS).render(input('[a](/posts/a/)'));
    expect(value.html).toContain('href="/posts/a/"');
  });
});
