import type { SiteConfig } from '../config/index.js';
import type { Diagnostic, Result } from '../diagnostics.js';
import type { PostSummary } from '../site/types.js';
import { siteKey } from './page-keys.js';
import { PagePool, pagePoolSetup } from './page-pool.js';
import type { PageRenderer, PostView, ThemeAssets } from './types.js';
import { ALL_VIEW_FIELDS, isWide, markWide, namedViewFields, summaryFields, ViewWatch } from './view-fields.js';

type RendererModule = typeof import('./page-renderer.js');

/** Starts loading the page renderer's code, so it is loaded while the Markdown stage waits for its workers, not when the first page needs it. */
export function preloadPageRenderer(): Promise<RendererModule> {
  const loading = import('./page-renderer.js');
  loading.catch(() => undefined);
  return loading;
}

export interface SiteTemplatesInput {
  root: string;
  templatesDir: string;
  cacheDir: string | null;
  config: SiteConfig;
  assets: ThemeAssets;
  /** The template sources, read once for the page keys and the parser. */
  sources: ReadonlyMap<string, string>;
  rendererModule: Promise<RendererModule>;
  /** Parse at once (some page will be rendered: a post changed), while the Markdown workers render. */
  parseNow: boolean;
  /** Where the templates' own diagnostics go, when the renderer is first asked for: in stage order. */
  diagnostics: Diagnostic[];
}

/**
 * The site's templates: their key, the fields of listed posts that page keys hold, and the page
 * renderer, parsed only when some page must be rendered. With errors elsewhere they are parsed
 * anyway, so one build reports every problem.
 */
export class SiteTemplates {
  readonly sources: ReadonlyMap<string, string>;
  /** Everything every page is made from (see siteKey). */
  readonly site: string;
  /**
   * Listed posts count in page keys by the fields the templates name, unless these templates were
   * seen reading others; the renderer watches for that (see view-fields.ts).
   */
  readonly listedFields: Array<keyof PostSummary> | 'all';
  readonly #input: SiteTemplatesInput;
  readonly #watch: ViewWatch;
  /** The view fields listed posts may show unwatched: the named ones, or all when wide. */
  readonly #allowed: Array<keyof PostView> | 'all';
  /** A page worker saw the templates read an unnamed field. */
  #wideInWorker = false;
  #parsing: Promise<Result<PageRenderer | undefined>> | undefined;
  #renderer: PageRenderer | undefined;
  #tried = false;
  #markedWide: boolean;

  constructor(input: SiteTemplatesInput) {
    this.#input = input;
    this.sources = input.sources;
    this.site = siteKey({ config: input.config, assets: input.assets, templates: input.sources });
    const wide = isWide(input.cacheDir, this.site);
    const named = namedViewFields(input.sources);
    this.#watch = new ViewWatch(wide ? ALL_VIEW_FIELDS : named);
    this.#allowed = wide ? 'all' : [...named];
    this.#markedWide = wide;
    this.listedFields = wide ? 'all' : summaryFields(named);
    if (input.parseNow) {
      this.#parsing = this.#parse();
      this.#parsing.catch(() => undefined);
    }
  }

  /** The page renderer, parsed on first need; the parse diagnostics join the build's then. */
  async renderer(): Promise<PageRenderer | undefined> {
    if (this.#tried) return this.#renderer;
    this.#tried = true;
    const created = await (this.#parsing ??= this.#parse());
    this.#input.diagnostics.push(...created.diagnostics);
    this.#renderer = created.value;
    return this.#renderer;
  }

  /** The templates were parsed and did not parse: they rendered no page. */
  get failed(): boolean {
    return this.#tried && !this.#renderer;
  }

  /**
   * Records that these templates read unnamed fields of listed posts, once seen (pages rendered for
   * their links only count too): a build that fails later has still shown it.
   */
  noteWide(): void {
    if ((this.#watch.violated || this.#wideInWorker) && !this.#markedWide) {
      this.#markedWide = true;
      markWide(this.#input.cacheDir, this.site);
    }
  }

  /** Page workers with these templates (see PagePool), for a build that renders many pages. */
  pagePool(size: number): PagePool {
    const { root, templatesDir, config, assets, sources } = this.#input;
    return new PagePool(pagePoolSetup({ root, templatesDir, config, assets, sources, allowed: this.#allowed }), size);
  }

  /** A page worker saw these templates read unnamed fields of listed posts (see noteWide). */
  noteWideInWorker(): void {
    this.#wideInWorker = true;
  }

  async #parse(): Promise<Result<PageRenderer | undefined>> {
    const { root, templatesDir, config, assets, sources } = this.#input;
    const { createPageRenderer } = await this.#input.rendererModule;
    // The sources were read once already, for the page keys.
    return createPageRenderer({ root, templatesDir, config, assets, sources, listedView: this.#watch.wrap });
  }
}
