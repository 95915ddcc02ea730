import { Worker } from 'node:worker_threads';
import type { SiteConfig } from '../config/index.js';
import type { Diagnostic } from '../diagnostics.js';
import type { RenderedPageLinks } from '../html-links.js';
import type { Page } from '../site/types.js';
import type { StagedOutcome, StagedTarget } from '../staged-file.js';
import { workerUrl } from '../worker-url.js';
import { PageSender, type SentPage, type TableUpdate } from './sent-pages.js';
import type { PostView, ThemeAssets } from './types.js';

/** What every page worker is started with: the renderer's inputs as plain data. */
export interface PagePoolSetup {
  root: string;
  templatesDir: string;
  config: SiteConfig;
  css: string[];
  js: string[];
  sources: Array<[string, string]>;
  /** The listed posts' fields the templates may read unwatched (see ViewWatch). */
  allowed: Array<keyof PostView> | 'all';
}

export interface PageTask {
  id: number;
  page: SentPage;
  body: string | undefined;
  /** The render cache entry the worker reads the body from, instead of `body`. */
  bodyFile?: string;
  /** The post page's table of contents is read from `bodyFile` too (it was left out of `page`). */
  tocInEntry?: boolean;
  /** Where the worker writes the page itself (see writeStaged), instead of sending its bytes back. */
  target?: StagedTarget;
}

/** One message to a worker: the summaries and menus its tasks list for the first time, then the tasks. */
export interface PageBatch {
  table: TableUpdate;
  tasks: PageTask[];
}

export interface PageAnswer {
  id: number;
  /** The page's HTML as UTF-8, its buffer transferred rather than copied; empty when `stored`. */
  bytes: Uint8Array;
  /** What became of the page at the task's target: the worker wrote it (or found it unchanged, or failed). */
  stored?: StagedOutcome;
  /** `hashContents(bytes)`, for the output manifest. */
  hash: string;
  /** Scanned on the worker, so the main thread neither scans nor keeps the page's text. */
  links: RenderedPageLinks;
  diagnostics: Diagnostic[];
  /** The templates were seen reading a listed post's field outside `allowed`. */
  wide: boolean;
  /** The body's cache entry failed its checksum: nothing was rendered, the caller repairs and renders. */
  damaged?: boolean;
}

interface Slot {
  worker: Worker;
  /** Tasks given to this worker and not answered yet, queued or sent. */
  inFlight: number;
  /** Tasks sent and not answered yet. */
  sent: number;
  /** Tasks not sent yet: sent together, one message per batch instead of one per page. */
  queued: PageTask[];
  sender: PageSender;
}

/**
 * Tasks per message at most. A worker that still has tasks gets the next ones when BATCH are
 * queued or when it answers, whichever comes first: each message wakes a thread on either side.
 */
const BATCH = 8;
/**
 * A page render leaves megabytes of short-lived garbage (LiquidJS's generators and strings): a
 * young generation twice V8's default (32 MB semi-spaces) halves the scavenges, for 64 MB more
 * address space per worker at most.
 */
const YOUNG_GENERATION_MB = 96;

/**
 * Page rendering (LiquidJS) on worker threads, for builds that render many pages: each worker parses
 * the templates once and renders the pages it is sent, so the main thread only keys, writes and
 * checks links. A worker that fails fails the pages it held; the caller renders those itself.
 */
export class PagePool {
  private readonly slots: Slot[] = [];
  private readonly waiting = new Map<number, { resolve(answer: PageAnswer | undefined): void; slot: Slot }>();
  private next = 0;
  /** Set once a worker failed: every page from then on is answered undefined. */
  private broken = false;

  constructor(setup: PagePoolSetup, size: number) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(workerUrl(import.meta.url, 'page-worker.js'), { workerData: setup, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
      const slot: Slot = { worker, inFlight: 0, sent: 0, queued: [], sender: new PageSender() };
      worker.on('message', (answers: PageAnswer[] | 'ready') => {
        if (answers === 'ready') return;
        slot.sent -= answers.length;
        if (slot.sent === 0) this.flush(slot);
        for (const answer of answers) {
          const entry = this.waiting.get(answer.id);
          this.waiting.delete(answer.id);
          slot.inFlight--;
          entry?.resolve(answer);
        }
      });
      const fail = (): void => {
        this.broken = true;
        for (const [id, entry] of this.waiting) {
          if (entry.slot !== slot) continue;
          this.waiting.delete(id);
          entry.resolve(undefined);
        }
      };
      worker.on('error', fail);
      worker.on('exit', fail);
      this.slots.push(slot);
    }
  }

  /** The page rendered on the least busy worker; undefined when the pool cannot render it. */
  render(page: Page, body: string | undefined, bodyFile?: string, target?: StagedTarget, tocInEntry = false): Promise<PageAnswer | undefined> {
    if (this.broken) return Promise.resolve(undefined);
    const slot = this.slots.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
    const id = this.next++;
    slot.inFlight++;
    return new Promise((resolve) => {
      this.waiting.set(id, { resolve, slot });
      const tocFromFile = tocInEntry && bodyFile !== undefined;
      const task: PageTask = { id, page: slot.sender.pack(page, tocFromFile), body };
      if (bodyFile !== undefined) task.bodyFile = bodyFile;
      if (tocFromFile) task.tocInEntry = true;
      if (target !== undefined) task.target = target;
      slot.queued.push(task);
      if (slot.queued.length >= BATCH) this.flush(slot);
      else if (slot.queued.length === 1) setImmediate(() => {
        if (slot.sent === 0) this.flush(slot);
      });
    });
  }

  private flush(slot: Slot): void {
    if (slot.queued.length === 0 || this.broken) return;
    const tasks = slot.queued;
    slot.queued = [];
    slot.sent += tasks.length;
    const batch: PageBatch = { table: slot.sender.update(), tasks };
    slot.worker.postMessage(batch);
  }

  async close(): Promise<void> {
    this.broken = true;
    await Promise.all(this.slots.map((slot) => {
      slot.worker.removeAllListeners();
      return slot.worker.terminate();
    }));
  }
}

/** The setup for these templates' page workers. */
export function pagePoolSetup(input: { root: string; templatesDir: string; config: SiteConfig; assets: ThemeAssets; sources: ReadonlyMap<string, string>; allowed: Array<keyof PostView> | 'all' }): PagePoolSetup {
  return {
    root: input.root,
    templatesDir: input.templatesDir,
    config: input.config,
    css: [...input.assets.css],
    js: [...input.assets.js],
    sources: [...input.sources],
    allowed: input.allowed,
  };
}
