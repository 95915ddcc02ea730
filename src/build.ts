import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from './config/index.js';
import { buildKey, clearBuildState, readBuildState, treeIdentity, writeBuildState } from './build-state.js';
import { loadPosts, releaseKeptBodies, type ContentIdentity } from './content/index.js';
import { hasErrors, type Diagnostic, type Result } from './diagnostics.js';
import { checkSiteLinks, RenderedLinks, type RenderedHtml } from './links/incremental.js';
import { DamagedEntryError } from './markdown/body-store.js';
import { markdownOptionsFrom } from './markdown/options.js';
import { releasePrewarmed } from './markdown/pool.js';
import { prewarmRenderer, renderPosts } from './markdown/render-posts.js';
import type { BodyStore } from './markdown/types.js';
import { createDiskWriter, WriteError } from './output/index.js';
import { guardProject, readFolders, removeOwnFolder, shownPath, tagCacheDir } from './output/guard.js';
import type { Writer } from './output/types.js';
import { tightenHeapGrowth } from './heap-growth.js';
import { makeScratch } from './scratch.js';
import { resolvePublicDir, resolveTemplatesDir } from './project.js';
import { codeFingerprint, createKeyer, siteKey } from './render/page-keys.js';
import { renderPlannedFile } from './render/planned-file.js';
import { readTemplateFiles } from './render/template-files.js';
import { buildThemeAssets } from './render/theme-assets.js';
import type { PageRenderer } from './render/types.js';
import { ALL_VIEW_FIELDS, isWide, markWide, namedViewFields, summaryFields, ViewWatch } from './render/view-fields.js';
import { SEARCH_BUNDLE_DIR } from './search/documents.js';
import { searchFileReader } from './search/index-cache.js';
import { startSearchWorker, type SearchWorker } from './search/in-worker.js';
import { planSite, todayIn } from './site/index.js';
import { cachedRelatedPosts } from './site/related-cache.js';
import type { Page, SitePlan } from './site/types.js';

/** Bump when what a stored build state means changes. */
const BUILD_STATE_VERSION = 1;

export type Stage = 'config' | 'content' | 'markdown' | 'plan' | 'assets' | 'render' | 'feeds' | 'search' | 'links' | 'write';

export interface BuildOptions {
  /** Project root; site.config.ts, templates/ and public/ are read from here. */
  root: string;
  /** Default `<root>/content`. */
  contentDir?: string;
  /** Default `<root>/dist`. */
  outDir?: string;
  /** Overrides the config's basePath. */
  basePath?: string;
  /** Overrides the config's url. */
  siteUrl?: string;
  /** Warn when no url is set, so the output would link to localhost: for builds meant to be published. */
  warnDefaultSiteUrl?: boolean;
  /** Include `#draft true` posts. */
  drafts?: boolean;
  /** Include posts dated after today. */
  future?: boolean;
  /** Markdown workers; default one per core. */
  jobs?: number;
  /** Render cache folder; default `<root>/.cache`; null disables it. */
  cacheDir?: string | null;
  /** Replace an existing output folder that Hashmark did not write (never the project, a folder it reads, or home). */
  forceOut?: boolean;
  /** Where files go; default the atomic disk writer on outDir. */
  writer?: Writer;
  /** "Now", for deciding which posts are scheduled; default the current time. */
  now?: Date;
  /** Called as posts render, for a progress bar. */
  onProgress?: (done: number, total: number) => void;
}

export interface BuildResult {
  ok: boolean;
  posts: number;
  pages: number;
  written: number;
  unchanged: number;
  removed: number;
  drafts: string[];
  scheduled: string[];
  diagnostics: Diagnostic[];
  timings: Partial<Record<Stage, number>>;
  seconds: number;
}

/**
 * The one place that knows the stage order. Every stage runs even after an earlier one reported errors
 * (on the records that survived), so one build reports every problem; nothing is committed unless the
 * whole build is clean.
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  // Without a cache, rendered bodies still go to disk between the Markdown stage and the pages that
  // use them, in a private folder removed afterwards: memory must not grow with the site's HTML.
  const scratch = options.cacheDir === null ? makeScratch() : null;
  const started: Started = {};
  try {
    return await runBuild(options, scratch, started);
  } finally {
    started.searchWorker?.stop();
    started.restoreHeap?.();
    releasePrewarmed();
    if (scratch !== null) removeOwnFolder(scratch);
  }
}

/** Threads a build starts ahead of need, ended by `build` whatever way the build ends. */
interface Started {
  searchWorker?: SearchWorker;
  /** Puts back V8's heap growth, tightened for the pages of a large site. */
  restoreHeap?: () => void;
}

