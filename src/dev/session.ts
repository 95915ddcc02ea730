import { existsSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolvePublicDir, resolveTemplatesDir } from '../project.js';
import { CONFIG_FILE, loadConfig, type SiteConfig } from '../config/index.js';
import { displayPath, loadPosts, readPost, type Post } from '../content/index.js';
import { hasErrors, type Diagnostic } from '../diagnostics.js';
import { renderPosts } from '../markdown/index.js';
import { markdownOptionsFrom } from '../markdown/options.js';
import type { BodyStore, MarkdownRenderer } from '../markdown/types.js';
import { createPageRenderer } from '../render/index.js';
import { renderPlannedFile } from '../render/planned-file.js';
import type { PageRenderer } from '../render/types.js';
import type { Page, PlannedFile, SitePlan } from '../site/types.js';
import { SEARCH_BUNDLE_DIR } from '../search/documents.js';
import { postsAffectedBy } from './affected.js';
import { classifyChange, type ChangeKind, type ProjectLayout } from './classify.js';
import { contentTypeOf } from './content-type.js';
import { planDev, patchPlan, type PostRecord } from './plan.js';
import { DevSearch } from './search.js';
import { DevTheme } from './theme.js';

export interface DevSessionOptions {
  /** Project root. */
  root: string;
  /** Default `<root>/content`. */
  contentDir?: string;
  /** Render cache for the first load; default `<root>/.cache`, null disables it. Edits render in memory. */
  cacheDir?: string | null;
  /** Markdown workers for the first load; default one per core. */
  jobs?: number;
  /** "Now", for today's date; default the clock. */
  now?: () => Date;
}

