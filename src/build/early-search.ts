import type { BuildContent } from '../content/build-content.js';
import { resolveMarkdownOptions } from '../markdown/options.js';
import { pipelineKey, renderNamespace } from '../markdown/render-cache.js';
import type { MarkdownOptions } from '../markdown/types.js';
import { startSearchWorker } from '../search/in-worker.js';
import { earlyPost } from '../search/predict.js';
import { todayIn } from '../site/dates.js';
import type { BuildContext } from './context.js';
import type { Started } from './pages-maker.js';

/** More posts read afresh than this is more than an edit: the Markdown workers have the cores to themselves. */
const EARLY_MAX_CHANGED = 16;

/**
 * After the content stage of a build where a few posts changed (or went), starts the search thread
 * and tells it the posts, so it indexes the shards they are in while the Markdown stage and the plan
 * run (see search/early.ts): the index of an edit's shard was the last thing such a build waited for.
 */
export function startEarlySearch(ctx: BuildContext, content: BuildContent, markdown: Partial<MarkdownOptions>, ahead: Started): void {
  const { config, options, workDir } = ctx;
  if (ctx.cacheDir === null || workDir === null || content.identity === undefined || content.identity.unchanged || content.reread.length > EARLY_MAX_CHANGED) return;
  const pipeline = pipelineKey(resolveMarkdownOptions(markdown));
  const renderRoot = renderNamespace(workDir, pipeline).dir;
  if (renderRoot === null) return;
  ahead.searchWorker ??= startSearchWorker();
  ahead.searchWorker.early({
    posts: content.posts.map(earlyPost),
    // A removed post changes its shard too.
    changed: [...new Set([...content.reread, ...content.gone])],
    site: { permalink: config.permalink, url: config.url, basePath: config.basePath },
    rules: { drafts: options.drafts ?? false, future: options.future ?? false, today: todayIn(config.timeZone, options.now ?? new Date()) },
    language: config.language,
    cacheDir: workDir,
    renderRoot,
    pipeline,
  });
}
