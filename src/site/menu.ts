import type { SiteConfig } from '../config/schema.js';
import type { MenuItem } from './types.js';
import { urlFor } from './urls.js';

/** A page that puts itself in the menu. */
export interface MenuPage {
  title: string;
  /** Site-relative URL with the base path. */
  url: string;
  menu: number | true;
  source: string;
}

/**
 * The header navigation: the `menu` setting's entries (site paths put under the base path), else
 * Home, Featured (only when some shown post is featured), Tags and Archive; then the pages that ask
 * for a place: numbered ones at their position (1 is first), `menu: true` ones at the end.
 */
export function resolveMenu(config: Pick<SiteConfig, 'menu' | 'basePath'>, pages: readonly MenuPage[], anyFeatured: boolean): MenuItem[] {
  const items: MenuItem[] = config.menu
    ? config.menu.map((entry) => ({ title: entry.title, url: entry.url.startsWith('/') ? urlFor(config, entry.url) : entry.url }))
    : [
        { title: 'Home', url: config.basePath },
        ...(anyFeatured ? [{ title: 'Featured', url: urlFor(config, 'featured/') }] : []),
        { title: 'Tags', url: urlFor(config, 'tags/') },
        { title: 'Archive', url: urlFor(config, 'archive/') },
      ];
  const bySource = [...pages].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  const numbered = bySource.filter((p) => p.menu !== true).sort((a, b) => (a.menu as number) - (b.menu as number));
  for (const page of numbered) items.splice(Math.min((page.menu as number) - 1, items.length), 0, { title: page.title, url: page.url });
  for (const page of bySource) if (page.menu === true) items.push({ title: page.title, url: page.url });
  return items;
}
