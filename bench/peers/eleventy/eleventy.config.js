// Eleventy peer for `npm run bench`: the same page kinds as Hashmark (posts, paginated index,
// paginated tag pages, tag index, featured), Prism highlighting at build time.
import syntaxHighlight from '@11ty/eleventy-plugin-syntaxhighlight';

const PER_PAGE = 10;

export default function (eleventyConfig) {
  eleventyConfig.addPlugin(syntaxHighlight);

  eleventyConfig.addFilter('isoDate', (date) => new Date(date).toISOString().slice(0, 10));

  // Tag pages paginated: one entry per (tag, page), then paginated again with size 1.
  eleventyConfig.addCollection('tagPages', (api) => {
    const byTag = new Map();
    for (const post of api.getFilteredByTag('posts').reverse()) {
      for (const tag of post.data.tags) {
        if (tag === 'posts') continue;
        if (!byTag.has(tag)) byTag.set(tag, []);
        byTag.get(tag).push(post);
      }
    }
    const pages = [];
    for (const [tag, posts] of [...byTag].sort(([a], [b]) => a.localeCompare(b))) {
      const total = Math.ceil(posts.length / PER_PAGE);
      for (let n = 0; n < total; n++) {
        pages.push({ tag, number: n + 1, total, posts: posts.slice(n * PER_PAGE, (n + 1) * PER_PAGE) });
      }
    }
    return pages;
  });

  eleventyConfig.addCollection('featured', (api) =>
    api.getFilteredByTag('posts').filter((post) => post.data.featured === true).reverse(),
  );
}

export const config = {
  // Posts are plain Markdown: code samples must not be read as Liquid.
  markdownTemplateEngine: false,
  htmlTemplateEngine: 'njk',
};
