import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { LinkCheckOptions } from './check.js';
import type { PageLinks } from './scan.js';

/** What the link checker needs of a page that was not rendered again: its ids and links, by page key. */
export interface LinkData extends PageLinks {
  bodyUrls?: string[];
}

const VERSION = 1;

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
    this.#next.set(key, data);
    this.#changed = true;
  }

  save(): void {
    if (this.file === null || (!this.#changed && this.#next.size === this.#previous.size)) return;
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ version: VERSION, pages: Object.fromEntries(this.#next) }));
      renameSync(tmp, this.file);
    } catch {
      // only a speed-up: the next build renders the pages it cannot find here
    }
  }
}

/**
 * The verdict of the last link check, keyed by every page key and every output path: when neither
 * changed, neither can the verdict, and a warm build skips the check (and loading the link cache).
 */
export const LinkState = {
  key(pageKeys: readonly string[], files: Iterable<string>, options: LinkCheckOptions): string {
    const hash = createHash('sha1');
    hash.update(JSON.stringify([VERSION, options.origin, options.basePath, options.severity]));
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
    if (cacheDir === null) return;
    try {
      mkdirSync(cacheDir, { recursive: true });
      const file = statePath(cacheDir);
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ key, diagnostics }));
      renameSync(tmp, file);
    } catch {
      // only a speed-up
    }
  },
};

function statePath(cacheDir: string): string {
  return path.join(cacheDir, 'links-state.json');
}
