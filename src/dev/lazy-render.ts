import type { Diagnostic } from '../diagnostics.js';
import { copyToc } from '../markdown/lazy-toc.js';
import type { MarkdownRenderer, RenderedBody, RenderedSet } from '../markdown/types.js';
import type { Post } from '../content/index.js';
import type { PostView } from '../render/types.js';
import type { Page, SitePlan } from '../site/types.js';
import { applyFacts, hasImages, type PostRecord } from './plan.js';

/** How many of the posts dev holds have their Markdown rendered. */
export interface RenderProgress {
  rendered: number;
  total: number;
}

/** The view fields made from a post's rendered facts (see VIEW_SOURCES in render/view-fields.ts). */
const FACT_FIELDS: ReadonlySet<string | symbol> = new Set(['summary', 'description', 'excerpt', 'readingMinutes', 'words']);

/**
 * The posts of a dev session whose Markdown is rendered when first needed: a post page renders its
 * post, a list the posts whose rendered facts its templates read, and the background rendering
 * (on the workers) fills in the rest. Either way the post's facts are patched into the plan.
 */
export class LazyRendering {
  markdown: MarkdownRenderer | undefined;
  /** Post pages by source path. */
  postPages = new Map<string, Page>();
  /** Source path of each planned post, by slug. */
  private sourceBySlug = new Map<string, string>();
  /**
   * Posts with images rendered here (on request or in the background), counted: the images stage
   * has not seen them until it runs again (see DevSession.applyChanges).
   */
  withImages = 0;

  /** `problems` is called when a post rendered on request had diagnostics. */
  constructor(
    private readonly posts: Map<string, PostRecord>,
    private readonly problems: () => void,
  ) {}

  /** Takes the post pages of a new plan. */
  index(plan: SitePlan): void {
    this.postPages = new Map();
    this.sourceBySlug = new Map();
    for (const page of plan.pages) {
      if (page.data.kind !== 'post') continue;
      this.postPages.set(page.origin, page);
      this.sourceBySlug.set(page.data.post.slug, page.origin);
    }
  }

  progress(): RenderProgress {
    let rendered = 0;
    let total = 0;
    for (const record of this.posts.values()) {
      if (!record.post) continue;
      total++;
      if (record.rendered) rendered++;
    }
    return { rendered, total };
  }

  /** A planned post's HTML, rendering its Markdown now (in this thread) when it has not been yet. */
  renderNow(source: string): string {
    const record = this.posts.get(source);
    if (!record?.post) return '';
    if (!record.rendered) {
      if (!this.markdown) return '';
      const post = record.post;
      const body = post.body.read();
      const result = this.markdown.render({ ...post, body });
      const { html, ...facts } = result.value;
      record.rendered = { title: post.title, body, facts, html: () => html, diagnostics: result.diagnostics };
      if (hasImages(record)) this.withImages++;
      const page = this.postPages.get(source);
      if (page) applyFacts(page, post, facts);
      if (result.diagnostics.length > 0) this.problems();
    }
    return record.rendered?.html() ?? '';
  }

  renderSlug(slug: string): void {
    const source = this.sourceBySlug.get(slug);
    if (source !== undefined && !this.posts.get(source)?.rendered) this.renderNow(source);
  }

  /**
   * Records the background rendering of the posts of one load, each that is still as it was read (an
   * edit meanwhile rendered its post already). Returns whether any had diagnostics.
   */
  accept(posts: readonly Post[], rendered: { value: RenderedSet; diagnostics: Diagnostic[] }): boolean {
    const byFile = new Map<string, Diagnostic[]>();
    for (const d of rendered.diagnostics) byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
    const { bodies } = rendered.value;
    let problems = false;
    rendered.value.posts.forEach((meta, index) => {
      const post = posts[index]!;
      const current = this.posts.get(post.source);
      if (!current || current.post !== post || current.rendered) return;
      const slug = post.slug;
      const diagnostics = byFile.get(post.source) ?? [];
      const facts: Omit<RenderedBody, 'html'> = { toc: [], words: meta.words, readingMinutes: meta.readingMinutes, excerpt: meta.excerpt };
      // A cached post's table of contents is read from its entry when its page is shown (see lazy-toc.ts).
      copyToc(facts, meta);
      if (meta.images) facts.images = meta.images;
      if (meta.sourceLinks) facts.sourceLinks = meta.sourceLinks;
      current.rendered = { title: post.title, body: post.body.read(), facts, html: () => bodies.html(slug), diagnostics };
      if (hasImages(current)) this.withImages++;
      const page = this.postPages.get(post.source);
      if (page) applyFacts(page, post, facts);
      if (diagnostics.length > 0) problems = true;
    });
    return problems;
  }

  /**
   * Given every listed post's view before a template sees it: a read of a field made from rendered
   * facts (an excerpt, a word count) renders that post first, so a list page costs only the posts it
   * shows, and only when its templates read those fields (the archive reads titles and dates).
   */
  readonly listedView = (view: PostView): PostView => {
    const source = this.sourceBySlug.get(view.slug);
    if (source === undefined || this.posts.get(source)?.rendered) return view;
    return new Proxy(view, {
      get: (target, key, receiver) => {
        if (!FACT_FIELDS.has(key) || this.posts.get(source)?.rendered) return Reflect.get(target, key, receiver);
        this.renderNow(source);
        const data = this.postPages.get(source)?.data;
        if (data?.kind !== 'post') return Reflect.get(target, key, receiver);
        const post = data.post;
        Object.assign(target, { summary: post.description || post.excerpt, description: post.description, excerpt: post.excerpt, readingMinutes: post.readingMinutes, words: post.words });
        return Reflect.get(target, key, receiver);
      },
    });
  };
}
