import type { Diagnostic } from '../diagnostics.js';
import type { SearchIndexOptions } from '../search/types.js';

/**
 * The search index of the site `dev` holds in memory, built by the same indexer as `build` from
 * the posts as they are now, in the background: after the first load and again after each edit
 * that can change a post. A request for the index waits for the build under way, so the search
 * page never sees a half-made index or an old one mixed with a new one.
 */
export class DevSearch {
  private files = new Map<string, Uint8Array>();
  private building: Promise<void> | undefined;
  /** An edit arrived while building: build once more when this one ends. */
  private again = false;
  /** A build waiting for the saves to stop (see refresh). */
  private quiet: NodeJS.Timeout | undefined;
  private failure: Diagnostic | undefined;
  /** Built indexes, for tests and the terminal. */
  builds = 0;

  constructor(private readonly options: () => SearchIndexOptions | undefined | Promise<SearchIndexOptions | undefined>) {}

  /**
   * Starts a build, or marks one to follow the build under way. With `quietMs`, the build waits until
   * no refresh came for that long (a request for the index starts it at once): re-indexing every post
   * takes seconds of CPU, which a run of saves would otherwise pay for each save, beside the next.
   */
  refresh(quietMs = 0): void {
    if (this.quiet) clearTimeout(this.quiet);
    this.quiet = undefined;
    if (quietMs > 0) {
      this.quiet = setTimeout(() => this.refresh(), quietMs);
      this.quiet.unref();
      return;
    }
    if (this.building) {
      this.again = true;
      return;
    }
    this.building = this.build().finally(() => {
      this.building = undefined;
      if (this.again) {
        this.again = false;
        this.refresh();
      }
    });
  }

  /** A file of the bundle (`pagefind/...`), once the build under way is done. */
  async file(rel: string): Promise<Uint8Array | undefined> {
    await this.settled();
    return this.files.get(rel);
  }

  /** Why the index is missing, when it could not be built (a warning; pages still work). */
  problem(): Diagnostic | undefined {
    return this.failure;
  }

  /** Resolves once no build is under way or due (a build waiting for quiet starts now). */
  async settled(): Promise<void> {
    if (this.quiet) this.refresh();
    while (this.building) await this.building;
  }

  private async build(): Promise<void> {
    const options = await this.options();
    if (!options) return;
    const { buildSearchIndex } = await import('../search/build-search-index.js');
    const result = await buildSearchIndex(options);
    const files = new Map<string, Uint8Array>();
    for (const file of result.value.files) {
      if (file.contents === undefined) continue;
      files.set(file.file, typeof file.contents === 'string' ? new TextEncoder().encode(file.contents) : file.contents);
    }
    this.files = files;
    this.failure = result.diagnostics.find((d) => d.code === 'search-index-failed');
    this.builds++;
  }
}
