export default {
  layout: 'post.njk',
  tags: ['posts'],
  permalink: (data) => `/posts/${data.page.fileSlug}/`,
};
