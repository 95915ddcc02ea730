import { checkLastBuild, standBy } from './build/last-build.js';
import { createSetup, emptyResult, settle, type BuildContext, type BuildOptions, type BuildResult } from './build/context.js';
import { commitOutput, openOutput, writeFailed } from './build/output.js';
import { pageBodies } from './build/page-bodies.js';
import { PAGE_WINDOW, pagesMaker, startPagesEarly, type Started } from './build/pages-maker.js';
import { countPlan } from './build/plan-counts.js';
import { startEarlySearch } from './build/early-search.js';
import { prewarm } from './build/warm-up.js';
import { loadConfig } from './config/index.js';
import { loadBuildContent } from './content/build-content.js';
import { releaseKeptBodies } from './content/index.js';
import { hasErrors } from './diagnostics.js';
import { tightenHeapGrowth } from './heap-growth.js';
import { checkSiteLinks, RenderedLinks } from './links/incremental.js';
import { leftOutTest } from './links/left-out.js';
import { markdownOptionsFrom } from './markdown/options.js';
import { releasePrewarmed } from './markdown/pool.js';
import { renderPosts } from './markdown/render-posts.js';
import { prepareImages, withoutMissingImages } from './images/stage.js';
import { guardProject, removeOwnFolder } from './output/guard.js';
import { WriteError } from './output/index.js';
import { createKeyer, filesKey } from './render/page-keys.js';
import { renderPages } from './render/pages.js';
import { preloadPlannedFileModules } from './render/planned-file.js';
import { writePlannedFiles } from './render/planned-files.js';
import { preloadPageRenderer, SiteTemplates } from './render/site-templates.js';
import { readTemplateFiles } from './render/template-files.js';
import { buildThemeAssets, themeFilesFor } from './render/theme-assets.js';
import { makeScratch } from './scratch.js';
import { SEARCH_BUNDLE_DIR } from './search/documents.js';
import { startSearchWorker } from './search/in-worker.js';
import { writeSearchFiles } from './search/write.js';
import { copySiteFiles } from './site/copy-files.js';
import { planBuild } from './site/plan-build.js';
import { claimRoutes, listPublicFiles } from './site/public-files.js';

export type { BuildOptions, BuildResult, Stage } from './build/context.js';

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
    await started.pagePool?.close();
    started.restoreHeap?.();
    releasePrewarmed();
    if (scratch !== null) removeOwnFolder(scratch);
  }
}

