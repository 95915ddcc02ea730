import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../atomic-file.js';
import type { Diagnostic } from '../diagnostics.js';
import type { LinkCheckOptions, LinkProblem } from './check.js';
import type { PageLinks } from './scan.js';

/** What the link checker needs of a page that was not rendered again: its ids and links, by page key. */
export interface LinkData extends PageLinks {
  bodyUrls?: string[];
}

const VERSION = 1;
/** Bump when the diagnostics a link check stores change (2: every occurrence of a body link has its own; 3: template links at their template line). */
const STATE_VERSION = 3;

/**
 * Page key → link data, kept in the cache folder. Keys are content hashes, so an entry is valid
 * wherever and whenever its key turns up again; only entries used by the latest build are kept.
 */
export class LinkCache {
  readonly #previous: Map<string, LinkData>;
  readonly #next = new Map<string, LinkData>();
  #changed = false;

  private constructor(readonly file: string | null, previous: Map<string, LinkData>) {
    this.#previous = previous;
  }

  static open(cacheDir: string | null): LinkCache {
    if (cacheDir === null) return new LinkCache(null, new Map());
    const file = path.join(cacheDir, 'links.json');
    try {
      const data = JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown; pages?: unknown };
      if (data.version === VERSION && data.pages && typeof data.pages === 'object') {
        return new LinkCache(file, new Map(Object.entries(data.pages as Record<string, LinkData>)));
      }
    } catch {
      // missing or damaged: start empty, pages are simply rendered again
    }
    return new LinkCache(file, new Map());
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
    writeFileAtomic(this.file, JSON.stringify({ version: VERSION, pages: Object.fromEntries(this.#next) }));
  }
}

/**
 * The verdict of the last link check, keyed by every page key and every output path: when neither
 * changed, neither can the verdict, and a warm build skips the check (and loading the link cache).
 */
export const LinkState = {
  key(pageKeys: readonly string[], files: Iterable<string>, options: LinkCheckOptions): string {
    const hash = createHash('sha1');
    hash.update(JSON.stringify([STATE_VERSION, options.origin, options.basePath, options.severity]));
    for (const key of pageKeys) hash.update(key).update('\0');
    for (const file of [...files].sort()) hash.update(file).update('\0');
    return hash.digest('base64url');
  },

  read(cacheDir: string | null, key: string): Diagnostic[] | undefined {
    if (cacheDir === null) return undefined;
    try {
      const data = JSON.parse(readFileSync(statePath(cacheDir), 'utf8')) as { key?: unknown; diagnostics?: unknown };
      return data.key === key && Array.isArray(data.diagnostics) ? (data.diagnostics as Diagnostic[]) : undefined;
    } catch {
      return undefined;
    }
  },

  write(cacheDir: string | null, key: string, diagnostics: readonly Diagnostic[]): void {
    if (cacheDir !== null) writeFileAtomic(statePath(cacheDir), JSON.stringify({ key, diagnostics }));
  },
};

function statePath(cacheDir: string): string {
  return path.join(cacheDir, 'links-state.json');
}

/** What the last check found on one page (by page key), and a digest of the page's ids. */
export interface PageVerdict {
  ids: string;
  problems?: LinkProblem[];
}

/** Bump when what a verdict holds changes (2: problems count the body's occurrences of a link; 3: and say when the template has it too). */
const VERDICTS_VERSION = 3;

/**
 * Per-page verdicts of the last link check, with the digest of everything links resolve against
 * (every output path, every page's ids). When that digest is unchanged, a page whose key is
 * unchanged has the same broken links as before, and only the pages rendered again need checking:
 * an edit to one post checks that post's pages, not the whole site.
 */
export class LinkVerdicts {
  private constructor(
    private readonly file: string | null,
    readonly targets: string | undefined,
    private readonly pages: Map<string, PageVerdict>,
  ) {}

  static open(cacheDir: string | null): LinkVerdicts {
    if (cacheDir === null) return new LinkVerdicts(null, undefined, new Map());
    const file = path.join(cacheDir, 'link-verdicts.json');
    try {
      const data = JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown; targets?: unknown; pages?: unknown };
      if (data.version === VERDICTS_VERSION && typeof data.targets === 'string' && data.pages && typeof data.pages === 'object') {
        return new LinkVerdicts(file, data.targets, new Map(Object.entries(data.pages as Record<string, PageVerdict>)));
      }
    } catch {
      // missing or damaged: the next check is a whole one
    }
    return new LinkVerdicts(file, undefined, new Map());
  }

  get(key: string): PageVerdict | undefined {
    const found = this.pages.get(key);
    return found && typeof found.ids === 'string' && (found.problems === undefined || Array.isArray(found.problems)) ? found : undefined;
  }

  save(targets: string, pages: ReadonlyMap<string, PageVerdict>): void {
    // Only a speed-up: a failed write means a whole check next time.
    if (this.file !== null) writeFileAtomic(this.file, JSON.stringify({ version: VERDICTS_VERSION, targets, pages: Object.fromEntries(pages) }));
  }
}

export function idsDigest(ids: readonly string[]): string {
  return createHash('sha1').update(ids.join('\0')).digest('base64url');
}

/** Digest of what links resolve against: every output path, and each page's ids (pages in site order). */
export function targetsDigest(files: Iterable<string>, pageIds: ReadonlyArray<readonly [file: string, ids: string]>, options: LinkCheckOptions): string {
  const hash = createHash('sha1');
  hash.update(JSON.stringify([VERDICTS_VERSION, options.origin, options.basePath]));
  for (const file of [...files].sort()) hash.update(file).update('\0');
  for (const [file, ids] of pageIds) hash.update(file).update('\0').update(ids).update('\0');
  return hash.digest('base64url');
}
