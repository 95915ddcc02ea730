import { parentPort, workerData } from 'node:worker_threads';
import { hashParts } from '../file-hash.js';
import { scanRenderedPage } from '../html-links.js';
import { readEntryHtmlAndToc, readEntryHtmlBytes } from '../markdown/render-cache.js';
import type { TocEntry } from '../markdown/types.js';
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
// hash and the link scan; with a target the page is written here too, else its bytes go back,
// transferred. A body read as bytes stays bytes: only the template's text around it is encoded.
function answer(id: number, html: string, body: string | undefined, bodyBytes: Uint8Array | undefined, diagnostics: PageAnswer['diagnostics'], wide: boolean, target?: StagedTarget): PageAnswer {
  const at = body === undefined || body === '' ? -1 : html.indexOf(body);
  const parts = at < 0 || bodyBytes === undefined
    ? [encoder.encode(html)]
    : [encoder.encode(html.slice(0, at)), bodyBytes, encoder.encode(html.slice(at + body!.length))];
  const hash = hashParts(parts);
  const links = scanRenderedPage(html, body, { intern: false, bodyAt: at });
  if (target !== undefined) return { id, bytes: EMPTY, hash, links, diagnostics, wide, stored: writeStaged(target, parts, hash) };
  return { id, bytes: joined(parts), hash, links, diagnostics, wide };
}

/** The parts in one buffer of its own (transferred: never a slice of Node's shared pool). */
function joined(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

/** A cached body's bytes, with its table of contents when the page came without one; undefined when damaged. */
function readCached(file: string, withToc: boolean): { html: Buffer; toc?: TocEntry[] } | undefined {
  if (withToc) return readEntryHtmlAndToc(file);
  const html = readEntryHtmlBytes(file);
  return html === undefined ? undefined : { html };
}

const received = new PageReceiver();

parentPort!.on('message', ({ table, tasks }: PageBatch) => {
  received.update(table);
  const answers: PageAnswer[] = tasks.map((task) => {
    if (!renderer) return answer(task.id, '', undefined, undefined, created.diagnostics, false);
    // Read here rather than sent, as bytes: the main thread neither reads nor copies the body, and
    // the body is never encoded again.
    const cached = task.bodyFile === undefined ? undefined : readCached(task.bodyFile, task.tocInEntry === true);
    if (task.bodyFile !== undefined && cached === undefined) {
      return { id: task.id, bytes: new Uint8Array(0), hash: '', links: { ids: [], urls: [] }, diagnostics: [], wide: false, damaged: true };
    }
    const body = cached === undefined ? task.body : cached.html.toString('utf8');
    const page = received.unpack(task.page);
    if (cached?.toc !== undefined && page.data.kind === 'post') page.data.toc = cached.toc;
    const result = renderer.render(page, body);
    return answer(task.id, result.value, body, cached?.html, result.diagnostics, watch.violated, task.target);
  });
  const transfer: ArrayBuffer[] = [];
  for (const a of answers) if (a.bytes.byteLength > 0) transfer.push(a.bytes.buffer as ArrayBuffer);
  parentPort!.postMessage(answers, transfer);
});
parentPort!.postMessage('ready');