async function runBuild(options: BuildOptions, scratch: string | null, ahead: Started): Promise<BuildResult> {
  const setup = createSetup(options, scratch);
  const { root, folders, cacheDir, diagnostics, timed, take } = setup;
  const result = emptyResult(setup);
  const finish = (): BuildResult => settle(result, setup);

  // Nothing is read, written or removed before the output and cache folders are known to be safe.
  diagnostics.push(...guardProject(folders));
  if (hasErrors(diagnostics)) return finish();
  // Opened first: the disk writer surveys the old output on another thread while the stages below run.
  const output = await openOutput(setup);
  if (!output) return finish();
  const { writer } = output;
  const overrides = { basePath: options.basePath, url: options.siteUrl };
  const config = await timed('config', async () => take(await loadConfig({ root, cacheDir, overrides, warnDefaultUrl: options.warnDefaultSiteUrl === true })));
  const markdownJob = config && { markdown: markdownOptionsFrom(config), cacheDir: setup.workDir, jobs: setup.jobs };
  const { small, onChange } = prewarm(markdownJob, folders.contentDir);
  const content = await timed('content', () => loadBuildContent({ root, contentDir: folders.contentDir, cacheDir, diagnostics, onChange }));
  if (!config || !markdownJob) {
    content.runLater();
    await writer.abort().catch(() => undefined);
    return finish();
  }
  const ctx: BuildContext = { ...setup, config, writer };

  // Nothing changed since the last build, whose output is untouched: that build's result stands.
  const last = await checkLastBuild(ctx, { identity: content.identity, ownOutput: output.usable && !options.writer });
  if (last.stands) {
    content.runLater();
    await writer.abort();
    standBy(result, last);
    return finish();
  }

  // A few posts changed: the search thread starts indexing their shards now (see early-search.ts).
  startEarlySearch(ctx, content, markdownJob.markdown, ahead);
  const rendererModule = preloadPageRenderer();
  // Started now, awaited below: what follows needs no rendered body and runs while the workers render.
  const markdownTask = timed('markdown', () => renderPosts(content.posts, { ...markdownJob, lazyToc: true, ...(options.onProgress ? { onProgress: options.onProgress } : {}) }));
  markdownTask.catch(() => undefined);
  content.runLater();
  const assetsTask = timed('assets', () => buildThemeAssets({ root, templatesDir: folders.templatesDir, cacheDir, basePath: config.basePath }));
  const publicFiles = listPublicFiles(folders.publicDir);
  const sources = readTemplateFiles(folders.templatesDir);
  const builtAssets = await assetsTask;
  const assets = builtAssets.value;
  // Templates are parsed now, while the workers render, when a changed post means some page will be rendered.
  const templates = new SiteTemplates({
    root, templatesDir: folders.templatesDir, cacheDir, config, assets, sources, rendererModule, parseNow: !content.identity?.unchanged, diagnostics,
  });
  // A template edit re-renders every post page: its page workers load while the site is planned.
  const recordSiteKey = startPagesEarly({ cacheDir, jobs: setup.jobs, posts: content.posts.length }, templates, ahead);
  // The feed and sitemap libraries load while the posts render, not after the pages.
  if (!content.identity?.unchanged) preloadPlannedFileModules();
  // A small site renders its few posts on one worker (see startEarly): the search thread loads
  // meanwhile, once this thread has parsed the templates, so that its start and theirs do not
  // leave the render worker only a third of the two cores.
  if (small) {
    rendererModule.then(() => {
      ahead.searchWorker ??= startSearchWorker();
    }, () => undefined);
  }

  const rendered = take(await markdownTask);
  ahead.searchWorker?.rendered();
  // Rendered: from here on a body is needed only to repair a damaged cache entry, read from its file then.
  releaseKeptBodies(content.posts);
  // Set after the Markdown workers are done: their short-lived heaps would only collect more often.
  ahead.restoreHeap = tightenHeapGrowth(rendered.posts.length);
  // The search index's thread loads while the site is planned: started sooner, it would slow the render workers.
  ahead.searchWorker ??= startSearchWorker();

  const plan = await timed('plan', () =>
    take(planBuild({ posts: rendered.posts, config, drafts: options.drafts ?? false, future: options.future ?? false, now: options.now ?? new Date(), cacheDir })),
  );
  countPlan(result, plan);
  diagnostics.push(...builtAssets.diagnostics, ...claimRoutes(plan, publicFiles, assets.files.map((f) => f.file)));
  // Pagefind indexes on its own thread, on the second core while images and pages are made (without a
  // cache, through the scratch folder): it needs the plan and the rendered bodies, nothing after them.
  const index = { plan, sources: content.posts, bodies: rendered.bodies, basePath: config.basePath, language: config.language, cacheDir: setup.workDir, lazy: true };
  const searchTask = timed('search', () => (ahead.searchWorker ?? startSearchWorker()).run(index));
  searchTask.catch(() => undefined);

  // Images are measured (and their AVIF/WebP made, or found in the cache) once the plan says where
  // each post's page and files go; pages and feeds then get bodies with their <img> rewritten.
  const { isLeftOut } = leftOutTest(config, content.leftOut, content.leftOutUrls);
  const images = await timed('images', async () => take(await prepareImages({ posts: rendered.posts, plan, publicFiles, config, root, workDir: setup.workDir, bodies: rendered.bodies, isLeftOut })));
  result.images = images.work;

  // Errors so far do not end the build: the remaining pages are still rendered and their links checked,
  // so one run reports every problem; only the commit at the end is skipped.
  const linked = pageBodies({ images, posts: rendered.posts, config, root, contentDir: folders.contentDir, leftOutFiles: content.leftOutFiles });
  const keyer = createKeyer({ pages: templates.site, files: filesKey(config) }, plan.pages, linked.pages, templates.listedFields);
  const make = pagesMaker(setup.jobs, templates, linked.pages, diagnostics, ahead);
  const links = new RenderedLinks();
  const written = new Set<string>();
  try {
    const pageKeys = await timed('render', () =>
      renderPages({ pages: plan.pages, keyer, make, writer, written, onRendered: (file, page) => links.add(file, page), window: PAGE_WINDOW }),
    );
    templates.noteWide();
    recordSiteKey();
    await timed('feeds', () => writePlannedFiles({ files: plan.files, keyer, config, bodies: linked.feeds, writer, written }));
    const uses = new Set(rendered.posts.flatMap((post) => post.uses ?? []));
    await timed('write', () => copySiteFiles({ writer, themeFiles: themeFilesFor(assets.files, uses), bundled: [...plan.assets, ...images.derived.map((d) => ({ ...d, origin: 'images' }))], publicFiles, written }));
    // Templates that did not parse rendered no page: there are no links to check. Checked while
    // Pagefind finishes the index, whose file names are not known yet.
    const linkProblems = await timed('links', async () =>
      templates.failed ? [] : checkSiteLinks({
        root, templatesDir: folders.templatesDir, cacheDir, config, pages: plan.pages, pageKeys, written, pendingDirs: [SEARCH_BUNDLE_DIR],
        leftOut: content.leftOut, leftOutUrls: content.leftOutUrls, posts: rendered.posts, templates: sources, rendered: links, renderAgain: make,
      }),
    );
    diagnostics.push(...withoutMissingImages(linkProblems, images.missing));
    templates.noteWide();
    // This thread would only wait for the index: what the commit can do now is done meanwhile.
    writer.prepareCommit?.();
    const search = take(await searchTask);
    result.search = { shards: search.shards, built: search.shardsBuilt, early: search.shardsEarly };
    const complete = await timed('search', () => writeSearchFiles({ root, cacheDir, files: search.files, writer, written, diagnostics }));
    if (hasErrors(diagnostics)) await writer.abort();
    else await timed('write', () => commitOutput(ctx, result, { stateKey: last.stateKey, complete }));
  } catch (error) {
    await writer.abort().catch(() => undefined);
    if (!(error instanceof WriteError)) throw error;
    diagnostics.push(writeFailed(setup, error));
  }
  return finish();
}
