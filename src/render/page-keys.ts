import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SiteConfig } from '../config/index.js';
import type { BodyStore } from '../markdown/types.js';
import type { Page, PlannedFile } from '../site/types.js';
import type { ThemeAssets } from './types.js';

/**
 * Keys for output files: a hash of everything a page or feed is made from. An output whose key is
 * unchanged since the last build is carried over without rendering (see Writer.keep), which is what
 * makes a warm build cheap: no template work, no feed work, no HTML read back.
 */
export interface SiteKeyInputs {
  config: SiteConfig;
  assets: Pick<ThemeAssets, 'css' | 'js'>;
  /** Template path → source text. */
  templates: ReadonlyMap<string, string>;
}

/** Everything every output shares: settings, theme asset URLs, every template and Hashmark's own code. */
export function siteKey(inputs: SiteKeyInputs): string {
  return sha1(JSON.stringify([codeFingerprint(), inputs.config, inputs.assets.css, inputs.assets.js, [...inputs.templates]]));
}

/**
 * Keys every page and planned file of one build. Post summaries are shared by many pages (lists,
 * tags, archive, related posts, feeds): each is hashed once and stands in by its hash, so keying
 * 100,000 pages does not serialise the same summary thousands of times.
 */
export function createKeyer(site: string, pages: readonly Page[], bodies: BodyStore): Keyer {
  const summaries = new WeakMap<object, string>();
  for (const page of pages) {
    if (page.data.kind === 'post') summaries.set(page.data.post, `#${sha1(JSON.stringify(page.data.post))}`);
  }
  const collapse = (_key: string, value: unknown): unknown =>
    typeof value === 'object' && value !== null ? (summaries.get(value) ?? value) : value;
  const structural = (value: Page | PlannedFile): string => {
    // The page's own post is serialised in full: the replacer only collapses nested references.
    if ('data' in value && value.data.kind === 'post') {
      const { post, ...rest } = value.data;
      return `${summaries.get(post) ?? ''}\0${JSON.stringify({ ...value, data: rest }, collapse)}`;
    }
    return JSON.stringify(value, collapse);
  };
  return {
    page(page) {
      const body = page.data.kind === 'post' ? bodyKey(bodies, page.data.post.slug) : '';
      return sha1(`${site}\0${body}\0${structural(page)}`);
    },
    file(file) {
      const feedBodies =
        file.kind === 'sitemap' || file.kind === 'sitemap-index' || file.kind === 'robots'
          ? ''
          : file.posts.map((p) => bodyKey(bodies, p.slug)).join(',');
      return sha1(`${site}\0${feedBodies}\0${structural(file)}`);
    },
  };
}

export interface Keyer {
  page(page: Page): string;
  file(file: PlannedFile): string;
}

function bodyKey(bodies: BodyStore, slug: string): string {
  return bodies.key ? bodies.key(slug) : sha1(bodies.html(slug));
}

let fingerprint: string | undefined;

/**
 * Output also depends on Hashmark's own code (template data, feeds, sitemap): a hash of its compiled
 * files (a few hundred KB, read once per build) stands for it, so an upgrade never keeps pages made
 * by the old code. Contents, not times: recompiling the same code must not invalidate every page.
 */
export function codeFingerprint(): string {
  if (fingerprint !== undefined) return fingerprint;
  const root = path.dirname(fileURLToPath(import.meta.url)); // lib/render (or src/render under tests)
  const top = path.dirname(root);
  const hash = createHash('sha1');
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(abs);
      else if (/\.(js|ts)$/.test(entry.name)) {
        hash.update(`${path.relative(top, abs)}\0`).update(readFileSync(abs));
      }
    }
  };
  walk(top);
  fingerprint = hash.digest('base64url');
  return fingerprint;
}

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('base64url');
}
