import type { PlainDate } from '../content/types.js';

/** The plan's options that decide which posts it publishes (see PlanOptions). */
export interface PublishRules {
  drafts: boolean;
  future: boolean;
  today: PlainDate;
}

/**
 * Why the plan leaves a post or page file out under these options, if it does: a draft unless
 * drafts are asked for, a post dated after today unless future posts are (page files have no date
 * to wait for). The search stage's early index predicts with the same rule.
 */
export function leftOutAs(post: { draft: boolean; date: PlainDate }, isPage: boolean, options: PublishRules): 'draft' | 'scheduled' | undefined {
  if (post.draft && !options.drafts) return 'draft';
  if (!isPage && post.date > options.today && !options.future) return 'scheduled';
  return undefined;
}
