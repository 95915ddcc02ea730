import type { SiteConfig } from '../config/index.js';
import type { Post } from '../content/index.js';
import type { Diagnostic } from '../diagnostics.js';
import { prepareImages, type ImagesOutput } from '../images/stage.js';
import { assignKeepingToc } from '../markdown/lazy-toc.js';
import type { BodyStore, PostMeta } from '../markdown/types.js';
import { listPublicFiles } from '../site/public-files.js';
import type { SitePlan } from '../site/types.js';
import type { PostRecord } from './plan.js';

/**
 * The images stage for dev: run again after every change (cheap: facts and derived files come from
 * the images cache by file identity), so pages show what a build writes. Without a cache folder the
 * images keep their sizes but get no derived files, which would have nowhere to live.
 */
export class DevImages {
  private output: ImagesOutput | undefined;
  private derived = new Map<string, string>();
  /** Each rendered post's metadata as the stage takes it, by its rendering (replaced by every edit). */
  private readonly metas = new WeakMap<object, { post: Post; meta: PostMeta }>();
  diagnostics: Diagnostic[] = [];

  constructor(private readonly root: string, private readonly publicDir: string, private readonly cacheDir: string | null) {}

  async refresh(config: SiteConfig | undefined, plan: SitePlan, records: Iterable<PostRecord>, bodies: BodyStore): Promise<void> {
    if (!config) {
      this.output = undefined;
      this.diagnostics = [];
      return;
    }
    const posts: PostMeta[] = [];
    for (const record of records) {
      const { post, rendered } = record;
      if (!post || !rendered) continue;
      // Made once per post and rendering: this runs over every post, and most are as they were.
      let known = this.metas.get(rendered);
      if (known?.post !== post) this.metas.set(rendered, (known = { post, meta: assignKeepingToc({ ...post }, rendered.facts) as PostMeta }));
      posts.push(known.meta);
    }
    const settings = this.cacheDir === null ? { ...config, images: { ...config.images, process: false } } : config;
    const prepared = await prepareImages({ posts, plan, publicFiles: listPublicFiles(this.publicDir), config: settings, root: this.root, workDir: this.cacheDir, bodies });
    this.output = prepared.value;
    this.diagnostics = prepared.diagnostics;
    this.derived = new Map(prepared.value.derived.map((d) => [d.file, d.from]));
  }

  pageBodies(fallback: BodyStore): BodyStore {
    return this.output?.pageBodies ?? fallback;
  }

  feedBodies(fallback: BodyStore): BodyStore {
    return this.output?.feedBodies ?? fallback;
  }

  /** A derived file's path in the cache, by output path. */
  derivedFile(rel: string): string | undefined {
    return this.derived.get(rel);
  }
}
