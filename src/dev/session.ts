import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolvePublicDir, resolveTemplatesDir } from '../project.js';
import { CONFIG_FILE, loadConfig, type SiteConfig } from '../config/index.js';
import { displayPath, foldIgnored, type Post } from '../content/index.js';
import { hasErrors, type Diagnostic } from '../diagnostics.js';
import { renderPosts } from '../markdown/render-posts.js';
import { markdownOptionsFrom } from '../markdown/options.js';
import { importRenderer } from '../markdown/pool.js';
import type { BodyStore } from '../markdown/types.js';
import { createPageRenderer } from '../render/index.js';
import type { PageRenderer } from '../render/types.js';
import type { SitePlan } from '../site/types.js';
import { postsAffectedBy } from './affected.js';
import { classifyChange, type ChangeKind, type ProjectLayout } from './classify.js';
import { BackgroundWork } from './background.js';
import { DevImages } from './images.js';
import { LazyRendering, type RenderProgress } from './lazy-render.js';
import { hasImages, lastRelated, planDev, patchPlan, type PostRecord } from './plan.js';
import { readAllPosts, readDevPost } from './read-posts.js';
import { DevResponder, type DevResponse } from './respond.js';
import { DevSearch } from './search.js';
import { DevTheme } from './theme.js';

export interface DevSessionOptions {
  /** Project root. */
  root: string;
  /** Default `<root>/content`. */
  contentDir?: string;
  /** Render cache for the first load; default `<root>/.cache`, null disables it. Edits render in memory. */
  cacheDir?: string | null;
  /** Markdown workers for the first load; default one per core. 1 renders every post before serving. */
  jobs?: number;
  /** "Now", for today's date; default the clock. */
  now?: () => Date;
  /**
   * Whether a large site's posts are rendered on the workers in the background after the first page
   * (default true); when false, only as pages need them.
   */
  background?: boolean;
}

/**
 * Up to this many posts are rendered in this thread before serving: fewer than a worker pool's start
 * costs. Larger sites are served at once and rendered on the workers in the background (see fill).
 */
const RENDER_FIRST_BELOW = 64;
/** How long the background rendering waits for the first page to be asked for. */
const FILL_DELAY_MS = 1000;
/** After an edit, the search index is built again once saves stopped for this long (see DevSearch.refresh). */
const SEARCH_QUIET_MS = 1000;

/** What one batch of file changes did, for the server to tell the browser. */
export interface ChangeOutcome {
  kinds: ChangeKind[];
  /** Dev URLs of stylesheets whose contents changed, when nothing but the theme's CSS changed. */
  cssOnly?: string[];
  diagnostics: Diagnostic[];
  /** Wall time of the update. */
  ms: number;
  /** CPU time of the update (this process): what it costs on an idle machine. */
  cpuMs: number;
}

/**
 * The site held in memory for `hashmark dev`: posts by source path, rendered bodies, the plan and the
 * page renderer. Each file change redoes only what depends on it, and pages render lazily, on request,
 * from a per-file cache that every change clears.
 */
export class DevSession {
  readonly root: string;
  readonly contentDir: string;
  readonly layout: ProjectLayout;
  private readonly cacheDir: string | null;
  private readonly jobs: number;
  private readonly now: () => Date;

  private config: SiteConfig | undefined;
  private configDiagnostics: Diagnostic[] = [];
  private readonly posts = new Map<string, PostRecord>();
  private readonly theme: DevTheme;
  private readonly images: DevImages;
  private renderer: PageRenderer | undefined;
  private templateDiagnostics: Diagnostic[] = [];

