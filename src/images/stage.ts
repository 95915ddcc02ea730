import { statSync, type Stats } from 'node:fs';
import { posix } from 'node:path';
import type { SiteConfig } from '../config/schema.js';
import type { BundleAsset } from '../content/types.js';
import { digest } from '../cache/hash.js';
import type { Diagnostic } from '../diagnostics.js';
import type { BodyStore, ImageRef, PostMeta } from '../markdown/types.js';
import type { PublicFile } from '../site/public-files.js';
import type { CardImage, PostSummary, SitePlan } from '../site/types.js';
import { rewriteImages } from './rewrite.js';
import { fileStem, mimeType, outputPathOf, urlPath } from './resolve.js';
import { ImageStore, type ImageWork } from './store.js';
import type { ImageFacts, ImageView } from './types.js';

export interface ImagesInput {
  posts: readonly PostMeta[];
  plan: SitePlan;
  publicFiles: readonly PublicFile[];
  config: SiteConfig;
  /** The project root (post sources are relative to it). */
  root: string;
  /** The cache folder, or the build's scratch folder without one. */
  workDir: string | null;
  bodies: BodyStore;
  /** Whether an output path belongs to a post left out for its errors (as the link check counts them): an image there is not missing, only unknown. */
  isLeftOut?: (file: string) => boolean;
}

export interface ImagesOutput {
  /** Bodies for pages: `<picture>`, sizes, lazy loading. */
  pageBodies: BodyStore;
  /** Bodies for feeds: sizes only, the original files (made absolute by the feeds). */
  feedBodies: BodyStore;
  /** Derived files to copy into the output: output path → file. */
  derived: Array<{ file: string; from: string }>;
  /** `cpuMs`: CPU time of the whole process during the stage (sharp's threads included), to compare with its wall time. */
  work: ImageWork & { images: number; cpuMs: number };
  /** Body images reported missing: the link check's `broken-link` for the same `src` on the same line says it again. */
  missing: Array<{ file: string; line?: number; src: string }>;
}

/** Where a local image lives, and its facts once measured. */
interface Located {
  file: string;
  from: string;
}

/**
 * The images stage: finds each post's local images (from the rendered facts, not the HTML), measures
 * them and makes their AVIF/WebP files (cached by content and settings), sets every post's social
 * card image, and gives back the bodies with `<img>` rewritten. Missing files are errors on the
 * post's line; oversize ones warnings.
 */
