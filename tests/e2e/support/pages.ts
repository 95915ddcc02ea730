import path from 'node:path';
import { fixtureSite, REPO_ROOT, type SiteOptions } from './site.js';

/** The repo's own posts, two per page so that tags paginate. */
export const readerSite = (basePath = '/'): SiteOptions => ({
  root: fixtureSite('reader'),
  contentDir: path.join(REPO_ROOT, 'content'),
  basePath,
});

export interface PageKind {
  kind: string;
  /** Relative to the base path. */
  path: string;
  /** The status a reader gets. */
  status: number;
  /** A second page of a kind already listed (same template, other data): slow browser checks skip it. */
  repeat?: boolean;
}

/** One page of every kind the reader site has, with the paths the site layout promises. */
export const READER_PAGE_KINDS: readonly PageKind[] = [
  { kind: 'home', path: '', status: 200 },
  { kind: 'home page 2', path: 'page/2/', status: 200, repeat: true },
  { kind: 'post', path: 'posts/idempotent-consumers/', status: 200 },
  { kind: 'post from a bundle', path: 'posts/schema-evolution-in-practice/', status: 200, repeat: true },
  { kind: 'tag page', path: 'tags/kafka/', status: 200 },
  { kind: 'tag page 2', path: 'tags/kafka/page/2/', status: 200, repeat: true },
  { kind: 'tag index', path: 'tags/', status: 200 },
  { kind: 'featured', path: 'featured/', status: 200 },
  { kind: 'archive', path: 'archive/', status: 200 },
  { kind: 'page', path: 'about/', status: 200 },
  { kind: '404', path: 'no/such/page/', status: 404 },
];

/** One page per template: home, post, tag page, tag index, featured, archive, page (content/pages/about.md), 404. */
export const READER_TEMPLATES: readonly PageKind[] = READER_PAGE_KINDS.filter((k) => !k.repeat);
