import path from 'node:path';
import type { SiteConfig } from '../config/index.js';
import { displayPath } from '../content/index.js';
import type { Diagnostic } from '../diagnostics.js';
import type { PostMeta } from '../markdown/types.js';
import type { RenderedPage } from '../render/pages.js';
import { TEMPLATE_EXTENSION, templateFilePath } from '../render/template-files.js';
import type { Page } from '../site/types.js';
import { idsDigest, LinkCache, LinkState, LinkVerdicts, targetsDigest, type LinkData, type PageVerdict } from './cache.js';
import { findLinkProblems, reportLinkProblems, type CheckedPage, type LinkProblem, type ReportedPage } from './check.js';
import { scanRenderedPage } from '../html-links.js';
import { LinkTable } from './table.js';
import { templateLocator } from './templates.js';
import { leftOutTest } from './left-out.js';


/**
 * Links of the pages rendered in this build, recorded as they are rendered; kept pages' links come
 * from the link cache, and join these when the whole site must be checked.
 */
export class RenderedLinks {
  readonly #table = new LinkTable();
  /** Whether a page rendered in this build links to an anchor on another page. */
  #crossPageFragments = false;

  add(file: string, page: RenderedPage): void {
    const links = linksOf(page);
    this.#table.set(file, links);
    this.#crossPageFragments ||= links.urls.some((url) => !url.startsWith('#') && url.includes('#'));
  }

  /** Read by checkSiteLinks, which adds kept pages' links to it when it checks the whole site. */
  get table(): LinkTable {
    return this.#table;
  }

  get crossPageFragments(): boolean {
    return this.#crossPageFragments;
  }
}

export interface SiteLinksInput {
  root: string;
  templatesDir: string;
  cacheDir: string | null;
  config: Pick<SiteConfig, 'url' | 'basePath' | 'brokenLinks' | 'permalink'>;
  /** Every page of the site, in site order, and its key (same index). */
  pages: readonly Page[];
  pageKeys: readonly string[];
  /** Every path written to the output so far. */
  written: ReadonlySet<string>;
  /** Folders whose files are not known yet (the search index, still being built): anything under them counts as present. */
  pendingDirs: readonly string[];
  /** Slugs of the post files left out for their errors. */
  leftOut: readonly string[];
  /** Own URLs of those files (`url`, `permalink`, `path`), where usable. */
  leftOutUrls?: readonly string[];
  posts: ReadonlyArray<Pick<PostMeta, 'slug' | 'source' | 'bodyLine'>>;
  /** Template sources by name, to report a broken link at the template line that writes it. */
  templates: ReadonlyMap<string, string>;
  rendered: RenderedLinks;
  /** Renders a kept page again, only to read its links (their cached data is gone); undefined when pages cannot be rendered. */
  renderAgain(page: Page): Promise<RenderedPage | undefined>;
}

/**
 * The site's broken links. A warm build reuses the last verdict; otherwise only pages rendered again
 * are checked when nothing their links resolve against changed, else the whole site, from cached link data.
 */
