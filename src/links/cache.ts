import { contentHash, digest } from '../cache/hash.js';
import { openCache, type Namespace } from '../cache/store.js';
import type { Diagnostic } from '../diagnostics.js';
import type { LinkCheckOptions, LinkProblem } from './check.js';
import type { PageLinks } from '../html-links.js';

/** What the link checker needs of a page that was not rendered again: its ids and links, by page key. */
export interface LinkData extends PageLinks {
  bodyUrls?: string[];
}

/** Bump when the link data's layout changes (2: an entry of the cache store, was links.json). */
const VERSION = 2;
/**
 * Bump when the diagnostics a link check stores change (2: every occurrence of a body link has its
 * own; 3: template links at their template line; 4: an entry of the cache store, was links-state.json).
 */
const STATE_VERSION = 4;

/**
 * The three link stores are namespaces of their own, named as their old files were, so opening
 * each removes its old file (`links.json`, `links-state.json`, `link-verdicts.json`) too.
 */
function namespace(cacheDir: string | null, name: 'links' | 'links-state' | 'link-verdicts', version: number): Namespace {
  return openCache(cacheDir).namespace(name, version);
}

/** The one entry of the link data and of the verdicts: each is rewritten whole by every check. */
const ENTRY = 'latest';

/**
 * Page key → link data, kept in the cache folder (`links.v2/`). Keys are content hashes, so an
 * entry is valid wherever and whenever its key turns up again; only entries used by the latest
 * build are kept.
 */
export class LinkCache {
  readonly #previous: Map<string, LinkData>;
  readonly #next = new Map<string, LinkData>();
  #changed = false;

  private constructor(private readonly ns: Namespace, previous: Map<string, LinkData>) {
    this.#previous = previous;
  }

  /** The entry's file; null without a cache. */
  get file(): string | null {
    return this.ns.path(ENTRY);
  }

  static open(cacheDir: string | null): LinkCache {
    const ns = namespace(cacheDir, 'links', VERSION);
    try {
      const data = JSON.parse(ns.get(ENTRY)?.toString('utf8') ?? 'null') as { pages?: unknown } | null;
      if (data?.pages && typeof data.pages === 'object') return new LinkCache(ns, new Map(Object.entries(data.pages as Record<string, LinkData>)));
    } catch {
      // Damaged past its checksum, or missing (the store removed a damaged one): start empty, pages are simply rendered again.
    }
    return new LinkCache(ns, new Map());
  }

  get(key: string): LinkData | undefined {
    const found = this.#previous.get(key);
    if (found && Array.isArray(found.ids) && Array.isArray(found.urls)) {
      this.#next.set(key, found);
      return found;
    }
    return undefined;
  }

  set(key: string, data: LinkData): void {
    // Without a file there is nothing to save: holding every page's data would only cost memory.
    if (this.file === null) return;
    this.#next.set(key, data);
    this.#changed = true;
  }

  save(): void {
    if (this.file === null || (!this.#changed && this.#next.size === this.#previous.size)) return;
    // Only a speed-up: the next build renders the pages it cannot find here.
    this.ns.put(ENTRY, JSON.stringify({ pages: Object.fromEntries(this.#next) }));
  }
}

/**
 * The verdict of the last link check (`links-state.v4/`), keyed by every page key and every output
 * path: when neither changed, neither can the verdict, and a warm build skips the check (and loading
 * the link cache). Only the latest key is kept.
 */
export const LinkState = {
  key(pageKeys: readonly string[], files: Iterable<string>, options: LinkCheckOptions): string {
    // Each list as one JSON part: spreading a large site's hundreds of thousands of parts would overflow the stack.
    return digest(JSON.stringify([STATE_VERSION, options.origin, options.basePath, options.severity]), JSON.stringify(pageKeys), JSON.stringify([...files].sort()));
  },

  read(cacheDir: string | null, key: string): Diagnostic[] | undefined {
    const data = namespace(cacheDir, 'links-state', STATE_VERSION).get(key);
    if (data === undefined) return undefined;
    try {
      const stored = JSON.parse(data.toString('utf8')) as { key?: unknown; diagnostics?: unknown };
      return stored.key === key && Array.isArray(stored.diagnostics) ? (stored.diagnostics as Diagnostic[]) : undefined;
    } catch {
      return undefined;
    }
  },

  write(cacheDir: string | null, key: string, diagnostics: readonly Diagnostic[]): void {
    const ns = namespace(cacheDir, 'links-state', STATE_VERSION);
    if (ns.put(key, JSON.stringify({ key, diagnostics }))) ns.prune([key]);
  },
};

/** What the last check found on one page (by page key), and a digest of the page's ids. */
export interface PageVerdict {
  ids: string;
  problems?: LinkProblem[];
}

/**
 * Bump when what a verdict holds changes (2: problems count the body's occurrences of a link; 3: and
 * say when the template has it too; 4: an entry of the cache store, was link-verdicts.json).
 */
const VERDICTS_VERSION = 4;

/**
 * Per-page verdicts of the last link check, with the digest of everything links resolve against
 * (every output path, every page's ids). When that digest is unchanged, a page whose key is
 * unchanged has the same broken links as before, and only the pages rendered again need checking:
 * an edit to one post checks that post's pages, not the whole site. Kept in `link-verdicts.v4/`.
 */
export class LinkVerdicts {
  private constructor(
    private readonly ns: Namespace,
    readonly targets: string | undefined,
    private readonly pages: Map<string, PageVerdict>,
  ) {}

  static open(cacheDir: string | null): LinkVerdicts {
    const ns = namespace(cacheDir, 'link-verdicts', VERDICTS_VERSION);
    try {
      const data = JSON.parse(ns.get(ENTRY)?.toString('utf8') ?? 'null') as { targets?: unknown; pages?: unknown } | null;
      if (typeof data?.targets === 'string' && data.pages && typeof data.pages === 'object') {
        return new LinkVerdicts(ns, data.targets, new Map(Object.entries(data.pages as Record<string, PageVerdict>)));
      }
    } catch {
      // Damaged past its checksum, or missing (the store removed a damaged one): the next check is a whole one.
    }
    return new LinkVerdicts(ns, undefined, new Map());
  }

  get(key: string): PageVerdict | undefined {
    const found = this.pages.get(key);
    return found && typeof found.ids === 'string' && (found.problems === undefined || Array.isArray(found.problems)) ? found : undefined;
  }

  save(targets: string, pages: ReadonlyMap<string, PageVerdict>): void {
    // Only a speed-up: a failed write means a whole check next time.
    this.ns.put(ENTRY, JSON.stringify({ targets, pages: Object.fromEntries(pages) }));
  }
}

/** Tells whether a page's ids changed: compared, never a file name. */
export function idsDigest(ids: readonly string[]): string {
  return contentHash(ids.join('\0'));
}

/** Digest of what links resolve against: every output path, and each page's ids (pages in site order). */
export function targetsDigest(files: Iterable<string>, pageIds: ReadonlyArray<readonly [file: string, ids: string]>, options: LinkCheckOptions): string {
  // Each list as one JSON part: spreading a large site's hundreds of thousands of parts would overflow the stack.
  return digest(JSON.stringify([VERDICTS_VERSION, options.origin, options.basePath]), JSON.stringify([...files].sort()), JSON.stringify(pageIds));
}
