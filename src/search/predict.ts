import type { SiteConfig } from '../config/index.js';
import type { Post } from '../content/types.js';
import { comparePosts, compareStrings } from '../site/order.js';
import { leftOutAs, type PublishRules } from '../site/published.js';
import { postRoute } from '../site/post-urls.js';
import { pageRoute, routeUrl } from '../site/urls.js';
import type { PostPage } from './cache-key.js';

/**
 * What the early index reads of a post as the content stage leaves it: the fields the plan makes a
 * search document from, and the body's digest, from which the render cache's key follows.
 */
export interface EarlyPost extends Pick<Post, 'slug' | 'title' | 'description' | 'date' | 'tags' | 'draft' | 'source' | 'url' | 'section' | 'categories'> {
  /** A page file's path below the base path (`Post.page.path`); absent for a post. */
  page?: string;
  /** The body's sha256 (`post.body.digest`). */
  digest: string;
}

export type EarlySite = Pick<SiteConfig, 'permalink' | 'url' | 'basePath'>;


/** The post as the early index sees it: plain data that crosses to the search thread. */
export function earlyPost(post: Post): EarlyPost {
  const early: EarlyPost = { slug: post.slug, title: post.title, description: post.description, date: post.date, tags: post.tags, draft: post.draft, source: post.source, digest: post.body.digest };
  if (post.page) early.page = post.page.path;
  if (post.url !== undefined) early.url = post.url;
  if (post.section !== undefined) early.section = post.section;
  if (post.categories !== undefined) early.categories = post.categories;
  return early;
}

/** Whether the plan will publish the post (by the plan's own rule, site/plan.ts). */
export function published(post: EarlyPost, rules: PublishRules): boolean {
  return leftOutAs(post, post.page !== undefined, rules) === undefined;
}

/**
 * The post pages the plan will most likely have among `posts` (published ones), in its order
 * (site/plan.ts: posts newest first, then page files by source), before the plan is made. A guess
 * only: anything the plan decides otherwise (a route taken twice, a URL on another origin) shows as
 * a different shard key, and the shard is then indexed the usual way. `description` is the post's
 * own; an empty one is filled with the excerpt by the caller.
 */
export function predictPostPages(posts: readonly EarlyPost[], site: EarlySite): Array<PostPage & { early: EarlyPost }> {
  const visible = posts.filter((p) => p.page === undefined).sort(comparePosts);
  const pages = posts.filter((p) => p.page !== undefined).sort((a, b) => compareStrings(a.source, b.source));
  const page = (early: EarlyPost, url: string): PostPage & { early: EarlyPost } => ({
    early,
    data: { kind: 'post', post: { slug: early.slug, url, title: early.title, description: early.description, date: early.date, tags: early.tags, ...(early.page === undefined ? {} : { page: true as const }) } },
  });
  return [
    ...visible.map((p) => page(p, routeUrl(site, postRoute(p, site)))),
    ...pages.map((p) => page(p, routeUrl(site, pageRoute(...(p.page === '' ? [] : p.page!.split('/')))))),
  ];
}
