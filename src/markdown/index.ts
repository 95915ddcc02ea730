// Importing this index loads the unified stack (through the renderer). A caller that wants a warm
// build to skip that import should take renderPosts from './render-posts.js', which loads the
// renderer only when a post must be rendered in the calling thread.
export { createMarkdownRenderer, loadMarkdownRenderer } from './renderer.js';
export { renderPosts } from './render-posts.js';
export { DamagedEntryError } from './body-store.js';
export { DEFAULT_MARKDOWN_OPTIONS, resolveMarkdownOptions } from './options.js';
export { MAX_NESTING } from './nesting.js';
export type * from './types.js';
