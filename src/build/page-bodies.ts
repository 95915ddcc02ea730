import type { SiteConfig } from '../config/index.js';
import { displayPath, type LeftOutFile } from '../content/index.js';
import type { ImagesOutput } from '../images/stage.js';
import type { BodyStore, PostMeta } from '../markdown/types.js';
import { sourceLinkTargets, withSourceLinks } from '../site/source-links.js';

/**
 * The bodies pages and feeds are made from: the images stage's (with `<img>` rewritten), in which
 * links to posts' source files become the posts' URLs. Search indexes the rendered bodies as they are.
 */
export function pageBodies(input: {
  images: Pick<ImagesOutput, 'pageBodies' | 'feedBodies'>;
  posts: readonly PostMeta[];
  config: SiteConfig;
  root: string;
  contentDir: string;
  leftOutFiles: readonly LeftOutFile[];
}): { pages: BodyStore; feeds: BodyStore } {
  const { images, posts, config, leftOutFiles } = input;
  const targets = sourceLinkTargets(posts, config, displayPath(input.contentDir, input.root), leftOutFiles);
  return { pages: withSourceLinks(images.pageBodies, targets), feeds: withSourceLinks(images.feedBodies, targets) };
}
