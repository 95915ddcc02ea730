import { createHash } from 'node:crypto';
import { readFileSync, statSync, type Stats } from 'node:fs';
import { availableParallelism } from 'node:os';
import { writeFileAtomic } from '../atomic-file.js';
import { digest } from '../cache/hash.js';
import { openCache, type Namespace } from '../cache/store.js';
import type { ImageFacts, ImageSettings, Variant } from './types.js';
import { chooseWidths } from './widths.js';

/** Formats re-encoded to AVIF and WebP; anything else (SVG, ICO, ...) passes through measured. */
const RASTER = new Set(['png', 'jpeg', 'webp', 'gif']);
/** AVIF encoder effort (0–9): 2 costs 60% of the CPU time of 3 for 4% more bytes (bench/RESULTS.md). */
const AVIF_EFFORT = 2;
const SOURCES_KEY = 'sources';

export interface ImageWork {
  /** Files decoded this build (measured, and re-encoded when processing is on). */
  processed: number;
  /** Files whose facts (and derived files) came from the cache. */
  reused: number;
  /** Derived files encoded this build. */
  encoded: number;
  /** The most images decoded and encoded at once (the cores' worth the stage kept busy). */
  parallel: number;
}

interface Identity {
  size: number;
  mtimeMs: number;
  ino: number;
  hash: string;
}

/**
 * The images namespace: each image's facts by content hash and settings, its derived files beside
 * them, and the last build's file identities, so a warm build neither reads nor decodes an image.
 * Work runs at most one image per core at once, each on sharp's (libuv) thread pool.
 */
export class ImageStore {
  readonly work: ImageWork = { processed: 0, reused: 0, encoded: 0, parallel: 0 };
  private making = 0;
  private readonly ns: Namespace;
  private readonly identities: Map<string, Identity>;
  private readonly seen = new Map<string, Identity>();
  private readonly used = new Set<string>([SOURCES_KEY]);
  private readonly pending = new Map<string, Promise<ImageFacts>>();
  private readonly settingsKey: string;
  private readonly slots = Math.max(1, availableParallelism());
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(dir: string | null, private readonly settings: ImageSettings) {
    this.ns = openCache(dir).namespace('images', 1);
    this.identities = readIdentities(this.ns);
    // Widths and quality change derived files; maxBytes and sizes do not.
    const { process, widths, quality } = settings;
    this.settingsKey = JSON.stringify({ process, widths: [...widths].sort((a, b) => a - b), quality, avifEffort: AVIF_EFFORT });
  }

  /** Where a derived file's bytes are, to copy into the output. */
  pathOf(variant: Variant): string {
    const path = this.ns.path(variant.key);
    if (path === null) throw new Error('ImageStore: no folder for derived images');
    return path;
  }

  /** The facts of one image file, from the cache when its identity or content is known. Rejects when unreadable. */
  describe(absPath: string, stat: Stats): Promise<ImageFacts> {
    let promise = this.pending.get(absPath);
    if (!promise) {
      promise = this.limited(() => this.describeNow(absPath, stat));
      this.pending.set(absPath, promise);
    }
    return promise;
  }

  /** Keeps what this build used: the identities of its files, their facts and derived files. */
  finish(): void {
    if (this.ns.dir === null) return;
    this.ns.put(SOURCES_KEY, JSON.stringify([...this.seen]));
    this.ns.prune(this.used);
  }

  private async describeNow(absPath: string, stat: Stats): Promise<ImageFacts> {
    const known = this.identities.get(absPath);
    let bytes: Buffer | undefined;
    let hash: string;
    if (known && known.size === stat.size && known.mtimeMs === stat.mtimeMs && known.ino === stat.ino) hash = known.hash;
    else {
      bytes = readFileSync(absPath);
      hash = createHash('sha256').update(bytes).digest('hex').slice(0, 32);
    }
    this.seen.set(absPath, { size: stat.size, mtimeMs: stat.mtimeMs, ino: stat.ino, hash });
    const key = `facts-${digest(hash, this.settingsKey)}`;
    const cached = this.cachedFacts(key);
    if (cached) {
      this.work.reused++;
      this.keep(key, cached);
      return cached;
    }
    bytes ??= readFileSync(absPath);
    this.work.parallel = Math.max(this.work.parallel, ++this.making);
    const facts = await this.make(bytes, key).finally(() => this.making--);
    this.work.processed++;
    this.ns.put(key, JSON.stringify(facts));
    this.keep(key, facts);
    return facts;
  }

  private cachedFacts(key: string): ImageFacts | undefined {
    const raw = this.ns.get(key);
    if (!raw) return undefined;
    try {
      const facts = JSON.parse(raw.toString('utf8')) as ImageFacts;
      // A derived file gone or cut short is made again, with its siblings.
      for (const variant of facts.variants) {
        if (statSync(this.pathOf(variant), { throwIfNoEntry: false })?.size !== variant.bytes) return undefined;
      }
      return facts;
    } catch {
      return undefined;
    }
  }

  private keep(key: string, facts: ImageFacts): void {
    this.used.add(key);
    for (const variant of facts.variants) this.used.add(variant.key);
  }

  private async make(bytes: Buffer, key: string): Promise<ImageFacts> {
    const { default: sharp } = await import('sharp');
    const meta = await sharp(bytes, { animated: true }).metadata();
    const format = meta.format ?? 'unknown';
    const pages = meta.pages ?? 1;
    let width = meta.width ?? 0;
    let height = pages > 1 ? (meta.pageHeight ?? meta.height ?? 0) : (meta.height ?? 0);
    // EXIF orientations 5–8 turn the picture a quarter: the browser shows it (and the encoder writes it) turned.
    if ((meta.orientation ?? 1) >= 5) [width, height] = [height, width];
    const animated = pages > 1;
    const facts: ImageFacts = { width, height, format, animated, variants: [] };
    if (!this.settings.process || !RASTER.has(format) || animated || width === 0) return facts;
    for (const w of chooseWidths(width, this.settings.widths)) {
      for (const target of ['avif', 'webp'] as const) {
        const resized = sharp(bytes).rotate().resize({ width: w });
        const out = target === 'avif'
          ? await resized.avif({ quality: this.settings.quality.avif, effort: AVIF_EFFORT }).toBuffer()
          : await resized.webp({ quality: this.settings.quality.webp }).toBuffer();
        const variant: Variant = { width: w, format: target, key: `${key}-${w}.${target}`, bytes: out.length };
        if (this.ns.dir === null || !writeFileAtomic(this.pathOf(variant), out)) throw new Error('the derived image could not be written to the cache folder');
        this.work.encoded++;
        facts.variants.push(variant);
      }
    }
    return facts;
  }

  private async limited<T>(run: () => Promise<T>): Promise<T> {
    if (this.running >= this.slots) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await run();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}

function readIdentities(ns: Namespace): Map<string, Identity> {
  const raw = ns.get(SOURCES_KEY);
  if (!raw) return new Map();
  try {
    return new Map(JSON.parse(raw.toString('utf8')) as Array<[string, Identity]>);
  } catch {
    return new Map();
  }
}