/** What the session answers for one request path. */
export type DevResponse =
  | { kind: 'page'; status: 200 | 404; html: string }
  | { kind: 'file'; contentType: string; body: string | Uint8Array }
  | { kind: 'errors'; diagnostics: Diagnostic[] }
  | { kind: 'redirect'; location: string };

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
  private markdown: MarkdownRenderer | undefined;
  private readonly theme: DevTheme;
  private renderer: PageRenderer | undefined;
  private templateDiagnostics: Diagnostic[] = [];

  private plan: SitePlan = { pages: [], files: [], assets: [], excluded: { drafts: [], scheduled: [] } };
  private planDiagnostics: Diagnostic[] = [];
  private slugDiagnostics: Diagnostic[] = [];
  private pagesByFile = new Map<string, Page>();
  private filesByFile = new Map<string, PlannedFile>();
  private copiesByFile = new Map<string, string>();
  private bodyHtml = new Map<string, () => string>();
  private readonly bodies: BodyStore = { html: (slug) => this.bodyHtml.get(slug)?.() ?? '' };
  /** Post pages by source path, for patching the plan in place after an edit that only changed the body. */
  private postPages = new Map<string, Page>();
  /** Rendered output by output path; cleared by every change. */
  private readonly cache = new Map<string, DevResponse>();
  /** Problems found while rendering pages on request (template runtime errors), until the next change. */
  private renderDiagnostics = new Map<string, Diagnostic[]>();
  private allDiagnostics: Diagnostic[] | undefined;
  /** Bumped by every change, so callers can key their own caches on it. */
  version = 0;
  /** The search index of the site as it is now, rebuilt in the background after changes to posts. */
  readonly search = new DevSearch(() =>
    this.config
      ? { plan: this.plan, sources: [], bodies: this.bodies, basePath: this.config.basePath, language: this.config.language, cacheDir: null }
      : undefined,
  );

  constructor(options: DevSessionOptions) {
    this.root = path.resolve(options.root);
    this.contentDir = path.resolve(this.root, options.contentDir ?? 'content');
    this.cacheDir = options.cacheDir === null ? null : path.resolve(this.root, options.cacheDir ?? '.cache');
    this.jobs = options.jobs ?? Math.max(1, os.availableParallelism());
    this.now = options.now ?? (() => new Date());
    this.layout = {
      contentDir: this.contentDir,
      templatesDir: resolveTemplatesDir(this.root),
      publicDir: resolvePublicDir(this.root),
      configFile: path.join(this.root, CONFIG_FILE),
    };
    this.theme = new DevTheme(this.root, this.layout.templatesDir, this.cacheDir);
  }

  get basePath(): string {
    return this.config?.basePath ?? '/';
  }

  /** Every current problem, sorted by file and line. */
  diagnostics(): Diagnostic[] {
    if (this.allDiagnostics) return this.allDiagnostics;
    const all: Diagnostic[] = [...this.configDiagnostics];
    for (const record of this.posts.values()) {
      all.push(...record.diagnostics);
      if (record.rendered) all.push(...record.rendered.diagnostics);
    }
    all.push(...this.slugDiagnostics, ...this.planDiagnostics, ...this.theme.diagnostics, ...this.templateDiagnostics);
    for (const list of this.renderDiagnostics.values()) all.push(...list);
    return (this.allDiagnostics = all).sort((a, b) => (a.file !== b.file ? (a.file < b.file ? -1 : 1) : (a.line ?? 0) - (b.line ?? 0)));
  }

  /** Loads everything: config, every post (through the render cache), theme assets, templates, the plan. */
  async load(): Promise<Diagnostic[]> {
    const loaded = await loadConfig({ root: this.root, cacheDir: this.cacheDir });
    this.configDiagnostics = loaded.diagnostics;
    this.config = loaded.value;
    this.posts.clear();
    this.markdown = undefined;
    if (this.config) {
      // The unified stack loads on its own entry, so it is imported only where a post renders.
      const { loadMarkdownRenderer } = await import('../markdown/renderer.js');
      this.markdown = await loadMarkdownRenderer(markdownOptionsFrom(this.config));
      await this.loadAllPosts(this.config);
      // The first renders in this thread build the highlighter and get the parser compiled; pay for
      // that now rather than on the author's first saves.
      let warmed = 0;
      for (const record of this.posts.values()) {
        if (!record.post) continue;
        this.markdown.render({ ...record.post, body: record.post.body.read() });
        if (++warmed === 8) break;
      }
      await this.theme.rebuild(this.config);
      this.recreateRenderer(this.config);
    }
    this.replan();
    this.invalidate();
    // Likewise the template engine: render a few post pages once so the first edit is not the
    // one that pays for compiling the render path.
    for (const page of this.plan.pages.filter((p) => p.data.kind === 'post').slice(0, 8)) await this.respond(page.url);
    this.invalidate();
    this.search.refresh();
    return this.diagnostics();
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
      for (const file of byKind.get('post') ?? []) replan = this.reloadPost(file) || replan;
      for (const file of byKind.get('content-asset') ?? []) {
        for (const post of postsAffectedBy(file, [...this.posts.keys()].map((source) => path.resolve(this.root, source)), this.contentDir)) replan = this.reloadPost(post) || replan;
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
      if (byKind.has('post') || byKind.has('content-asset')) this.search.refresh();
    }
    this.invalidate();
    outcome.diagnostics = this.diagnostics();
    outcome.ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    outcome.cpuMs = (used.user + used.system) / 1000;
    return outcome;
  }

  /** Answers a request path (with the base path, without the query), rendering on demand. */
  async respond(requestPath: string): Promise<DevResponse> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(requestPath);
    } catch {
      decoded = requestPath;
    }
    const base = this.basePath;
    if (!decoded.startsWith(base)) {
      if (`${decoded}/` === base) return { kind: 'redirect', location: base };
      return this.notFound();
    }
    let rel = decoded.slice(base.length);
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    // Never cached with the pages: the index changes in the background, after the edit that cleared them.
    if (rel.startsWith(`${SEARCH_BUNDLE_DIR}/`)) {
      const body = await this.search.file(rel);
      return body ? { kind: 'file', contentType: contentTypeOf(rel), body } : this.notFound();
    }
    const cached = this.cache.get(rel);
    if (cached) return cached;
    const response = await this.lookup(rel);
    if (response) {
      if (response.kind !== 'errors') this.cache.set(rel, response);
      return response;
    }
    // `/posts/x` without the slash: the page exists at `/posts/x/`.
    if (!path.posix.extname(rel) && (this.pagesByFile.has(`${rel}/index.html`) || this.publicFile(`${rel}/index.html`))) {
      return { kind: 'redirect', location: `${base}${rel}/` };
    }
    return this.notFound();
  }

  /** Blocking problems: while any exists, HTML requests get the error page instead of the site. */
  errors(): Diagnostic[] {
    return this.diagnostics().filter((d) => d.severity === 'error');
  }

  private async lookup(rel: string): Promise<DevResponse | undefined> {
    const page = this.pagesByFile.get(rel);
    if (page) return this.renderPage(page, 200);
    const planned = this.filesByFile.get(rel);
    if (planned && this.config) return { kind: 'file', contentType: contentTypeOf(rel), body: await renderPlannedFile(planned, { config: this.config, bodies: this.bodies }) };
    const asset = this.theme.files.get(rel);
    if (asset) return { kind: 'file', contentType: contentTypeOf(rel), body: asset };
    const copy = this.copiesByFile.get(rel);
    if (copy && existsSync(copy)) return { kind: 'file', contentType: contentTypeOf(rel), body: new Uint8Array(readFileSync(copy)) };
    const pub = this.publicFile(rel);
    if (pub) return { kind: 'file', contentType: contentTypeOf(rel), body: new Uint8Array(readFileSync(pub)) };
    return undefined;
  }

  private notFound(): DevResponse {
    const page = this.pagesByFile.get('404.html');
    if (!page) return { kind: 'page', status: 404, html: '<!doctype html><title>Not found</title><h1>Not found</h1>' };
    const rendered = this.renderPage(page, 404);
    return rendered;
  }

  private renderPage(page: Page, status: 200 | 404): DevResponse {
    const errors = this.errors();
    if (errors.length > 0 || !this.renderer) return { kind: 'errors', diagnostics: errors };
    const post = page.data.kind === 'post' ? page.data.post : undefined;
    const result = this.renderer.render(page, post ? this.bodies.html(post.slug) : undefined);
    if (result.diagnostics.length > 0) {
      this.renderDiagnostics.set(page.file, result.diagnostics);
      this.allDiagnostics = undefined;
    }
    if (hasErrors(result.diagnostics)) return { kind: 'errors', diagnostics: this.errors() };
    return { kind: 'page', status, html: result.value };
  }

  private publicFile(rel: string): string | undefined {
    const dir = this.layout.publicDir;
    const abs = path.resolve(dir, rel);
    if (!abs.startsWith(dir + path.sep)) return undefined;
    try {
      return statSync(abs).isFile() ? abs : undefined;
    } catch {
      return undefined;
    }
  }

  private invalidate(): void {
    this.allDiagnostics = undefined;
    this.cache.clear();
    this.renderDiagnostics.clear();
    this.version++;
  }

  private async loadAllPosts(config: SiteConfig): Promise<void> {
    const loaded = loadPosts({ root: this.root, contentDir: this.contentDir });
    const byFile = new Map<string, Diagnostic[]>();
    const dupes = new Set<string>();
    for (const d of loaded.diagnostics) {
      // Duplicate slugs are worked out again across the whole set after every change.
      if (d.code === 'duplicate-slug') {
        dupes.add(d.file);
        continue;
      }
      byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
    }
    const posts = [...loaded.value];
    // loadPosts leaves the second post of a duplicate pair out; the session keeps both and reports the clash.
    for (const file of dupes) {
      const post = this.readPost(path.resolve(this.root, file)).post;
      if (post) posts.push(post);
    }
    const rendered = await renderPosts(posts, { markdown: markdownOptionsFrom(config), jobs: this.jobs, cacheDir: this.cacheDir });
    const markdownByFile = new Map<string, Diagnostic[]>();
    for (const d of rendered.diagnostics) markdownByFile.set(d.file, [...(markdownByFile.get(d.file) ?? []), d]);
    const { bodies } = rendered.value;
    rendered.value.posts.forEach((meta, index) => {
      const post = posts[index]!;
      const slug = post.slug;
      this.posts.set(post.source, {
        diagnostics: byFile.get(post.source) ?? [],
        post,
        rendered: {
          title: post.title,
          body: post.body.read(),
          facts: { toc: meta.toc, words: meta.words, readingMinutes: meta.readingMinutes, excerpt: meta.excerpt },
          html: () => bodies.html(slug),
          diagnostics: markdownByFile.get(post.source) ?? [],
        },
      });
      byFile.delete(post.source);
    });
    // Files that did not load keep their diagnostics, so fixing them later replaces those.
    for (const [file, diagnostics] of byFile) this.posts.set(file, { diagnostics });
  }

  private readPost(absPath: string): { post?: Post; diagnostics: Diagnostic[] } {
    const read = readPost(absPath, this.root, this.contentDir);
    // A post whose parse had errors is left out, as the build leaves it out.
    return read.post && read.clean ? { post: read.post, diagnostics: read.diagnostics } : { diagnostics: read.diagnostics };
  }

  /** Re-reads one post file; renders its Markdown only when the title or body changed. Returns whether to replan. */
  private reloadPost(absPath: string): boolean {
    const source = displayPath(absPath, this.root);
    if (!existsSync(absPath)) return this.posts.delete(source);
    const previous = this.posts.get(source);
    const { post, diagnostics } = this.readPost(absPath);
    const record: PostRecord = { diagnostics };
    if (post && this.markdown) {
      const same = previous?.rendered && previous.rendered.title === post.title && previous.rendered.body === post.body.read();
      if (same) {
        record.rendered = previous.rendered;
      } else {
        const result = this.markdown.render({ ...post, body: post.body.read() });
        const { html, ...facts } = result.value;
        record.rendered = { title: post.title, body: post.body.read(), facts, html: () => html, diagnostics: result.diagnostics };
      }
      record.post = post;
    }
    this.posts.set(source, record);
    return !this.patchPlan(previous, record);
  }

  private recreateRenderer(config: SiteConfig): void {
    const created = createPageRenderer({ root: this.root, templatesDir: this.layout.templatesDir, config, assets: this.theme.assets });
    this.templateDiagnostics = created.diagnostics;
    this.renderer = created.value;
  }

  /** Folds tags, finds duplicate slugs and plans the whole site again: pure and fast, no Markdown work. */
  private replan(): void {
    const planned = planDev(this.posts, this.config, this.now());
    this.plan = planned.plan;
    this.planDiagnostics = planned.diagnostics;
    this.slugDiagnostics = planned.slugDiagnostics;
    this.bodyHtml = planned.html;
    this.index();
  }

  private index(): void {
    this.pagesByFile = new Map(this.plan.pages.map((p) => [p.file, p]));
    this.filesByFile = new Map(this.plan.files.map((f) => [f.file, f]));
    this.copiesByFile = new Map(this.plan.assets.map((a) => [a.file, a.from]));
    this.postPages = new Map(this.plan.pages.filter((p) => p.data.kind === 'post').map((p) => [p.origin, p]));
  }

  /** Patches an edit into the plan in place when it can (see patchPlan); returns false when a full replan is needed. */
  private patchPlan(previous: PostRecord | undefined, next: PostRecord): boolean {
    const page = next.post ? this.postPages.get(next.post.source) : undefined;
    return patchPlan(page, previous, next, this.bodyHtml);
  }
}