  private plan: SitePlan = { pages: [], files: [], assets: [], excluded: { drafts: [], scheduled: [] } };
  private planDiagnostics: Diagnostic[] = [];
  private slugDiagnostics: Diagnostic[] = [];
  private bodyHtml = new Map<string, () => string>();
  private readonly bodies: BodyStore = { html: (slug) => this.bodyHtml.get(slug)?.() ?? '' };
  /** The posts' Markdown, rendered when first needed; post pages by source path. */
  private readonly lazy = new LazyRendering(this.posts, () => (this.allDiagnostics = undefined));
  /** Answers requests from the plan, rendering pages on request. */
  private readonly responder: DevResponder;
  private allDiagnostics: Diagnostic[] | undefined;
  /** Bumped by every change, so callers can key their own caches on it. */
  version = 0;
  /** Render progress when the first page was answered: what it took to serve it. */
  firstPage: RenderProgress | undefined;
  /** Called when the background rendering of every post ends, with every current problem. */
  onFilled: ((diagnostics: Diagnostic[]) => void) | undefined;
  /** Called when the background rendering ended: how many posts it rendered and its wall time. */
  onRendered: ((posts: number, ms: number) => void) | undefined;
  /** The rendering of every post on the workers, after the first page (see load). */
  private readonly filling = new BackgroundWork();
  private readonly background: boolean;
  /** Bumped by every load: a background rendering of an older load applies nothing. */
  private generation = 0;
  /** `lazy.withImages` when the images stage last ran: posts with images rendered since are not in its output. */
  private imagesAt = 0;
  /** Related posts, worked out again only when some post's tags changed. */
  private readonly related = lastRelated();
  /** Stops the background rendering when the session ends. */
  private readonly stopping = new AbortController();
  /** The search index of the site as it is now, rebuilt in the background after changes to posts. */
  readonly search = new DevSearch(async () => {
    // Every body is indexed: wait for the background rendering rather than render them all here.
    await this.filling.begun();
    await this.filled();
    return this.config && !this.stopping.signal.aborted
      ? { plan: this.plan, sources: [], bodies: this.bodies, basePath: this.config.basePath, language: this.config.language, cacheDir: null }
      : undefined;
  });

  constructor(options: DevSessionOptions) {
    this.root = path.resolve(options.root);
    this.contentDir = path.resolve(this.root, options.contentDir ?? 'content');
    this.cacheDir = options.cacheDir === null ? null : path.resolve(this.root, options.cacheDir ?? '.cache');
    this.jobs = options.jobs ?? Math.max(1, os.availableParallelism());
    this.now = options.now ?? (() => new Date());
    this.background = options.background ?? true;
    this.layout = {
      contentDir: this.contentDir,
      templatesDir: resolveTemplatesDir(this.root),
      publicDir: resolvePublicDir(this.root),
      configFile: path.join(this.root, CONFIG_FILE),
    };
    this.theme = new DevTheme(this.root, this.layout.templatesDir, this.cacheDir);
    this.images = new DevImages(this.root, this.layout.publicDir, this.cacheDir);
    this.responder = new DevResponder({
      publicDir: this.layout.publicDir, bodies: this.bodies, theme: this.theme, images: this.images, search: this.search, lazy: this.lazy,
      basePath: () => this.basePath, config: () => this.config, renderer: () => this.renderer, errors: () => this.errors(),
      pageAnswered: () => {
        if (this.firstPage) return;
        this.firstPage = this.lazy.progress();
        setImmediate(() => this.filling.begin());
      },
      problemsFound: () => (this.allDiagnostics = undefined),
    });
  }

  get basePath(): string {
    return this.config?.basePath ?? '/';
  }

  /** Every current problem, sorted by file and line. */
  diagnostics(): Diagnostic[] {
    if (this.allDiagnostics) return this.allDiagnostics;
    const all: Diagnostic[] = [...this.configDiagnostics];
    // Run after every save, over every post: most have no problems, and spreading empty lists adds up.
    for (const record of this.posts.values()) {
      if (record.diagnostics.length > 0) all.push(...record.diagnostics);
      if (record.rendered && record.rendered.diagnostics.length > 0) all.push(...record.rendered.diagnostics);
    }
    all.push(...this.slugDiagnostics, ...this.planDiagnostics, ...this.images.diagnostics, ...this.theme.diagnostics, ...this.templateDiagnostics);
    all.push(...this.responder.diagnostics());
    all.sort((a, b) => (a.file !== b.file ? (a.file < b.file ? -1 : 1) : (a.line ?? 0) - (b.line ?? 0)));
    return (this.allDiagnostics = foldIgnored(all));
  }

