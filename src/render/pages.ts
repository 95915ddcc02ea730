import type { Diagnostic } from '../diagnostics.js';
import type { BodyStore } from '../markdown/types.js';
import type { FileSink } from '../file-sink.js';
import type { RenderedPageLinks } from '../html-links.js';
import type { Page } from '../site/types.js';
import type { StagedOutcome, StagedTarget } from '../staged-file.js';
import type { Keyer } from './page-keys.js';
import type { PagePool } from './page-pool.js';
import type { PageRenderer } from './types.js';
import { tocWaiting } from '../markdown/lazy-toc.js';
import { withRepair } from './with-repair.js';

/**
 * A page as rendered: its HTML and, for a post page, the post's body HTML it holds. A page worker's
 * page comes as UTF-8 bytes with their content hash and its links, already scanned.
 */
export interface RenderedPage {
  /** Empty when `stored`. */
  html: string | Uint8Array;
  body?: string | undefined;
  hash?: string;
  links?: RenderedPageLinks;
  /** Written at the target it was made for by the worker that rendered it (see FileSink.stage). */
  stored?: StagedOutcome;
}

/**
 * Renders one page; undefined when the templates gave no renderer. Given a target, a maker may write
 * the page there itself (its answer then has `stored`), or not (the caller settles it with the HTML).
 */
export interface PageMaker {
  (page: Page, target?: StagedTarget): Promise<RenderedPage | undefined>;
  /** Whether the next page would be made on a thread that writes it at a target: then ask the writer for one. */
  writesStaged?(): boolean;
}

/** Pages rendered with the site's templates and the rendered bodies; render diagnostics go to `diagnostics`. */
export function pageMaker(templates: { renderer(): Promise<PageRenderer | undefined> }, bodies: BodyStore, diagnostics: Diagnostic[]): PageMaker {
  return async (page) => {
    const pageRenderer = await templates.renderer();
    if (!pageRenderer) return undefined;
    const body = await bodyOf(page, bodies);
    const html = pageRenderer.render(page, body);
    diagnostics.push(...html.diagnostics);
    return { html: html.value, body };
  };
}

/**
 * Pages rendered on page workers, each with its body read here; a page the pool cannot render is
 * made by `fallback` (this thread). Diagnostics join in the order the pages were asked for.
 */
export function pooledPageMaker(
  pool: PagePool,
  templates: { renderer(): Promise<PageRenderer | undefined>; noteWideInWorker(): void },
  bodies: BodyStore,
  diagnostics: Diagnostic[],
  fallback: PageMaker,
): PageMaker {
  let turn: Promise<unknown> = Promise.resolve();
  return async (page, target) => {
    if (!(await templates.renderer())) return undefined;
    // The worker reads a cached body itself; one held here, or rewritten on its way, is sent.
    const { body, bodyFile, tocInEntry } = await bodyOrFile(page, bodies);
    const answered = pool.render(page, body, bodyFile, target, tocInEntry);
    const mine = turn.then(() => answered);
    turn = mine;
    const answer = await mine;
    // A damaged entry is repaired by this thread's maker, which renders the page then.
    if (!answer || answer.damaged === true) return fallback(page);
    diagnostics.push(...answer.diagnostics);
    if (answer.wide) templates.noteWideInWorker();
    if (answer.stored !== undefined) return { html: '', hash: answer.hash, links: answer.links, stored: answer.stored };
    // A Buffer over the transferred bytes: a writer that reads them as text gets text.
    const html = Buffer.from(answer.bytes.buffer, answer.bytes.byteOffset, answer.bytes.byteLength);
    return { html, hash: answer.hash, links: answer.links };
  };
}

/** A post page's body HTML (see bodyOrFile). */
async function bodyOf(page: Page, bodies: BodyStore): Promise<string | undefined> {
  return (await bodyOrFile(page, bodies, false)).body;
}

export interface RenderPagesInput {
  /** The plan's pages, in site order. */
  pages: readonly Page[];
  keyer: Keyer;
  make: PageMaker;
  writer: FileSink;
  /** Every path written to the output so far; the pages join it. */
  written: Set<string>;
  /** Told of each page rendered in this build (kept pages are not). */
  onRendered(file: string, page: RenderedPage): void;
  /** Pages made at once (a PagePool's maker keeps its workers busy); default 1. */
  window?: number;
}

/**
 * Writes every page: one whose key is unchanged is kept without rendering. Returns the page keys in
 * site order (fewer when the templates gave no renderer: rendering stops at the first page that needs it).
 */
export async function renderPages(input: RenderPagesInput): Promise<string[]> {
  const { keyer, make, writer, written } = input;
  const pageKeys: string[] = [];
  // Pages being made, written in site order as they come back. Until one page was made, one at a
  // time: templates that give no renderer stop the rendering at the first page that needs it.
  const making: Array<{ page: Page; key: string; out: Promise<RenderedPage | undefined>; staged: boolean }> = [];
  let window = 1;
  const writeOldest = async (): Promise<boolean> => {
    const { page, key, out, staged } = making.shift()!;
    const made = await out;
    if (staged) {
      // Settled even when nothing was made (no renderer: the build has an error), never committed then.
      const outcome = !made
        ? { error: { message: 'the page was not rendered' } }
        : made.stored ?? { contents: made.html, ...(made.hash !== undefined ? { hash: made.hash } : {}) };
      await writer.staged!(page.file, outcome);
    }
    if (!made) return false;
    if (!staged) await writer.write({ file: page.file, contents: made.html, key, ...(made.hash !== undefined ? { hash: made.hash } : {}) });
    input.onRendered(page.file, made);
    window = input.window ?? 1;
    return true;
  };
  for (const [index, page] of input.pages.entries()) {
    const key = keyer.page(page);
    pageKeys.push(key);
    written.add(page.file);
    if (await writer.keep?.(page.file, key)) continue;
    // A page worker writes the page into staging itself when the writer names the place.
    const target = make.writesStaged?.() === true && writer.staged !== undefined ? await writer.stage?.(page.file, key) : undefined;
    const out = make(page, target);
    // Awaited in turn below; marked handled now so a failure is not reported before its turn.
    out.catch(() => undefined);
    making.push({ page, key, out, staged: target !== undefined });
    while (making.length >= window) if (!(await writeOldest())) return pageKeys;
    // Lets the search stage's messages to and from Pagefind through now and then.
    if (index % 16 === 15) await new Promise((resolve) => setImmediate(resolve));
  }
  while (making.length > 0) if (!(await writeOldest())) break;
  return pageKeys;
}

/**
 * What renders a post page's body: with `fileWillDo` (a page worker, which reads it itself) the
 * render cache entry when the store has one, else the HTML. A cache hit's table of contents waits in
 * its entry (see markdown/lazy-toc.ts): a worker reading that entry reads it too (`tocInEntry`),
 * and a damaged entry comes back to this thread's maker; else it is read here under the same repair.
 */
async function bodyOrFile(
  page: Page,
  bodies: BodyStore,
  fileWillDo = true,
): Promise<{ body?: string | undefined; bodyFile?: string | undefined; tocInEntry?: boolean }> {
  const data = page.data;
  if (data.kind !== 'post') return {};
  return withRepair(bodies, () => {
    const bodyFile = fileWillDo ? bodies.entryFile?.(data.post.slug) : undefined;
    if (bodyFile !== undefined && tocWaiting(data)) return { bodyFile, tocInEntry: true };
    void data.toc;
    return bodyFile === undefined ? { body: bodies.html(data.post.slug) } : { bodyFile };
  });
}
