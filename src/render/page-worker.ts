import { parentPort, workerData } from 'node:worker_threads';
import type { Page } from '../site/types.js';
import { createPageRenderer } from './page-renderer.js';
import type { PagePoolSetup, PageTask, PageAnswer } from './page-pool.js';
import { ALL_VIEW_FIELDS, ViewWatch } from './view-fields.js';
import type { PostView } from './types.js';

// Renders pages with the site's templates on its own thread (see PagePool): the same renderer as the
// main thread's, with the same watch on listed posts' fields, reported back with each page.
const setup = workerData as PagePoolSetup;
const allowed: ReadonlySet<keyof PostView> = setup.allowed === 'all' ? ALL_VIEW_FIELDS : new Set(setup.allowed);
const watch = new ViewWatch(allowed);
const created = createPageRenderer({
  root: setup.root,
  templatesDir: setup.templatesDir,
  config: setup.config,
  assets: { css: setup.css, js: setup.js, files: [] },
  sources: new Map(setup.sources),
  listedView: watch.wrap,
});
const renderer = created.value;

parentPort!.on('message', (tasks: PageTask[]) => {
  const answers: PageAnswer[] = tasks.map((task) => {
    if (!renderer) return { id: task.id, html: '', diagnostics: created.diagnostics, wide: false };
    const result = renderer.render(task.page as Page, task.body);
    return { id: task.id, html: result.value, diagnostics: result.diagnostics, wide: watch.violated };
  });
  parentPort!.postMessage(answers);
});
parentPort!.postMessage('ready');