export async function prepareImages(input: ImagesInput): Promise<{ value: ImagesOutput; diagnostics: Diagnostic[] }> {
  const { config, plan } = input;
  const cpu = process.cpuUsage();
  const settings = config.images;
  const basePath = config.basePath;
  const diagnostics: Diagnostic[] = [];
  const missing: ImagesOutput['missing'] = [];
  const store = new ImageStore(input.workDir, settings);
  const byOutput = new Map<string, string>();
  for (const file of input.publicFiles) byOutput.set(file.file, file.from);
  const assetFile = new Map<string, string>();
  for (const asset of plan.assets) {
    byOutput.set(asset.file, asset.from);
    assetFile.set(asset.from, asset.file);
  }
  const metas = new Map(input.posts.map((post) => [post.slug, post]));
  const statted = new Map<string, Stats | null>();
  const stat = (from: string): Stats | null => {
    if (!statted.has(from)) statted.set(from, statSync(from, { throwIfNoEntry: false }) ?? null);
    return statted.get(from)!;
  };

  /** Facts by source path, filled below; a failure is the reason the file could not be read. */
  const facts = new Map<string, ImageFacts | string>();
  const jobs: Array<Promise<void>> = [];
  const measure = (from: string, st: Stats): void => {
    if (facts.has(from)) return;
    facts.set(from, 'pending');
    jobs.push(
      store.describe(from, st).then(
        (found) => void facts.set(from, found),
        (error: unknown) => void facts.set(from, error instanceof Error ? error.message.split('\n')[0]! : String(error)),
      ),
    );
  };

  interface PostImages {
    summary: PostSummary;
    meta: PostMeta;
    refs: Array<{ ref: ImageRef; at?: Located }>;
    card?: { src: string; alt?: string; line: number; at?: Located; remote: boolean };
  }
  const perPost: PostImages[] = [];
  const summaries = new Map<string, PostSummary>();
  for (const page of plan.pages) {
    if (page.data.kind !== 'post') continue;
    const summary = page.data.post;
    const meta = metas.get(summary.slug);
    if (!meta) continue;
    summaries.set(summary.slug, summary);
    const where = {
      dir: posix.dirname(page.file),
      bundle: meta.assets,
      bundleFile: (asset: BundleAsset) => assetFile.get(asset.absPath),
    };
    const locate = (src: string, line: number | undefined): Located | undefined => {
      const file = outputPathOf(src, where, basePath);
      const from = file === undefined ? undefined : byOutput.get(file);
      const st = from === undefined ? null : stat(from);
      const shown = line === undefined ? {} : { line };
      if (file === undefined || from === undefined || !st?.isFile()) {
        // Fixing the left-out post makes its files exist: reported there, not here.
        if (file !== undefined && input.isLeftOut?.(file)) return undefined;
        missing.push({ file: meta.source, src, ...shown });
        // A missing body image is a broken link: `brokenLinks: 'warning'` makes it one too.
        diagnostics.push({
          severity: config.brokenLinks, code: 'image-missing', file: meta.source, ...shown,
          message: `The image \`${src}\` does not exist: no file of the post's folder or of public/ has that path.`,
          hint: 'Put the file beside the post\'s index.md (a bundle) or under public/ (then write `/name.png`), or fix the path.',
        });
        return undefined;
      }
      if (st.size > settings.maxBytes) {
        diagnostics.push({
          severity: 'warning', code: 'image-too-large', file: meta.source, ...shown,
          message: `The image \`${src}\` is ${(st.size / 1e6).toFixed(1)} MB, over the ${(settings.maxBytes / 1e6).toFixed(1)} MB of \`images.maxBytes\`.`,
          hint: 'Export it smaller (a photo rarely needs more than 2400 px or 1 MB), or raise `images.maxBytes` in site.config.ts.',
        });
      }
      measure(from, st);
      return { file, from };
    };
    const entry: PostImages = { summary, meta, refs: [] };
    for (const ref of meta.images ?? []) {
      const line = ref.line === undefined ? undefined : meta.bodyLine + ref.line - 1;
      const at = locate(ref.src, line);
      entry.refs.push(at ? { ref, at } : { ref });
    }
    const card = meta.image;
    if (card) {
      const remote = /^https?:\/\//i.test(card.src);
      const at = remote ? undefined : locate(card.src, card.line);
      entry.card = { ...card, remote, ...(at ? { at } : {}) };
    }
    perPost.push(entry);
  }
  await Promise.all(jobs);
  store.finish();

  // Derived files are named by content and width, under /_images/, so one file serves every post.
  const derived = new Map<string, string>();
  const views = new Map<string, ImageView>();
  const viewOf = (from: string): ImageView | undefined => {
    const found = facts.get(from);
    // A file with no size of its own (an SVG without width, height or viewBox) is left as written.
    if (typeof found !== 'object' || found.width <= 0 || found.height <= 0) return undefined;
    let view = views.get(from);
    if (view) return view;
    const stem = fileStem(from);
    const sources: ImageView['sources'] = [];
    for (const format of ['avif', 'webp'] as const) {
      const chosen = found.variants.filter((v) => v.format === format).sort((a, b) => a.width - b.width);
      if (chosen.length === 0) continue;
      const srcset = chosen.map((variant) => {
        const file = `_images/${stem}-${variant.key.slice(6, 16)}-${variant.width}.${format}`;
        derived.set(file, store.pathOf(variant));
        return `${basePath}${file} ${variant.width}w`;
      });
      sources.push({ type: `image/${format}`, srcset: srcset.join(', ') });
    }
    view = { width: found.width, height: found.height, sources };
    views.set(from, view);
    return view;
  };

  const postViews = new Map<string, Map<string, ImageView>>();
  const postKeys = new Map<string, string>();
  for (const entry of perPost) {
    const { meta } = entry;
    const byRef = new Map<string, ImageView>();
    for (const { ref, at } of entry.refs) {
      if (!at) continue;
      const found = facts.get(at.from);
      if (typeof found === 'string') {
        diagnostics.push({
          severity: 'error', code: 'image-missing', file: meta.source, ...(ref.line === undefined ? {} : { line: meta.bodyLine + ref.line - 1 }),
          message: `The image \`${ref.src}\` cannot be read as an image: ${found}.`,
          hint: 'Open the file in an image viewer; export it again as PNG, JPEG, WebP, GIF or SVG.',
        });
        continue;
      }
      const view = viewOf(at.from);
      if (view) byRef.set(ref.src, view);
    }
    if (byRef.size > 0) {
      postViews.set(meta.slug, byRef);
      postKeys.set(meta.slug, digest(JSON.stringify([...byRef])));
    }
    const image = cardOf(entry, facts, config);
    if (entry.card && !entry.card.remote && !image && entry.card.at && typeof facts.get(entry.card.at.from) === 'string') {
      diagnostics.push({
        severity: 'error', code: 'image-missing', file: meta.source, line: entry.card.line,
        message: `The card image \`${entry.card.src}\` cannot be read as an image: ${facts.get(entry.card.at.from) as string}.`,
        hint: 'Export it again as PNG or JPEG (what social networks show).',
      });
    }
    if (image) entry.summary.image = image;
  }
  // Feeds list the same posts by other summary objects when a plan makes copies: give those the card too.
  for (const file of plan.files) {
    for (const post of file.posts) {
      const image = summaries.get(post.slug)?.image;
      if (image && post.image === undefined) post.image = image;
    }
  }

  const wrap = (mode: 'page' | 'feed'): BodyStore => {
    const options = { mode, sizes: settings.sizes };
    const inner = input.bodies;
    const store: BodyStore = {
      html(slug) {
        const html = inner.html(slug);
        const found = postViews.get(slug);
        return found ? rewriteImages(html, (src) => found.get(src), options) : html;
      },
    };
    if (inner.key) store.key = (slug) => `${inner.key!(slug)}:${postKeys.get(slug) ?? ''}`;
    if (inner.repair) store.repair = (slugs) => inner.repair!(slugs);
    // A body with no image to rewrite is the cached one as it is.
    if (inner.entryFile) store.entryFile = (slug) => (postViews.has(slug) ? undefined : inner.entryFile!(slug));
    return store;
  };

  return {
    value: {
      pageBodies: wrap('page'),
      feedBodies: wrap('feed'),
      derived: [...derived].map(([file, from]) => ({ file, from })).sort((a, b) => (a.file < b.file ? -1 : 1)),
      work: { ...store.work, images: facts.size, cpuMs: cpuSince(cpu) },
      missing,
    },
    diagnostics,
  };
}