async function runBuild(options: BuildOptions, scratch: string | null, ahead: Started): Promise<BuildResult> {
  const started = performance.now();
  const root = path.resolve(options.root);
  const contentDir = path.resolve(root, options.contentDir ?? 'content');
  const outDir = path.resolve(root, options.outDir ?? 'dist');
  const cacheDir = options.cacheDir === null ? null : path.resolve(root, options.cacheDir ?? '.cache');
  const timings: Partial<Record<Stage, number>> = {};
  const diagnostics: Diagnostic[] = [];
  const result: BuildResult = {
    ok: false, posts: 0, pages: 0, written: 0, unchanged: 0, removed: 0,
    drafts: [], scheduled: [], diagnostics, timings, seconds: 0,
  };
  const finish = (): BuildResult => {
    result.ok = !hasErrors(diagnostics);
    result.seconds = (performance.now() - started) / 1000;
    return result;
  };
  const timed = async <T>(stage: Stage, run: () => T | Promise<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await run();
    } finally {
      timings[stage] = (timings[stage] ?? 0) + (performance.now() - t);
    }
  };

  // Nothing is read, written or removed before the output and cache folders are known to be safe.
  const folders = { root, contentDir, templatesDir: resolveTemplatesDir(root), publicDir: resolvePublicDir(root), outDir, cacheDir };
  diagnostics.push(...guardProject(folders));
  if (hasErrors(diagnostics)) return finish();

  // Opened first: the disk writer surveys the old output on another thread while the stages below run.
  let writer = options.writer;
  let writerFailed = false;
  if (!writer) {
    const created = await createDiskWriter({
      outDir, cacheDir, force: options.forceOut ?? false, guard: { root, protect: readFolders(folders) }, shown: shownPath(outDir, root),
    });
    diagnostics.push(...created.diagnostics);
    if (created.diagnostics.some((d) => d.code === 'unsafe-output')) return finish();
    writer = created.value;
    writerFailed = !writer;
  }
  if (cacheDir !== null) tagCacheDir(cacheDir);
  const stop = async (): Promise<BuildResult> => {
    await writer?.abort().catch(() => undefined);
    return finish();
  };

  const config = await timed('config', async () => {
    const loaded = await loadConfig({
      root, cacheDir, overrides: { basePath: options.basePath, url: options.siteUrl }, warnDefaultUrl: options.warnDefaultSiteUrl === true,
    });
    diagnostics.push(...loaded.diagnostics);
    return loaded.value;
  });

  // Most builds render some Markdown (an edit, a first build): a render worker starts loading now,
  // while the posts are read. A build that finds nothing changed ends it unused, having lost nothing
  // but some time on the other core.
  if (config) prewarmRenderer({ markdown: markdownOptionsFrom(config), cacheDir: cacheDir ?? scratch, jobs: options.jobs ?? defaultJobs() });

  let identity: ContentIdentity | undefined;
  /** Slugs of the post files left out for their errors: links to them are not reported (see the link stage). */
  let leftOut: readonly string[] = [];
  /** Work the content stage leaves for later (saving its cache): run while the workers render. */
  const later: Array<() => void> = [];
  const runLater = (): void => {
    for (const task of later.splice(0)) task();
  };
  const posts = await timed('content', () => {
    const onFingerprint = (found: ContentIdentity): void => {
      identity = found;
    };
    const loaded = loadPosts({ root, contentDir, cacheDir, lazyBodies: true, onFingerprint, defer: (task) => later.push(task) });
    diagnostics.push(...loaded.diagnostics);
    leftOut = loaded.leftOut;
    return loaded.value;
  });
  if (!config) {
    runLater();
    return stop();
  }

  // Nothing changed since the last build, whose output is untouched: that build's result stands.
  let stateKey: string | undefined;
  const content = identity as ContentIdentity | undefined;
  if (cacheDir !== null && !options.writer && writer && content?.fingerprint !== undefined) {
    stateKey = buildKey([
      BUILD_STATE_VERSION, codeFingerprint(), content.fingerprint, config, contentDir, outDir,
      options.drafts ?? false, options.future ?? false, options.warnDefaultSiteUrl ?? false, todayIn(config.timeZone, options.now ?? new Date()),
      resolveTemplatesDir(root), treeIdentity(resolveTemplatesDir(root)),
      resolvePublicDir(root), treeIdentity(resolvePublicDir(root)),
    ]);
    const stored = content.unchanged && !hasErrors(diagnostics) ? readBuildState(cacheDir, stateKey) : undefined;
    const files = stored ? await writer.intact?.() : undefined;
    if (stored && files !== undefined) {
      runLater();
      await writer.abort();
      diagnostics.length = 0;
      diagnostics.push(...stored.diagnostics);
      Object.assign(result, { posts: stored.posts, pages: stored.pages, drafts: stored.drafts, scheduled: stored.scheduled, unchanged: files });
      return finish();
    }
    // A file edited moments ago may change again without its identity changing: no state for it.
    if (!content.settled) stateKey = undefined;
  }

  // Loaded while the Markdown stage waits for its workers, not when the first page needs them.
  const rendererModule = import('./render/page-renderer.js');
  rendererModule.catch(() => undefined);
  /** Set when this build's output is knowingly incomplete (a damaged search cache entry): not a state to keep. */
  let incomplete = false;

  // Started now, awaited below: what follows needs no rendered body and runs while the workers render.
  const markdownTask = timed('markdown', () =>
    renderPosts(posts, {
      markdown: markdownOptionsFrom(config),
      jobs: options.jobs ?? defaultJobs(),
      cacheDir: cacheDir ?? scratch,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    }),
  );
  // Awaited below; marked handled now so a failure is not reported as unhandled meanwhile.
  markdownTask.catch(() => undefined);
  runLater();
  const templatesDir = resolveTemplatesDir(root);
  const assetsTask = timed('assets', () => buildThemeAssets({ root, templatesDir, cacheDir, basePath: config.basePath }));
  const publicFiles = listPublicFiles(resolvePublicDir(root));
  const templates = readTemplateFiles(templatesDir);
  const builtAssets = await assetsTask;
  const assets = builtAssets.value;
  const site = siteKey({ config, assets, templates });
  // Listed posts count in page keys by the fields the templates name, unless these templates were
  // seen reading others; the renderer watches for that (see view-fields.ts).
  const wide = isWide(cacheDir, site);
  const named = namedViewFields(templates);
  const watch = new ViewWatch(wide ? ALL_VIEW_FIELDS : named);
  const parseTemplates = async (): Promise<Result<PageRenderer | undefined>> => {
    const { createPageRenderer } = await rendererModule;
    // The sources were read once already, for the page keys.
    return createPageRenderer({ root, templatesDir, config, assets, sources: templates, listedView: watch.wrap });
  };
  // Templates are parsed only when some page must be rendered, which a changed post means: then
  // while the workers render. With errors elsewhere they are parsed anyway, so one build reports
  // every problem. Their diagnostics join the build's when the renderer is first asked for, in stage order.
  let parsing: Promise<Result<PageRenderer | undefined>> | undefined;
  if (!content?.unchanged) {
    parsing = parseTemplates();
    parsing.catch(() => undefined);
  }

  const markdownResult = await markdownTask;
  diagnostics.push(...markdownResult.diagnostics);
  const rendered = markdownResult.value;
  // Rendered: from here on a body is needed only to repair a damaged cache entry, read from its file then.
  releaseKeptBodies(posts);
  // Set after the Markdown workers are done: their short-lived heaps would only collect more often.
  ahead.restoreHeap = tightenHeapGrowth(rendered.posts.length);

  // The search index's thread loads while the site is planned: started sooner, it would slow the
  // render workers, which everything waits for.
  ahead.searchWorker = startSearchWorker();

  const plan = await timed('plan', () => {
    const today = todayIn(config.timeZone, options.now ?? new Date());
    const planned = planSite(rendered.posts, config, {
      drafts: options.drafts ?? false,
      future: options.future ?? false,
      today,
      related: cachedRelatedPosts(cacheDir, codeFingerprint()),
    });
    diagnostics.push(...planned.diagnostics);
    return planned.value;
  });
  result.posts = rendered.posts.length - plan.excluded.drafts.length - plan.excluded.scheduled.length;
  result.pages = plan.pages.length;
  result.drafts = plan.excluded.drafts;
  result.scheduled = plan.excluded.scheduled;

  diagnostics.push(...builtAssets.diagnostics);
  diagnostics.push(...claimRoutes(plan, publicFiles, assets.files.map((f) => f.file)));

  let renderer: PageRenderer | undefined;
  let rendererTried = false;
  const getRenderer = async (): Promise<PageRenderer | undefined> => {
    if (rendererTried) return renderer;
    rendererTried = true;
    const created = await (parsing ??= parseTemplates());
    diagnostics.push(...created.diagnostics);
    renderer = created.value;
    return renderer;
  };
  // Errors so far (a post left out, a bad asset) do not end the build here: the pages of the posts that
  // remain are still rendered and their links checked, so one run reports every problem; only the
  // commit at the end is skipped.
  const renderPage = async (page: Page): Promise<RenderedHtml | undefined> => {
    const pageRenderer = await getRenderer();
    if (!pageRenderer) return undefined;
    const post = page.data.kind === 'post' ? page.data.post : undefined;
    const body = post ? await withRepair(rendered.bodies, () => rendered.bodies.html(post.slug)) : undefined;
    const html = pageRenderer.render(page, body);
    diagnostics.push(...html.diagnostics);
    return { html: html.value, body };
  };

  // Without a usable output folder the build goes on into a writer that keeps nothing, for the same reason.
  if (!writer || writerFailed) writer = discardingWriter();

  const bodies = rendered.bodies;
  // Marked as soon as seen (pages rendered for their links only count too): a build that fails
  // later has still shown what these templates read.
  let markedWide = wide;
  const noteWide = (): void => {
    if (watch.violated && !markedWide) {
      markedWide = true;
      markWide(cacheDir, site);
    }
  };
  const keyer = createKeyer(site, plan.pages, bodies, wide ? 'all' : summaryFields(named));
  const pageKeys: string[] = [];
  const fresh = new RenderedLinks();
  const written = new Set<string>();
  try {
    // The search index is built by Pagefind in its own process: started first, it indexes on the
    // second core while this thread renders pages.
    const searchTask = timed('search', async () => {
      return (ahead.searchWorker ?? startSearchWorker()).run({
        // Without a cache, the index's shards go through the scratch folder too, for the same reason.
        plan, sources: posts, bodies, basePath: config.basePath, language: config.language, cacheDir: cacheDir ?? scratch, lazy: true,
      });
    });
    await timed('render', async () => {
      for (const [index, page] of plan.pages.entries()) {
        const key = keyer.page(page);
        pageKeys.push(key);
        written.add(page.file);
        if (await writer.keep?.(page.file, key)) continue;
        const out = await renderPage(page);
        if (!out) break;
        await writer.write({ file: page.file, contents: out.html, key });
        fresh.add(page.file, out);
        // Lets the search stage's messages to and from Pagefind through now and then.
        if (index % 16 === 15) await new Promise((resolve) => setImmediate(resolve));
      }
    });
    noteWide();
    await timed('feeds', async () => {
      for (const file of plan.files) {
        const key = keyer.file(file);
        written.add(file.file);
        if (await writer.keep?.(file.file, key)) continue;
        const text = await withRepair(bodies, () => renderPlannedFile(file, { config, bodies }));
        await writer.write({ file: file.file, contents: text, key });
      }
    });
    await timed('write', async () => {
      // A path written already is a route conflict, reported by claimRoutes; the build goes on without
      // the second file, and fails at the end.
      for (const file of assets.files) {
        if (written.has(file.file)) continue;
        await writer.write(file);
        written.add(file.file);
      }
      for (const asset of plan.assets) {
        if (written.has(asset.file)) continue;
        await writer.copy(asset.file, asset.from);
        written.add(asset.file);
      }
      for (const file of publicFiles) {
        if (written.has(file.file)) continue;
        await writer.copy(file.file, file.from);
        written.add(file.file);
      }
    });
    await timed('links', async () => {
      // Templates that did not parse rendered no page: there are no links to check.
      if (rendererTried && !renderer) return;
      // Checked while Pagefind finishes the search index, whose file names are not known before.
      diagnostics.push(...(await checkSiteLinks({
        root, templatesDir, cacheDir, config, pages: plan.pages, pageKeys, written, pendingDirs: [SEARCH_BUNDLE_DIR], leftOut,
        posts: rendered.posts, templates, rendered: fresh, renderAgain: renderPage,
      })));
    });
    noteWide();
    const search = await searchTask;
    diagnostics.push(...search.diagnostics);
    await timed('search', async () => {
      // Unchanged search files are kept by key, unread; only changed ones are read from the cache.
      const read = searchFileReader();
      for (const file of search.value.files) {
        written.add(file.file);
        if (file.key !== undefined && (await writer.keep?.(file.file, file.key))) continue;
        const contents = read(file);
        if (contents === undefined) {
          diagnostics.push({
            severity: 'warning',
            code: 'search-index-failed',
            message: `The search index's cache entry for ${file.file} is damaged, so the index is incomplete in this build.`,
            file: path.relative(root, cacheDir ?? root) || '.',
            hint: 'Build again: the damaged entry has been removed and is rebuilt from the posts.',
          });
          if (file.pack) rmSync(file.pack.path, { force: true });
          incomplete = true;
          continue;
        }
        await writer.write({ file: file.file, contents, ...(file.key === undefined ? {} : { key: file.key }) });
      }
    });
    if (hasErrors(diagnostics)) {
      await writer.abort();
      return finish();
    }
    // The output is about to change: the last build's state no longer describes it.
    if (cacheDir !== null) clearBuildState(cacheDir);
    const summary = await timed('write', () => writer.commit());
    result.written = summary.written;
    result.unchanged = summary.unchanged;
    result.removed = summary.removed;
    if (cacheDir !== null && stateKey !== undefined && !incomplete && !hasErrors(diagnostics)) {
      writeBuildState(cacheDir, {
        key: stateKey, posts: result.posts, pages: result.pages, drafts: result.drafts, scheduled: result.scheduled, diagnostics: [...diagnostics],
      });
    }
  } catch (error) {
    await writer.abort().catch(() => undefined);
    if (!(error instanceof WriteError)) throw error;
    diagnostics.push({
      severity: 'error',
      code: 'write-failed',
      message: `The site could not be written to ${outDir}: ${error.message}. The previous output is unchanged.`,
      file: path.relative(root, outDir) || '.',
      hint: 'Check free disk space and that the output folder and its parent are writable.',
    });
  }
  return finish();
}

