import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { SiteConfig } from '../config/index.js';
import { hasErrors, type Diagnostic } from '../diagnostics.js';
import type { BodyStore } from '../markdown/types.js';
import { renderPlannedFile } from '../render/planned-file.js';
import type { PageRenderer } from '../render/types.js';
import { SEARCH_BUNDLE_DIR } from '../search/documents.js';
import type { Page, PlannedFile, SitePlan } from '../site/types.js';
import { contentTypeOf } from './content-type.js';
import type { DevImages } from './images.js';
import type { LazyRendering } from './lazy-render.js';
import type { DevSearch } from './search.js';
import type { DevTheme } from './theme.js';

/** What the session answers for one request path. */
export type DevResponse =
  | { kind: 'page'; status: 200 | 404; html: string }
  | { kind: 'file'; contentType: string; body: string | Uint8Array }
  | { kind: 'errors'; diagnostics: Diagnostic[] }
  | { kind: 'redirect'; location: string };

/** What serving reads from the session: its parts, and what changes with each load or edit. */
export interface ServedSite {
  readonly publicDir: string;
  readonly bodies: BodyStore;
  readonly theme: DevTheme;
  readonly images: DevImages;
  readonly search: DevSearch;
  readonly lazy: LazyRendering;
  basePath(): string;
  config(): SiteConfig | undefined;
  renderer(): PageRenderer | undefined;
  /** Blocking problems: while any exists, HTML requests get the error page instead of the site. */
  errors(): Diagnostic[];
  /** A page was answered (for the session's first-page bookkeeping). */
  pageAnswered(): void;
  /** Rendering a page on request found problems: the session's list of every problem is stale. */
  problemsFound(): void;
}

/**
 * Answers request paths from the session's plan: pages rendered on request and kept until the next
 * change, feeds, theme assets, copied and derived files, public files and the search bundle.
 */
export class DevResponder {
  private pagesByFile = new Map<string, Page>();
  private filesByFile = new Map<string, PlannedFile>();
  private copiesByFile = new Map<string, string>();
  /** Rendered output by output path; cleared by every change. */
  private readonly cache = new Map<string, DevResponse>();
  /** Problems found while rendering pages on request (template runtime errors), until the next change. */
  private readonly renderDiagnostics = new Map<string, Diagnostic[]>();

  constructor(private readonly site: ServedSite) {}

  /** Looks up output paths in a new plan. */
  index(plan: SitePlan): void {
    this.pagesByFile = new Map(plan.pages.map((p) => [p.file, p]));
    this.filesByFile = new Map(plan.files.map((f) => [f.file, f]));
    this.copiesByFile = new Map(plan.assets.map((a) => [a.file, a.from]));
  }

  /** Forgets every rendered answer and the problems found rendering them: something changed. */
  clear(): void {
    this.cache.clear();
    this.renderDiagnostics.clear();
  }

  /** Problems found rendering pages on request since the last change. */
  diagnostics(): Diagnostic[] {
    return [...this.renderDiagnostics.values()].flat();
  }

  /** Answers a request path (with the base path, without the query), rendering on demand. */
  async respond(requestPath: string): Promise<DevResponse> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(requestPath);
    } catch {
      decoded = requestPath;
    }
    const base = this.site.basePath();
    if (!decoded.startsWith(base)) {
      if (`${decoded}/` === base) return { kind: 'redirect', location: base };
      return this.notFound();
    }
    let rel = decoded.slice(base.length);
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    // Never cached with the pages: the index changes in the background, after the edit that cleared them.
    if (rel.startsWith(`${SEARCH_BUNDLE_DIR}/`)) {
      const body = await this.site.search.file(rel);
      return body ? { kind: 'file', contentType: contentTypeOf(rel), body } : this.notFound();
    }
    const cached = this.cache.get(rel);
    if (cached) return cached;
    const response = await this.lookup(rel);
    if (response) {
      if (response.kind === 'page') this.site.pageAnswered();
      if (response.kind !== 'errors') this.cache.set(rel, response);
      return response;
    }
    // `/posts/x` without the slash: the page exists at `/posts/x/`.
    if (!path.posix.extname(rel) && (this.pagesByFile.has(`${rel}/index.html`) || this.publicFile(`${rel}/index.html`))) {
      return { kind: 'redirect', location: `${base}${rel}/` };
    }
    return this.notFound();
  }

  private async lookup(rel: string): Promise<DevResponse | undefined> {
    const { site } = this;
    const page = this.pagesByFile.get(rel);
    if (page) return this.renderPage(page, 200);
    const planned = this.filesByFile.get(rel);
    // A feed reads its posts' facts before their HTML.
    if (planned) for (const post of planned.posts) site.lazy.renderSlug(post.slug);
    const config = site.config();
    if (planned && config) return { kind: 'file', contentType: contentTypeOf(rel), body: await renderPlannedFile(planned, { config, bodies: site.images.feedBodies(site.bodies) }) };
    const asset = site.theme.files.get(rel);
    if (asset) return { kind: 'file', contentType: contentTypeOf(rel), body: asset };
    const copy = this.copiesByFile.get(rel) ?? site.images.derivedFile(rel);
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
    const { site } = this;
    const errors = site.errors();
    const renderer = site.renderer();
    if (errors.length > 0 || !renderer) return { kind: 'errors', diagnostics: errors };
    const post = page.data.kind === 'post' ? page.data.post : undefined;
    const result = renderer.render(page, post ? site.images.pageBodies(site.bodies).html(post.slug) : undefined);
    if (result.diagnostics.length > 0) {
      this.renderDiagnostics.set(page.file, result.diagnostics);
      site.problemsFound();
    }
    if (hasErrors(result.diagnostics)) return { kind: 'errors', diagnostics: site.errors() };
    return { kind: 'page', status, html: result.value };
  }

  private publicFile(rel: string): string | undefined {
    const dir = this.site.publicDir;
    const abs = path.resolve(dir, rel);
    if (!abs.startsWith(dir + path.sep)) return undefined;
    try {
      return statSync(abs).isFile() ? abs : undefined;
    } catch {
      return undefined;
    }
  }
}