export async function checkSiteLinks(input: SiteLinksInput): Promise<Diagnostic[]> {
  const { root, templatesDir, cacheDir, config, written, leftOut } = input;
  const fresh = input.rendered.table;
  // Anything under the folder of a post left out for its errors (its page, bundle assets, any
  // #fragment) counts as present: a link to it works once the post is fixed, and reporting it would
  // make that fix seem to add problems.
  const { isLeftOut, keys: leftOutDirs } = leftOutTest(config, leftOut, input.leftOutUrls ?? []);
  const pending = (file: string): boolean => input.pendingDirs.some((dir) => file.startsWith(`${dir}/`));
  const files = { has: (file: string): boolean => written.has(file) || pending(file) || isLeftOut(file) };
  const linkOptions = { origin: config.url, basePath: config.basePath, files, severity: config.brokenLinks };
  // What links resolve against, for the cache keys below: the files written and the left-out folders.
  const targetFiles = leftOutDirs.length === 0 ? written : [...written, ...leftOutDirs];
  // The same pages (by key) and the same files give the same verdict: a warm build reuses it. The
  // stored diagnostics name lines of post files, so where each body starts counts too.
  const bodyStarts = input.posts.map((post) => `${post.source}\u0000${post.bodyLine}`);
  const state = LinkState.key([...input.pageKeys, ...bodyStarts], targetFiles, linkOptions);
  const known = LinkState.read(cacheDir, state);
  if (known) return known;

  const bodyLines = new Map(input.posts.map((p) => [p.slug, p.bodyLine]));
  const reported = (page: Page): ReportedPage => {
    const post = page.data.kind === 'post' ? page.data.post : undefined;
    if (!post) return { file: page.file };
    return { file: page.file, source: page.origin, sourceAbsPath: path.resolve(root, page.origin), bodyLine: bodyLines.get(post.slug) ?? 1 };
  };
  const checkedPage = (page: Page, links: LinkData): CheckedPage => {
    const entry: CheckedPage = { ...reported(page), ids: links.ids, urls: links.urls };
    if (page.data.kind === 'post') entry.bodyUrls = links.bodyUrls ?? [];
    return entry;
  };
  const pages = input.pages.flatMap((page, index) => (written.has(page.file) ? [{ page, key: input.pageKeys[index]! }] : []));
  const verdicts = LinkVerdicts.open(cacheDir);
  const next = new Map<string, PageVerdict>();

  // Pages rendered in this build are checked; the others keep their verdicts, provided nothing
  // their links resolve against changed (no path, no page's ids) and no new page links into another's ids.
  const idsOf = pages.map(({ page, key }) => {
    const ids = fresh.ids(page.file);
    return ids ? idsDigest(ids) : verdicts.get(key)?.ids;
  });
  const complete = idsOf.every((ids) => ids !== undefined);
  const targets = complete ? targetsDigest(targetFiles, pages.map(({ page }, i) => [page.file, idsOf[i]!] as const), linkOptions) : undefined;
  // Pages are checked one at a time, made from the table as they are reached: the whole
  // site's link data as arrays would double what the table saves.
  const checkedFrom = function* (list: ReadonlyArray<{ page: Page }>): Generator<CheckedPage> {
    for (const { page } of list) yield checkedPage(page, fresh.get(page.file)!);
  };
  // Most fragment links are a page's own table of contents: its ids are made into a set once.
  let lastIds: { file: string; ids: ReadonlySet<string> | undefined } | undefined;
  const tableIds = (file: string): ReadonlySet<string> | undefined => {
    if (lastIds?.file !== file) {
      const ids = fresh.ids(file);
      lastIds = { file, ids: ids && new Set(ids) };
    }
    return lastIds.ids;
  };
  let found: Map<string, LinkProblem[]>;
  let finalIds: string[];
  let finalTargets: string;
  if (targets !== undefined && targets === verdicts.targets && !input.rendered.crossPageFragments) {
    found = findLinkProblems(checkedFrom(pages.filter(({ page }) => fresh.has(page.file))), tableIds, linkOptions);
    for (const { page, key } of pages) {
      if (!fresh.has(page.file)) {
        const problems = verdicts.get(key)?.problems;
        if (problems) found.set(page.file, problems);
      }
    }
    finalIds = idsOf as string[];
    finalTargets = targets;
  } else {
    const linkCache = LinkCache.open(cacheDir);
    // Every page's links into the table: kept pages' from the link cache.
    for (const [index, { page, key }] of pages.entries()) {
      // Pagefind's replies wait for this thread: let them through now and then.
      if (index % 256 === 255) await new Promise((resolve) => setImmediate(resolve));
      if (fresh.has(page.file)) {
        if (linkCache.file !== null) linkCache.set(key, fresh.get(page.file)!);
        continue;
      }
      let links = linkCache.get(key);
      if (!links) {
        // Kept from an earlier build whose link data is gone: render it again, only to read its links.
        const again = await input.renderAgain(page);
        if (!again) return [];
        links = linksOf(again);
      }
      linkCache.set(key, links);
      fresh.set(page.file, links);
    }
    found = findLinkProblems(checkedFrom(pages), tableIds, linkOptions);
    linkCache.save();
    finalIds = pages.map(({ page }) => idsDigest(fresh.ids(page.file)!));
    finalTargets = targetsDigest(targetFiles, pages.map(({ page }, i) => [page.file, finalIds[i]!] as const), linkOptions);
  }
  const all = pages.map(({ page, key }, i) => {
    const problems = found.get(page.file) ?? [];
    next.set(key, problems.length > 0 ? { ids: finalIds[i]!, problems } : { ids: finalIds[i]! });
    if (problems.length === 0) return { page: { file: page.file }, problems };
    const template = displayPath(templateFilePath(templatesDir, page.template + TEMPLATE_EXTENSION), root);
    return { page: { ...reported(page), template }, problems };
  });
  // A broken link outside post bodies is reported at the template line that writes it.
  // The site's own template file, or the built-in theme's it does not override.
  const locateTemplate = templateLocator(input.templates, (name) => displayPath(templateFilePath(templatesDir, name), root));
  const reportedProblems = reportLinkProblems(all, { ...linkOptions, locateTemplate });
  verdicts.save(finalTargets, next);
  LinkState.write(cacheDir, state, reportedProblems);
  return reportedProblems;
}

/** A page's ids and links, and its post body's links apart: scanned by the page worker that made it, or here. */
function linksOf(page: RenderedPage): LinkData {
  if (page.links) return page.links;
  const html = typeof page.html === 'string' ? page.html : Buffer.from(page.html.buffer, page.html.byteOffset, page.html.byteLength).toString('utf8');
  return scanRenderedPage(html, page.body);
}
