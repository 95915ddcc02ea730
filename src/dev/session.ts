import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolvePublicDir, resolveTemplatesDir } from '../project.js';
import { CONFIG_FILE, loadConfig, type SiteConfig } from '../config/index.js';
import { displayPath, foldTags, isIgnoredName, loadPosts, readPost, SlugClaims, type Post } from '../content/index.js';
import { hasErrors, type Diagnostic } from '../diagnostics.js';
import { renderPosts } from '../markdown/index.js';
import { markdownOptionsFrom } from '../markdown/options.js';
import type { BodyStore, MarkdownOptions, MarkdownRenderer, PostMeta, RenderedBody } from '../markdown/types.js';
import { buildThemeAssets, createPageRenderer } from '../render/index.js';
import { renderPlannedFile } from '../render/planned-file.js';
import type { PageRenderer, ThemeAssets } from '../render/types.js';
import { planBuild } from '../site/plan-build.js';
import type { Page, PlannedFile, SitePlan } from '../site/types.js';
import { SEARCH_BUNDLE_DIR } from '../search/documents.js';
import { classifyChange, type ChangeKind, type ProjectLayout } from './classify.js';
import { DevSearch } from './search.js';

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

interface PostRecord {
  /** Read, parse and validation problems of this file. */
  diagnostics: Diagnostic[];
  post?: Post;
  rendered?: {
    title: string;
    body: string;
    facts: Omit<RenderedBody, 'html'>;
    html: () => string;
    diagnostics: Diagnostic[];
  };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.pdf': 'application/pdf',
};