/**
 * Runs `produce`, and when a cached body turns out damaged, renders that post again and retries:
 * a damaged cache entry costs a re-render, never a wrong page or a failed build.
 */
async function withRepair<T>(bodies: BodyStore, produce: () => T | Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await produce();
    } catch (error) {
      if (!(error instanceof DamagedEntryError) || attempt > 100 || !bodies.repair) throw error;
      await bodies.repair([error.slug]);
    }
  }
}

interface PublicFile {
  file: string;
  from: string;
}

/** Every file under public/, copied verbatim (dotfiles such as .nojekyll included). */
function listPublicFiles(publicDir: string): PublicFile[] {
  if (!existsSync(publicDir)) return [];
  const files: PublicFile[] = [];
  const walk = (dir: string, prefix: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const abs = path.join(dir, entry.name);
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(abs, rel);
      else if (entry.isFile() || (entry.isSymbolicLink() && statSync(abs).isFile())) files.push({ file: rel, from: abs });
    }
  };
  walk(publicDir, '');
  return files;
}

/** public/ files and theme assets share the output namespace with generated pages: one owner per path. */
function claimRoutes(plan: SitePlan, publicFiles: PublicFile[], assetFiles: string[]): Diagnostic[] {
  const owners = new Map<string, string>();
  for (const page of plan.pages) owners.set(page.file, page.origin);
  for (const file of plan.files) owners.set(file.file, file.origin);
  for (const asset of plan.assets) owners.set(asset.file, asset.origin);
  for (const file of assetFiles) owners.set(file, 'theme assets');
  const diagnostics: Diagnostic[] = [];
  for (const file of publicFiles) {
    const owner = owners.get(file.file);
    if (owner === undefined) continue;
    diagnostics.push({
      severity: 'error',
      code: 'route-conflict',
      message: `public/${file.file} and ${owner} both write ${file.file}.`,
      file: `public/${file.file}`,
      hint: 'Rename or remove the file in public/, or change the post slug or tag that produces the same path.',
    });
  }
  return diagnostics;
}

/**
 * One worker per core, and never fewer than two: only workers carry the per-post time limit, so even
 * a one-core machine renders in workers and a runaway post becomes a diagnostic instead of a hang.
 */
function defaultJobs(): number {
  return Math.max(2, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}

/**
 * A writer that keeps nothing, for a build whose output folder cannot be used: the later stages still
 * run, so their problems are reported too, and nothing is ever committed (the build has an error).
 */
function discardingWriter(): Writer {
  return {
    write: async () => undefined,
    copy: async () => undefined,
    commit: async () => ({ written: 0, unchanged: 0, removed: 0 }),
    abort: async () => undefined,
  };
}
