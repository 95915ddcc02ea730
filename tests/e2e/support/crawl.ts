import { fromHtml } from 'hast-util-from-html';
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

export interface CrawledPage {
  url: string;
  status: number;
  contentType: string;
  /** For HTML pages. */
  ids?: Set<string>;
}

export interface CrawlReport {
  /** Every same-site URL fetched, without fragment. */
  pages: Map<string, CrawledPage>;
  /** "from → to: what is wrong", one per broken link. */
  problems: string[];
}

const LINK_ATTRIBUTES: Record<string, string[]> = {
  a: ['href'],
  link: ['href'],
  img: ['src'],
  script: ['src'],
  source: ['src'],
  video: ['src', 'poster'],
  audio: ['src'],
  form: ['action'],
};

/**
 * Follows every internal link and `#fragment` from the start URLs, the way a reader's browser would:
 * each linked URL under `siteUrl` must answer 200, and a fragment must name an id (or `name`) on its page.
 * Parsed with a real HTML parser (parse5, via hast) so it does not share assumptions with the build's own check.
 */
export async function crawl(siteUrl: string, start: string[]): Promise<CrawlReport> {
  const pages = new Map<string, CrawledPage>();
  const problems: string[] = [];
  const fragmentChecks: Array<{ from: string; page: string; id: string }> = [];
  const queue: Array<{ url: string; from: string }> = start.map((url) => ({ url, from: '(start)' }));
  const startSet = new Set(start);

  while (queue.length > 0) {
    const { url, from } = queue.shift()!;
    if (pages.has(url)) continue;
    const response = await fetch(url, { redirect: 'manual' });
    const contentType = response.headers.get('content-type') ?? '';
    const page: CrawledPage = { url, status: response.status, contentType };
    pages.set(url, page);
    // The 404 page is fetched on purpose from a missing URL; every other page must exist.
    if (response.status !== 200 && !startSet.has(url)) {
      problems.push(`${from} → ${url}: status ${response.status}`);
    }
    if (!contentType.startsWith('text/html')) {
      await response.arrayBuffer();
      continue;
    }
    const tree = fromHtml(await response.text());
    page.ids = collectIds(tree);
    for (const link of collectLinks(tree)) {
      let target: URL;
      try {
        target = new URL(link, url);
      } catch {
        problems.push(`${url} → ${link}: not a URL`);
        continue;
      }
      if (!target.href.startsWith(siteUrl)) {
        if (target.origin === new URL(siteUrl).origin) problems.push(`${url} → ${target.href}: outside the base path`);
        continue;
      }
      const fragment = target.hash ? decodeURIComponent(target.hash.slice(1)) : '';
      target.hash = '';
      if (fragment) fragmentChecks.push({ from: url, page: target.href, id: fragment });
      if (!pages.has(target.href)) queue.push({ url: target.href, from: url });
    }
  }

  for (const check of fragmentChecks) {
    const page = pages.get(check.page);
    if (page?.ids && !page.ids.has(check.id)) problems.push(`${check.from} → ${check.page}#${check.id}: no such id`);
  }
  return { pages, problems };
}

function collectIds(tree: Root): Set<string> {
  const ids = new Set<string>();
  visit(tree, 'element', (node: Element) => {
    for (const key of ['id', 'name'] as const) {
      const value = node.properties[key];
      if (typeof value === 'string' && value) ids.add(value);
    }
  });
  return ids;
}

function collectLinks(tree: Root): string[] {
  const links: string[] = [];
  visit(tree, 'element', (node: Element) => {
    const attributes = LINK_ATTRIBUTES[node.tagName];
    if (!attributes) return;
    // Preconnect and similar hints are not links a reader follows.
    if (node.tagName === 'link') {
      const rel = node.properties.rel;
      const rels = Array.isArray(rel) ? rel.map(String) : [];
      if (!rels.some((r) => ['stylesheet', 'icon', 'alternate', 'canonical', 'prev', 'next', 'manifest'].includes(r))) return;
    }
    for (const attribute of attributes) {
      const value = node.properties[attribute === 'href' ? 'href' : attribute];
      if (typeof value === 'string' && value && !/^(mailto|tel|data|javascript):/i.test(value)) links.push(value);
    }
  });
  return links;
}
