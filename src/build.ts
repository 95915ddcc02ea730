import { existsSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type SiteConfig } from './config/index.js';
import { loadPosts } from './content/index.js';
import { hasErrors, type Diagnostic } from './diagnostics.js';
import { checkLinks, scanPage, type CheckedPage } from './links/index.js';
import { renderPosts } from './markdown/index.js';
import { createDiskWriter, WriteError } from './output/index.js';
import type { Writer } from './output/types.js';
import { buildThemeAssets, createPageRenderer } from './render/index.js';
import { renderFeedFile } from './render/feeds.js';
import { renderRobots } from './render/robots.js';
import { renderSitemap, renderSitemapIndex } from './render/sitemap.js';
import { planSite, todayIn } from './site/index.js';
import type { SitePlan } from './site/types.js';

export type Stage = 'config' | 'content' | 'markdown' | 'plan' | 'assets' | 'render' | 'links' | 'write';

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
  /** Include `#draft true` posts. */
  drafts?: boolean;
  /** Include posts dated after today. */
  future?: boolean;
  /** Markdown workers; default one per core. */
  jobs?: number;
  /** Render cache folder; default `<root>/.cache`; null disables it. */
  cacheDir?: string | null;
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

  const config = await timed('config', async () => {
    const loaded = await loadConfig({ root, overrides: { basePath: options.basePath, url: options.siteUrl } });
    diagnostics.push(...loaded.diagnostics);
    return loaded.value;
  });

  const posts = await timed('content', () => {
    const loaded = loadPosts({ root, contentDir });
    diagnostics.push(...loaded.diagnostics);
    return loaded.value;
  });
  if (!config) return finish();

  const rendered = await timed('markdown', async () => {
    const out = await renderPosts(posts, {
      markdown: { rawHtml: config.rawHtml, wordsPerMinute: config.wordsPerMinute, excerptLength: config.excerptLength },
      jobs: options.jobs ?? defaultJobs(),
      cacheDir,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    diagnostics.push(...out.diagnostics);
    return out.value;
  });

  const plan = await timed('plan', () => {
    const today = todayIn(config.timeZone, options.now ?? new Date());
    const planned = planSite(rendered.posts, config, {
      drafts: options.drafts ?? false,
      future: options.future ?? false,
      today,
    });
    diagnostics.push(...planned.diagnostics);
    return planned.value;
  });
  result.posts = rendered.posts.length - plan.excluded.drafts.length - plan.excluded.scheduled.length;
  result.pages = plan.pages.length;
  result.drafts = plan.excluded.drafts;
  result.scheduled = plan.excluded.scheduled;

  const templatesDir = resolveTemplatesDir(root);
  const assets = await timed('assets', async () => {
    const built = await buildThemeAssets({ root, templatesDir, cacheDir, basePath: config.basePath });
    diagnostics.push(...built.diagnostics);
    return built.value;
  });

  const renderer = await timed('render', () => {
    const created = createPageRenderer({ root, templatesDir, config, assets });
    diagnostics.push(...created.diagnostics);
    return created.value;
  });
  const publicFiles = listPublicFiles(resolvePublicDir(root));
  diagnostics.push(...claimRoutes(plan, publicFiles, assets.files.map((f) => f.file)));

  // Past this point only output remains: an error so far means nothing is written.
  if (hasErrors(diagnostics) || !renderer) return finish();

  let writer = options.writer;
  if (!writer) {
    const created = await createDiskWriter({ outDir, cacheDir });
    diagnostics.push(...created.diagnostics);
    if (!created.value) return finish();
    writer = created.value;
  }

  const checked: CheckedPage[] = [];
  const bodyLines = new Map(rendered.posts.map((p) => [p.slug, p.bodyLine]));
  try {
    await timed('render', async () => {
      for (const page of plan.pages) {
        const post = page.data.kind === 'post' ? page.data.post : undefined;
        const body = post ? rendered.bodies.html(post.slug) : undefined;
        const html = renderer.render(page, body);
        diagnostics.push(...html.diagnostics);
        await writer.write({ file: page.file, contents: html.value });
        const links: CheckedPage = { file: page.file, ...scanPage(html.value) };
        if (post) {
          links.bodyUrls = scanPage(body ?? '').urls;
          links.source = page.origin;
          links.sourceAbsPath = path.resolve(root, page.origin);
          links.bodyLine = bodyLines.get(post.slug) ?? 1;
        }
        checked.push(links);
      }
      for (const file of plan.files) {
        const text = await renderPlannedFile(file, config, rendered.bodies);
        await writer.write({ file: file.file, contents: text });
      }
      for (const file of assets.files) await writer.write(file);
      for (const asset of plan.assets) await writer.copy(asset.file, asset.from);
      for (const file of publicFiles) await writer.copy(file.file, file.from);
    });
    await timed('links', () => {
      const files = new Set<string>([
        ...plan.pages.map((p) => p.file),
        ...plan.files.map((f) => f.file),
        ...plan.assets.map((a) => a.file),
        ...assets.files.map((f) => f.file),
        ...publicFiles.map((f) => f.file),
      ]);
      diagnostics.push(
        ...checkLinks(checked, { origin: config.url, basePath: config.basePath, files, severity: config.brokenLinks }),
      );
    });
    if (hasErrors(diagnostics)) {
      await writer.abort();
      return finish();
    }
    const summary = await timed('write', () => writer.commit());
    result.written = summary.written;
    result.unchanged = summary.unchanged;
    result.removed = summary.removed;
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

async function renderPlannedFile(
  file: SitePlan['files'][number],
  config: SiteConfig,
  bodies: Parameters<typeof renderFeedFile>[1]['bodies'],
): Promise<string> {
  switch (file.kind) {
    case 'sitemap':
      return renderSitemap(file.urls ?? [], config);
    case 'sitemap-index':
      return renderSitemapIndex(file.urls ?? []);
    case 'robots':
      return renderRobots(config);
    default:
      return renderFeedFile(file, { config, bodies });
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

/** A project without its own public/ gets Hashmark's (the favicon its theme links to). */
export function resolvePublicDir(root: string): string {
  const own = path.join(root, 'public');
  return existsSync(own) ? own : fileURLToPath(new URL('../public', import.meta.url));
}

/** A project without its own templates/ gets the theme Hashmark ships with. */
export function resolveTemplatesDir(root: string): string {
  const own = path.join(root, 'templates');
  return existsSync(own) ? own : fileURLToPath(new URL('../templates', import.meta.url));
}

function defaultJobs(): number {
  return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}
