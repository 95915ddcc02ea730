import { codeFingerprint } from '../code-fingerprint.js';
import type { SiteConfig } from '../config/index.js';
import type { Result } from '../diagnostics.js';
import type { PostMeta } from '../markdown/types.js';
import { todayIn } from './dates.js';
import { planSite } from './plan.js';
import { cachedRelatedPosts } from './related-cache.js';
import type { SitePlan } from './types.js';

export interface PlanBuildInput {
  posts: readonly PostMeta[];
  config: SiteConfig;
  drafts: boolean;
  future: boolean;
  /** "Now", for deciding which posts are scheduled. */
  now: Date;
  /** Related posts are remembered there, under a hash of every post's tags. */
  cacheDir: string | null;
}

/** Plans the site of a build: today in the site's time zone, related posts from the cache. */
export function planBuild(input: PlanBuildInput): Result<SitePlan> {
  const { config, cacheDir } = input;
  return planSite(input.posts, config, {
    drafts: input.drafts,
    future: input.future,
    today: todayIn(config.timeZone, input.now),
    related: cachedRelatedPosts(cacheDir, codeFingerprint()),
  });
}