/** The link check's diagnostics less its `broken-link` for an image this stage already reported missing. */
export function withoutMissingImages(problems: readonly Diagnostic[], missing: ImagesOutput['missing']): Diagnostic[] {
  if (missing.length === 0) return [...problems];
  const said = new Set(missing.map((m) => `${m.file}\0${m.line ?? ''}\0${m.src}`));
  return problems.filter((d) => {
    if (d.code !== 'broken-link') return true;
    const url = /^Broken link to "([^"]*)"/.exec(d.message)?.[1];
    return url === undefined || !said.has(`${d.file}\0${d.line ?? ''}\0${url}`);
  });
}

function cpuSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return Math.round((used.user + used.system) / 1000);
}

/** The card of a post: its own `image`/`cover`, else the first local image of its body; absolute URLs. */
function cardOf(
  entry: { card?: { src: string; alt?: string; remote: boolean; at?: Located }; refs: Array<{ ref: ImageRef; at?: Located }>; meta: PostMeta },
  facts: ReadonlyMap<string, ImageFacts | string>,
  config: SiteConfig,
): CardImage | undefined {
  const title = entry.meta.title;
  if (entry.card?.remote) return { url: entry.card.src, alt: entry.card.alt ?? title };
  const usable = (at: Located | undefined): at is Located => at !== undefined && typeof facts.get(at.from) === 'object';
  const first = entry.refs.find((r) => usable(r.at));
  const chosen = entry.card ? { at: entry.card.at, alt: entry.card.alt } : first && { at: first.at, alt: first.ref.alt };
  if (!chosen || !usable(chosen.at)) return undefined;
  const found = facts.get(chosen.at.from) as ImageFacts;
  const card: CardImage = {
    url: `${config.url}${config.basePath}${urlPath(chosen.at.file)}`,
    alt: chosen.alt || title,
    width: found.width,
    height: found.height,
  };
  const type = mimeType(found.format);
  if (type) card.type = type;
  const bytes = statSync(chosen.at.from, { throwIfNoEntry: false })?.size;
  if (bytes !== undefined) card.bytes = bytes;
  return card;
}
