import type { SiteConfig } from '../config/index.js';
import { foldTags, SlugClaims, type Post } from '../content/index.js';
import { hasErrors, type Diagnostic } from '../diagnostics.js';
import { assignKeepingToc, copyToc } from '../markdown/lazy-toc.js';
import type { PostMeta, RenderedBody } from '../markdown/types.js';
import { todayIn } from '../site/dates.js';
import { planSite } from '../site/plan.js';
import { relatedPosts } from '../site/related.js';
import { rewriteHrefs, sourceLinkTargets } from '../site/source-links.js';
import type { Page, SitePlan } from '../site/types.js';

/** What dev holds of one post file. */
export interface PostRecord {
  /** Read, parse and validation problems of this file. */
  diagnostics: Diagnostic[];
  post?: Post;
  rendered?: {
    title: string;
    body: string;
    facts: Omit<RenderedBody, 'html'>;
    html: () => string;
    diagnostics: Diagnostic[];
  };
}

export interface DevPlan {
  plan: SitePlan;
  diagnostics: Diagnostic[];
  slugDiagnostics: Diagnostic[];
  /** Each planned post's HTML, by slug. */
  html: Map<string, () => string>;
}

/** Stand-in facts of a post whose Markdown is not rendered yet: ordering, grouping and routes never read them. */
const PENDING: Omit<RenderedBody, 'html'> = { toc: [], words: 0, readingMinutes: 0, excerpt: '' };

const EMPTY: SitePlan = { pages: [], files: [], assets: [], excluded: { drafts: [], scheduled: [] } };

/**
 * The site plan of the posts dev holds: slugs claimed in source order, tags folded, then the build's
 * own planning, with drafts and scheduled posts shown (with a badge). Pure and fast: no Markdown work.
 * A post not rendered yet is planned with stand-in facts; its HTML comes from `renderNow(source)`,
 * which renders it and patches its facts in (see applyFacts).
 */
export function planDev(
  records: ReadonlyMap<string, PostRecord>, config: SiteConfig | undefined, now: Date, renderNow: (source: string) => string, contentDir = 'content', related: typeof relatedPosts = relatedPosts,
): DevPlan {
  if (!config) return { plan: EMPTY, diagnostics: [], slugDiagnostics: [], html: new Map() };
  const slugs = new SlugClaims();
  const slugDiagnostics: Diagnostic[] = [];
  const posts: Post[] = [];
  const html = new Map<string, () => string>();
  const facts = new Map<Post, Omit<RenderedBody, 'html'>>();
  for (const source of [...records.keys()].sort()) {
    const record = records.get(source)!;
    if (!record.post) continue;
    // A copy: folding rewrites tags, claiming may make the slug unique, and the record keeps the author's own.
    const copy = { ...record.post };
    const duplicate = slugs.claim(copy);
    if (duplicate) {
      slugDiagnostics.push(duplicate);
      continue;
    }
    posts.push(copy);
    facts.set(copy, record.rendered?.facts ?? PENDING);
    html.set(copy.slug, record.rendered ? record.rendered.html : () => renderNow(source));
  }
  foldTags(posts);
  const metas: PostMeta[] = posts.map((post) => {
    const { body: _body, ...rest } = post;
    return assignKeepingToc({ ...rest }, facts.get(post)!);
  });
  // Links to posts' source files get the posts' URLs, as in a build (see site/source-links).
  for (const [slug, links] of sourceLinkTargets(metas, config, contentDir)) {
    const own = html.get(slug)!;
    html.set(slug, () => rewriteHrefs(own(), links));
  }
  // Not the build's related-posts cache: it keeps one entry, and dev's (drafts included) would evict the build's.
  const planned = planSite(metas, config, { drafts: true, future: true, today: todayIn(config.timeZone, now), related });
  return { plan: planned.value, diagnostics: planned.diagnostics, slugDiagnostics, html };
}

/**
 * Related posts that keep their last answer in memory: it depends only on every post's tags in order
 * (see site/related-cache.ts) and is the largest part of planning thousands of posts, which an edit of
 * a title or a date plans again while rarely changing tags.
 */
export function lastRelated(): typeof relatedPosts {
  let last: { key: string; value: number[][] } | undefined;
  return (input, limit) => {
    const key = `${limit}\0${JSON.stringify(input.tags)}`;
    if (last?.key !== key) last = { key, value: relatedPosts(input, limit) };
    return last.value;
  };
}

/**
 * Planning 4000 posts takes long enough to feel (related posts compare every pair), so an edit that
 * leaves everything the plan orders, groups or links by unchanged is patched into the plan in place:
 * the post's summary (shared by every list, tag page and feed that shows it), its table of contents
 * and its HTML. Returns false when a full replan is needed.
 */
export function patchPlan(page: Page | undefined, previous: PostRecord | undefined, next: PostRecord, html: Map<string, () => string>): boolean {
  const before = previous?.post;
  const after = next.post;
  if (!before || !after || !next.rendered || hasErrors(previous.diagnostics) || hasErrors(next.diagnostics)) return false;
  if (planKey(before) !== planKey(after)) return false;
  // Links to source files are resolved against every post's URL when planning.
  if (previous.rendered?.facts.sourceLinks !== undefined || next.rendered.facts.sourceLinks !== undefined) return false;
  if (!page || page.data.kind !== 'post' || page.data.post.slug !== after.slug) return false;
  applyFacts(page, after, next.rendered.facts);
  html.set(after.slug, next.rendered.html);
  return true;
}

/**
 * Whether the images stage has work for this post: local body images in its rendered facts, or a
 * card image. A post with neither is passed through by that stage untouched.
 */
export function hasImages(record: PostRecord | undefined): boolean {
  return record?.post?.image !== undefined || (record?.rendered?.facts.images?.length ?? 0) > 0;
}

/** Writes a post's rendered facts into its planned summary (shared by every list, tag page and feed that shows it) and its page. */
export function applyFacts(page: Page, post: Post, facts: Omit<RenderedBody, 'html'>): void {
  if (page.data.kind !== 'post') return;
  const summary = page.data.post;
  summary.readingMinutes = facts.readingMinutes;
  summary.words = facts.words;
  summary.excerpt = facts.excerpt;
  summary.description = post.description.trim() === '' ? facts.excerpt : post.description;
  page.description = summary.description;
  copyToc(page.data, facts);
}

/** The fields of a post that decide its place in the plan: order, tags, routes, feeds, flags. */
function planKey(post: Post): string {
  return JSON.stringify([
    post.slug, post.title, post.description, post.date, post.dateTime ?? null, post.updated ?? null, post.authors ?? null,
    post.tags, post.featured, post.draft, post.assets.map((a) => a.relPath), post.page ?? null, post.section ?? '', post.url ?? null, post.aliases ?? [], post.categories ?? [],
  ]);
}
