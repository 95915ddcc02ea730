// @ts-check
// The posts of a built Hashmark project as the search index sees them, read back from its output
// (dist/posts/<slug>/index.html): title, description, date, tags and the rendered body.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeHTML } from 'entities';

/** @param {string} site @param {number} [limit] */
export function builtPosts(site, limit) {
  const postsDir = path.join(site, 'dist', 'posts');
  let slugs = readdirSync(postsDir).sort();
  if (limit) slugs = slugs.slice(0, limit);
  /** @param {string} html @param {RegExp} re */
  const attr = (html, re) => decodeHTML(re.exec(html)?.[1] ?? '');
  return slugs.map((slug) => {
    const page = readFileSync(path.join(postsDir, slug, 'index.html'), 'utf8');
    const start = page.indexOf('<div class="post-body">');
    const end = page.indexOf('</article>', start);
    return {
      slug,
      url: `/posts/${slug}/`,
      title: attr(page, /<title>([^<]*)<\/title>/),
      description: attr(page, /<meta name="description" content="([^"]*)"/),
      date: attr(page, /article:published_time" content="([^"]*)"/),
      tags: [...page.matchAll(/article:tag" content="([^"]*)"/g)].map((m) => ({ name: decodeHTML(m[1] ?? ''), slug: '' })),
      body: page.slice(start, end),
    };
  });
}
