import type { SitePlan } from '../site/types.js';
import type { BuildResult } from './context.js';

/** Fills the result's counts from the plan: posts and page files apart, every page made, and what was left out. */
export function countPlan(result: BuildResult, plan: SitePlan): void {
  const { drafts, draftPages = [], scheduled } = plan.excluded;
  const postPages = plan.pages.filter((page) => page.data.kind === 'post');
  const pageFiles = postPages.filter((page) => page.data.kind === 'post' && page.data.post.page !== undefined).length;
  Object.assign(result, { posts: postPages.length - pageFiles, pageFiles, pages: plan.pages.length, drafts, draftPages, scheduled });
}