export function contentTypeOf(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
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
  private assets: ThemeAssets = { css: [], js: [], files: [] };
  /** Theme files by output path, under the stable dev names pages link to. */
  private assetFiles = new Map<string, Uint8Array>();
  private assetDiagnostics: Diagnostic[] = [];
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
    all.push(...this.slugDiagnostics, ...this.planDiagnostics, ...this.assetDiagnostics, ...this.templateDiagnostics);
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
      this.markdown = await loadMarkdownRenderer(this.markdownOptions(this.config));
      await this.loadAllPosts(this.config);
      // The first renders in this thread build the highlighter and get the parser compiled; pay for
      // that now rather than on the author's first saves.
      let warmed = 0;
      for (const record of this.posts.values()) {
        if (!record.post) continue;
        this.markdown.render(record.post);
        if (++warmed === 8) break;
      }
      await this.rebuildAssets(this.config);
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
        for (const post of this.postsAffectedBy(file)) replan = this.reloadPost(post) || replan;
      }
      if (byKind.has('theme-asset')) {
        const before = this.assetFiles;
        await this.rebuildAssets(config);
        this.recreateRenderer(config);
        if (kinds.length === 1 && !hasErrors(this.assetDiagnostics)) outcome.cssOnly = this.changedCss(before);
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
    const asset = this.assetFiles.get(rel);
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

  private markdownOptions(config: SiteConfig): MarkdownOptions {
    return markdownOptionsFrom(config);
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
    const rendered = await renderPosts(posts, { markdown: this.markdownOptions(config), jobs: this.jobs, cacheDir: this.cacheDir });
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
          body: post.body,
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
      const same = previous?.rendered && previous.rendered.title === post.title && previous.rendered.body === post.body;
      if (same) {
        record.rendered = previous.rendered;
      } else {
        const result = this.markdown.render(post);
        const { html, ...facts } = result.value;
        record.rendered = { title: post.title, body: post.body, facts, html: () => html, diagnostics: result.diagnostics };
      }
      record.post = post;
    }
    this.posts.set(source, record);
    return !this.patchPlan(previous, record);
  }

  /**
   * Post files to re-read for a change that is not itself a post file: the bundle's index for an asset,
   * every post inside a folder that appeared, every known post inside a folder that is gone.
   */
  private postsAffectedBy(file: string): string[] {
    const abs = path.resolve(file);
    if (!existsSync(abs)) {
      const prefix = abs + path.sep;
      const gone = [...this.posts.keys()].map((source) => path.resolve(this.root, source)).filter((p) => p.startsWith(prefix));
      if (gone.length > 0) return gone;
    } else if (statSync(abs).isDirectory()) {
      const found = (readdirSync(abs, { recursive: true }) as string[])
        .filter((rel) => /\.(md|txt)$/.test(rel) && !rel.split(path.sep).some(isIgnoredName))
        .map((rel) => path.join(abs, rel));
      if (found.length > 0) return found;
    }
    const index = this.bundleIndexOf(abs);
    return index ? [index] : [];
  }

  /** A bundle's index.md or index.txt for a file inside the bundle folder. */
  private bundleIndexOf(file: string): string | undefined {
    let dir = path.dirname(path.resolve(file));
    while (dir.startsWith(this.contentDir + path.sep)) {
      for (const name of ['index.md', 'index.txt']) {
        const candidate = path.join(dir, name);
        if (existsSync(candidate)) return candidate;
      }
      dir = path.dirname(dir);
    }
    return undefined;
  }

  private async rebuildAssets(config: SiteConfig): Promise<void> {
    const built = await buildThemeAssets({
      root: this.root,
      templatesDir: this.layout.templatesDir,
      cacheDir: this.cacheDir,
      basePath: config.basePath,
    });
    this.assetDiagnostics = built.diagnostics;
    if (hasErrors(built.diagnostics)) return;
    // Stylesheets get stable names in dev, so a CSS edit can swap the stylesheet without reloading the page.
    const files = new Map<string, Uint8Array>();
    const renamed = new Map<string, string>();
    for (const file of built.value.files) {
      const href = config.basePath + file.file;
      const dev = built.value.css.includes(href) ? stableName(file.file) : file.file;
      renamed.set(href, config.basePath + dev);
      files.set(dev, file.contents);
    }
    this.assetFiles = files;
    this.assets = {
      css: built.value.css.map((href) => renamed.get(href) ?? href),
      js: built.value.js,
      files: built.value.files,
    };
  }

  private changedCss(before: ReadonlyMap<string, Uint8Array>): string[] | undefined {
    const base = this.basePath;
    const changed: string[] = [];
    for (const href of this.assets.css) {
      const file = href.slice(base.length);
      const old = before.get(file);
      const now = this.assetFiles.get(file);
      if (!now) return undefined;
      if (!old || Buffer.compare(old, now) !== 0) changed.push(href);
    }
    // Anything but stylesheets changed (the theme script): only a reload shows it.
    for (const [file, bytes] of this.assetFiles) {
      if (this.assets.css.includes(base + file)) continue;
      const old = before.get(file);
      if (!old || Buffer.compare(old, bytes) !== 0) return undefined;
    }
    return changed;
  }

  private recreateRenderer(config: SiteConfig): void {
    const created = createPageRenderer({ root: this.root, templatesDir: this.layout.templatesDir, config, assets: this.assets });
    this.templateDiagnostics = created.diagnostics;
    this.renderer = created.value;
  }

  /** Folds tags, finds duplicate slugs and plans the whole site again: pure and fast, no Markdown work. */
  private replan(): void {
    const config = this.config;
    this.slugDiagnostics = [];
    if (!config) {
      this.plan = { pages: [], files: [], assets: [], excluded: { drafts: [], scheduled: [] } };
      this.planDiagnostics = [];
      this.index();
      return;
    }
    const sources = [...this.posts.keys()].sort();
    const slugs = new SlugClaims();
    const posts: Post[] = [];
    const html = new Map<string, () => string>();
    const facts = new Map<Post, Omit<RenderedBody, 'html'>>();
    for (const source of sources) {
      const record = this.posts.get(source)!;
      if (!record.post || !record.rendered) continue;
      const duplicate = slugs.claim(record.post);
      if (duplicate) {
        this.slugDiagnostics.push(duplicate);
        continue;
      }
      // A copy: folding rewrites tags, and the record must keep the author's own spelling.
      const copy = { ...record.post };
      posts.push(copy);
      facts.set(copy, record.rendered.facts);
      html.set(copy.slug, record.rendered.html);
    }
    foldTags(posts);
    const metas: PostMeta[] = posts.map((post) => {
      const { body: _body, ...rest } = post;
      return { ...rest, ...facts.get(post)! };
    });
    // The build's own planning, with drafts and scheduled posts shown (with a badge).
    // No related-posts cache: it keeps one entry, and dev's (drafts included) would evict the build's.
    const planned = planBuild({ posts: metas, config, drafts: true, future: true, now: this.now(), cacheDir: null });
    this.plan = planned.value;
    this.planDiagnostics = planned.diagnostics;
    this.bodyHtml = html;
    this.index();
  }

  private index(): void {
    this.pagesByFile = new Map(this.plan.pages.map((p) => [p.file, p]));
    this.filesByFile = new Map(this.plan.files.map((f) => [f.file, f]));
    this.copiesByFile = new Map(this.plan.assets.map((a) => [a.file, a.from]));
    this.postPages = new Map(this.plan.pages.filter((p) => p.data.kind === 'post').map((p) => [p.origin, p]));
  }

  /**
   * Planning 4000 posts takes long enough to feel (related posts compare every pair), so an edit that
   * leaves everything the plan orders, groups or links by unchanged is patched into the plan in place:
   * the post's summary (shared by every list, tag page and feed that shows it), its table of contents
   * and its HTML. Returns false when a full replan is needed.
   */
  private patchPlan(previous: PostRecord | undefined, next: PostRecord): boolean {
    const before = previous?.post;
    const after = next.post;
    if (!before || !after || !next.rendered || hasErrors(previous.diagnostics) || hasErrors(next.diagnostics)) return false;
    if (planKey(before) !== planKey(after)) return false;
    const page = this.postPages.get(after.source);
    if (!page || page.data.kind !== 'post' || page.data.post.slug !== after.slug) return false;
    const { facts } = next.rendered;
    const summary = page.data.post;
    summary.readingMinutes = facts.readingMinutes;
    summary.words = facts.words;
    summary.excerpt = facts.excerpt;
    summary.description = after.description.trim() === '' ? facts.excerpt : after.description;
    page.description = summary.description;
    page.data.toc = facts.toc;
    this.bodyHtml.set(after.slug, next.rendered.html);
    return true;
  }
}

/** The fields of a post that decide its place in the plan: order, tags, routes, feeds, flags. */
function planKey(post: Post): string {
  return JSON.stringify([
    post.slug, post.title, post.description, post.date, post.dateTime ?? null, post.updated ?? null,
    post.tags, post.featured, post.draft, post.assets.map((a) => a.relPath),
  ]);
}

/** `assets/theme-1a2b3c4d.css` → `assets/theme.css`. */
function stableName(file: string): string {
  return file.replace(/-[A-Za-z0-9_-]{6,}(\.css)$/, '$1');
}