  /**
   * Loads what serving needs: config, every post read and validated, theme assets, templates, the
   * plan. A small site's posts are rendered too; a larger site's render on the workers in the
   * background (see filled), and meanwhile on request, in this thread, as pages need them.
   */
  async load(): Promise<Diagnostic[]> {
    const generation = ++this.generation;
    const loaded = await loadConfig({ root: this.root, cacheDir: this.cacheDir });
    this.configDiagnostics = loaded.diagnostics;
    this.config = loaded.value;
    this.posts.clear();
    this.lazy.markdown = undefined;
    this.firstPage = undefined;
    const config = this.config;
    let background: Post[] | undefined;
    if (config) {
      // The unified stack loads on its own entry, so it is imported only where a post renders.
      const markdown = importRenderer().then(({ loadMarkdownRenderer }) => loadMarkdownRenderer(markdownOptionsFrom(config)));
      const theme = this.theme.rebuild(config);
      const posts = readAllPosts(this.root, this.contentDir, this.posts);
      this.lazy.markdown = await markdown;
      if (this.jobs <= 1 || posts.length < RENDER_FIRST_BELOW) await this.renderAll(posts, config, 1, generation);
      else background = posts;
      await theme;
      this.recreateRenderer(config);
    }
    this.replan();
    await this.refreshImages(this.config);
    this.invalidate();
    if (config && background && this.background) {
      const posts = background;
      // Held back until the first page was answered, or a second passed: the first request has the
      // cores to itself rather than share them with the workers' start.
      this.filling.schedule(async () => {
        if (this.stopping.signal.aborted || generation !== this.generation) return;
        await this.renderAll(posts, config, this.jobs, generation).catch((error: unknown) => {
          if (this.stopping.signal.aborted) return;
          // Pages still render on request; the terminal shows why the background stopped.
          process.stderr.write(`hashmark dev: rendering posts in the background failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        });
      }, FILL_DELAY_MS);
    } else {
      this.filling.clear();
    }
    this.search.refresh();
    return this.diagnostics();
  }

  /** Resolves when every post of the current load has its Markdown rendered. */
  async filled(): Promise<void> {
    await this.filling.done();
  }

  /** How many posts have their Markdown rendered. */
  progress(): RenderProgress {
    return this.lazy.progress();
  }

  /** Ends the background work: its workers stop, and the search index is not built again. */
  async close(): Promise<void> {
    this.stopping.abort();
    await this.filled();
    await this.search.settled();
  }

  /**
   * Compiles the Markdown and template render paths in this thread, so the author's first save does
   * not pay for it: renders a few post pages (and so their posts) once.
   */
  warm(count = 4): void {
    for (const page of this.plan.pages.filter((p) => p.data.kind === 'post').slice(0, count)) {
      if (this.renderer && this.errors().length === 0) this.renderer.render(page, this.bodies.html((page.data as { post: { slug: string } }).post.slug));
    }
  }

  /** Applies one batch of changed paths, doing only the work their kinds need. */
  async applyChanges(paths: string[]): Promise<ChangeOutcome> {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const byKind = new Map<ChangeKind, string[]>();
    for (const file of paths) {
      const kind = classifyChange(file, this.layout);
      if (kind === 'ignore') continue;
      byKind.set(kind, [...(byKind.get(kind) ?? []), file]);
    }
    const kinds = [...byKind.keys()];
    const outcome: ChangeOutcome = { kinds, diagnostics: [], ms: 0, cpuMs: 0 };
    if (kinds.length === 0) return { ...outcome, diagnostics: this.diagnostics() };
    if (byKind.has('config') || !this.config) {
      await this.load();
    } else {
      const config = this.config;
      let replan = false;
      let images = false;
      const reload = (file: string): void => {
        const reloaded = this.reloadPost(file);
        replan ||= reloaded.replan;
        images ||= reloaded.images;
      };
      for (const file of byKind.get('post') ?? []) reload(file);
      for (const file of byKind.get('content-asset') ?? []) {
        for (const post of postsAffectedBy(file, [...this.posts.keys()].map((source) => path.resolve(this.root, source)), this.contentDir)) reload(post);
      }
      if (byKind.has('theme-asset')) {
        const before = this.theme.files;
        await this.theme.rebuild(config);
        this.recreateRenderer(config);
        if (kinds.length === 1 && !hasErrors(this.theme.diagnostics)) outcome.cssOnly = this.theme.changedCss(before, config.basePath);
      } else if (byKind.has('template')) {
        this.recreateRenderer(config);
      }
      if (replan) this.replan();
      if (byKind.has('post') || byKind.has('content-asset')) this.search.refresh(SEARCH_QUIET_MS);
      // The images stage goes over every post, at thousands of posts more than the edit costs: only when it can
      // change its output (the posts have or had images, the plan or files changed), or posts with images
      // were rendered since it last ran.
      if (replan || images || byKind.has('content-asset') || byKind.has('public') || this.lazy.withImages !== this.imagesAt) await this.refreshImages(config);
    }
    this.invalidate();
    outcome.diagnostics = this.diagnostics();
    outcome.ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    outcome.cpuMs = (used.user + used.system) / 1000;
    return outcome;
  }

  /** Answers a request path (with the base path, without the query), rendering on demand. */
  respond(requestPath: string): Promise<DevResponse> {
    return this.responder.respond(requestPath);
  }

  /** Blocking problems: while any exists, HTML requests get the error page instead of the site. */
  errors(): Diagnostic[] {
    return this.diagnostics().filter((d) => d.severity === 'error');
  }

  private invalidate(): void {
    this.allDiagnostics = undefined;
    this.responder.clear();
    this.version++;
  }

  /** Renders the posts of one load (through the render cache) into the records still holding them. */
  private async renderAll(posts: Post[], config: SiteConfig, jobs: number, generation: number): Promise<void> {
    const started = performance.now();
    // On the workers this is background work: they run at the lowest priority, so an edit or a
    // request rendered in this thread never waits for a core while they fill the other bodies.
    const rendered = await renderPosts(posts, { markdown: markdownOptionsFrom(config), jobs, cacheDir: this.cacheDir, signal: this.stopping.signal, lowPriority: jobs > 1, lazyToc: true });
    if (generation !== this.generation) return;
    if (jobs > 1) this.onRendered?.(posts.length, performance.now() - started);
    if (this.lazy.accept(posts, rendered)) {
      // Problems found in the background change what pages show (an error blocks them): render again.
      // Images and links to source files are known once bodies are: plan and measure again.
      this.replan();
      await this.refreshImages(config);
      this.invalidate();
      this.onFilled?.(this.diagnostics());
    } else if (this.lazy.withImages !== this.imagesAt) {
      await this.refreshImages(config);
      this.invalidate();
    }
  }

  private readPost(absPath: string): { post?: Post; diagnostics: Diagnostic[] } {
    return readDevPost(absPath, this.root, this.contentDir);
  }

  /** Runs the images stage over every rendered post. */
  private async refreshImages(config: SiteConfig | undefined): Promise<void> {
    this.imagesAt = this.lazy.withImages;
    await this.images.refresh(config, this.plan, this.posts.values(), this.bodies);
  }

  /**
   * Re-reads one post file; renders its Markdown only when the title or body changed. Returns whether
   * to replan, and whether the images stage must run again (the post has or had images).
   */
  private reloadPost(absPath: string): { replan: boolean; images: boolean } {
    const source = displayPath(absPath, this.root);
    if (!existsSync(absPath)) return { replan: this.posts.delete(source), images: true };
    const previous = this.posts.get(source);
    const { post, diagnostics } = this.readPost(absPath);
    const record: PostRecord = { diagnostics };
    const markdown = this.lazy.markdown;
    if (post && markdown) {
      const same = previous?.rendered && previous.rendered.title === post.title && previous.rendered.body === post.body.read();
      if (same) {
        record.rendered = previous.rendered;
      } else {
        const result = markdown.render({ ...post, body: post.body.read() });
        const { html, ...facts } = result.value;
        record.rendered = { title: post.title, body: post.body.read(), facts, html: () => html, diagnostics: result.diagnostics };
      }
      record.post = post;
    }
    this.posts.set(source, record);
    return { replan: !this.patchPlan(previous, record), images: hasImages(previous) || hasImages(record) };
  }

  private recreateRenderer(config: SiteConfig): void {
    const created = createPageRenderer({ root: this.root, templatesDir: this.layout.templatesDir, config, assets: this.theme.assets, listedView: this.lazy.listedView });
    this.templateDiagnostics = created.diagnostics;
    this.renderer = created.value;
  }

  /** Folds tags, finds duplicate slugs and plans the whole site again: pure and fast, no Markdown work. */
  private replan(): void {
    const planned = planDev(this.posts, this.config, this.now(), (source) => this.lazy.renderNow(source), displayPath(this.contentDir, this.root), this.related);
    this.plan = planned.plan;
    this.planDiagnostics = planned.diagnostics;
    this.slugDiagnostics = planned.slugDiagnostics;
    this.bodyHtml = planned.html;
    this.index();
  }

  private index(): void {
    this.responder.index(this.plan);
    this.lazy.index(this.plan);
  }

  /** Patches an edit into the plan in place when it can (see patchPlan); returns false when a full replan is needed. */
  private patchPlan(previous: PostRecord | undefined, next: PostRecord): boolean {
    const page = next.post ? this.lazy.postPages.get(next.post.source) : undefined;
    return patchPlan(page, previous, next, this.bodyHtml);
  }
}
