export { startDevServer, type DevServer, type DevServerOptions } from './server.js';
export { DevSession, type ChangeOutcome, type DevResponse, type DevSessionOptions } from './session.js';
export type { RenderProgress } from './lazy-render.js';
export { contentTypeOf } from './content-type.js';
export { classifyChange, type ChangeKind, type ProjectLayout } from './classify.js';
export { watchProject, type ProjectWatcher, type WatchOptions } from './watch.js';
export { errorPage, overlayError, codeFrame } from './error-page.js';
export { newPost, newPostText, type NewPostOptions, type NewPostResult } from './new-post.js';
export { newPage, newPageText, type NewPageOptions, type NewPageResult } from './new-page.js';
