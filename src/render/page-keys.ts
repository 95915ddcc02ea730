import { hash } from 'node:crypto';
import { codeFingerprint } from '../code-fingerprint.js';
import type { SiteConfig } from '../config/index.js';
import type { BodyStore } from '../markdown/types.js';
import type { Page, PageData, PlannedFile, PostPageData, PostSummary } from '../site/types.js';
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
 * What the plan's other files (feeds, sitemap, robots.txt, redirects) share: settings and Hashmark's
 * own code. They are made without templates or theme assets, so a template edit keeps them.
 */
export function filesKey(config: SiteConfig): string {
  return sha1(JSON.stringify([codeFingerprint(), config]));
}

/** The shared part of page keys (siteKey) and of planned files' keys (filesKey). */
export interface SharedKeys {
  pages: string;
  files: string;
}

/**
 * Keys every page and planned file of one build. Post summaries are shared by many pages (lists,
 * tags, archive, related posts, feeds): each is hashed once and stands in by its hash, so keying
 * 100,000 pages does not serialise the same summary thousands of times. A post a page lists
 * counts by `listedFields` only, the fields its templates can read of it (see view-fields.ts).
 */
export function createKeyer(shared: SharedKeys, pages: readonly Page[], bodies: BodyStore, listedFields: ReadonlyArray<keyof PostSummary> | 'all' = 'all'): Keyer {
  const { pages: site, files: filesSite } = shared;
  const summaries = new Map<PostSummary, string>();
  for (const page of pages) {
    if (page.data.kind === 'post') summaries.set(page.data.post, `#${sha1(JSON.stringify(page.data.post))}`);
  }
  // A summary that is not some post page's own (none today) is serialised in full: slower, never wrong.
  const ref = (post: PostSummary): string => summaries.get(post) ?? JSON.stringify(post);
  // A listed post stands in by the fields its page's templates can read of it (see view-fields.ts).
  const listed = new Map<PostSummary, string>();
  const listedRef =
    listedFields === 'all'
      ? ref
      : (post: PostSummary): string => {
          let key = listed.get(post);
          if (key === undefined) {
            key = `~${sha1(JSON.stringify(listedFields.map((field) => post[field] ?? null)))}`;
            listed.set(post, key);
          }
          return key;
        };
  const listedRefs = (posts: readonly PostSummary[]): string[] => posts.map(listedRef);
  // Summaries are swapped for their hashes by kind rather than by a JSON.stringify replacer, which
  // runs a callback for every value of every page and cost more than all the hashing.
  const collapsed = (data: PageData): unknown => {
    switch (data.kind) {
      case 'post': {
        // The page's own post goes in the key through its hash, in front; its table of contents is
        // made from its title and body, which the body key covers, and is not read (see lazy-toc.ts).
        const { kind, previous, next, related } = data;
        return { kind, previous: previous && listedRef(previous), next: next && listedRef(next), related: listedRefs(related) };
      }
      case 'home':
      case 'tag':
      case 'featured':
      case 'author':
        return { ...data, posts: listedRefs(data.posts), featured: data.featured && listedRefs(data.featured) };
      case 'archive':
        return { ...data, years: data.years.map((year) => ({ ...year, posts: listedRefs(year.posts) })) };
      default:
        return data;
    }
  };
  return {
    page(page) {
      const own = page.data.kind === 'post' ? page.data.post : undefined;
      const body = own ? bodyKey(bodies, own.slug) : '';
      const structure = JSON.stringify({ ...page, data: collapsed(page.data) });
      return sha1(`${site}\0${body}\0${own ? ref(own) : ''}\0${structure}`);
    },
    file(file) {
      const feedBodies =
        file.kind === 'sitemap' || file.kind === 'sitemap-index' || file.kind === 'robots' || file.kind === 'redirect' || file.kind === 'redirects'
          ? ''
          : file.posts.map((p) => bodyKey(bodies, p.slug)).join(',');
      return sha1(`${filesSite}\0${feedBodies}\0${JSON.stringify({ ...file, posts: file.posts.map(ref) })}`);
    },
  };
}

/**
 * Every field of a post page's data, and whether its key reads it as is: a field added to
 * PostPageData fails to compile here until the key says how it counts.
 */
const _POST_PAGE_FIELDS: Record<keyof PostPageData, 'as is' | 'by reference' | 'not at all'> = {
  kind: 'as is', post: 'by reference', previous: 'by reference', next: 'by reference', related: 'by reference', toc: 'not at all',
};

export interface Keyer {
  page(page: Page): string;
  file(file: PlannedFile): string;
}

function bodyKey(bodies: BodyStore, slug: string): string {
  return bodies.key ? bodies.key(slug) : sha1(bodies.html(slug));
}

export { codeFingerprint } from '../code-fingerprint.js';

function sha1(text: string): string {
  // One-shot hashing: half the cost of createHash() for the thousands of small inputs of a build.
  return hash('sha1', text, 'base64url');
}
