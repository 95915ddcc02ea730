import type { PlainDate } from '../content/types.js';
import { copyToc } from '../markdown/lazy-toc.js';
import type { PostMeta } from '../markdown/types.js';
import type { MenuPage } from './menu.js';
import { toSummary } from './summary.js';
import type { Page, PostPageData } from './types.js';
import { pageRoute, routeFile, type Route } from './urls.js';

/** What planning pages needs of the site plan being made. */
export interface PagePlanner {
  /** Claims the route and adds the page (false when another claim has it: a route-conflict naming both). */
  addPage(route: Route, page: Omit<Page, 'url' | 'file'>, source: string, lastmod?: PlainDate): void;
  /** Claims a bundle asset's output path. */
  addAsset(file: string, from: string, origin: string): void;
  url(route: Route): string;
  today: PlainDate;
}

/** Posts and pages apart: pages (files under content/pages/) are planned on their own. */
export function splitPages<T extends Pick<PostMeta, 'page'>>(all: readonly T[]): { posts: T[]; pages: T[] } {
  const posts: T[] = [];
  const pages: T[] = [];
  for (const item of all) (item.page ? pages : posts).push(item);
  return { posts, pages };
}

/**
 * One page per page file at its own path, with the `page` template; bundle assets beside it. Planned
 * after every generated page, so a page whose URL another page has is the one reported. Returns the
 * pages that asked for a place in the menu.
 */
export function planPages(pages: readonly PostMeta[], planner: PagePlanner): MenuPage[] {
  const menu: MenuPage[] = [];
  const ordered = [...pages].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  for (const page of ordered) {
    const fields = page.page!;
    const route = pageRoute(...(fields.path === '' ? [] : fields.path.split('/')));
    const url = planner.url(route);
    const summary = { ...toSummary(page, url, planner.today), page: true as const };
    const data = { kind: 'post', post: summary } as PostPageData;
    copyToc(data, page);
    data.related = [];
    planner.addPage(route, { template: 'page', title: page.title, description: summary.description, data, origin: page.source }, page.source, fields.lastmod);
    const folder = routeFile(route).slice(0, -'index.html'.length);
    for (const asset of page.assets) planner.addAsset(folder + asset.relPath, asset.absPath, page.source);
    if (fields.menu !== undefined) menu.push({ title: page.title, url, menu: fields.menu, source: page.source });
  }
  return menu;
}
