export { createMarkdownRenderer } from './renderer.js';
export { DEFAULT_MARKDOWN_OPTIONS, resolveMarkdownOptions } from './options.js';
export { MAX_NESTING } from './nesting.js';
export type * from './types.js';
export { renderPosts } from './render-posts.js';
