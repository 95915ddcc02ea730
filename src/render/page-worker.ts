import { parentPort, workerData } from 'node:worker_threads';
import { hashContents } from '../file-hash.js';
import { scanRenderedPage } from '../html-links.js';
import { readEntryHtml } from '../markdown/render-cache.js';
import { writeStaged, type StagedTarget } from '../staged-file.js';
import { createPageRenderer } from './page-renderer.js';
import type { PagePoolSetup, PageBatch, PageAnswer } from './page-pool.js';
import { PageReceiver } from './sent-pages.js';
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
  // Summaries here are copies never changed: each listed view is made, and watched, once.
  listedView: watch.copy,
  stableSummaries: true,
});
const renderer = created.value;

const encoder = new TextEncoder();
const EMPTY = new Uint8Array(0);

// Everything the main thread would do with the page's text is done here: encoding, the content
// hash and the link scan; with a target the page is written here too, else its bytes go back, transferred.
function answer(id: number, html: string, body: string | undefined, diagnostics: PageAnswer['diagnostics'], wide: boolean, target?: StagedTarget): PageAnswer {
  const bytes = encoder.encode(html);
  const hash = hashContents(bytes);
  const links = scanRenderedPage(html, body, { intern: false });
  if (target === undefined) return { id, bytes, hash, links, diagnostics, wide };
  return { id, bytes: EMPTY, hash, links, diagnostics, wide, stored: writeStaged(target, bytes, hash) };
}

const received = new PageReceiver();

parentPort!.on('message', ({ table, tasks }: PageBatch) => {
  received.update(table);
  const answers: PageAnswer[] = tasks.map((task) => {
    if (!renderer) return answer(task.id, '', undefined, created.diagnostics, false);
    // Read here rather than sent: the main thread neither reads nor copies the body.
    const body = task.bodyFile === undefined ? task.body : readEntryHtml(task.bodyFile);
    if (body === null) return { id: task.id, bytes: new Uint8Array(0), hash: '', links: { ids: [], urls: [] }, diagnostics: [], wide: false, damaged: true };
    const result = renderer.render(received.unpack(task.page), body);
    return answer(task.id, result.value, body, result.diagnostics, watch.violated, task.target);
  });
  const transfer: ArrayBuffer[] = [];
  for (const a of answers) if (a.bytes.byteLength > 0) transfer.push(a.bytes.buffer as ArrayBuffer);
  parentPort!.postMessage(answers, transfer);
});
parentPort!.postMessage('ready');
