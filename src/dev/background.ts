/**
 * One piece of background work of a dev session (rendering every post on the workers), held back
 * until `begin()` (the first page was answered) or a delay passed, whichever comes first.
 */
export class BackgroundWork {
  private running: Promise<void> = Promise.resolve();
  private pending: (() => void) | undefined;
  private started: Promise<void> = Promise.resolve();
  /** Resolves `started` of the work scheduled: when it starts, or is dropped unstarted. */
  private release: () => void = () => undefined;

  /** Replaces what was scheduled and has not started: `work` starts on begin() or after `delayMs`. */
  schedule(work: () => Promise<void>, delayMs: number): void {
    this.clear();
    this.started = new Promise((resolve) => (this.release = resolve));
    const start = (): void => {
      if (this.pending !== start) return;
      this.pending = undefined;
      this.release();
      this.running = work();
    };
    this.pending = start;
    setTimeout(start, delayMs).unref();
  }

  /** Drops the scheduled work if it has not started. */
  clear(): void {
    this.pending = undefined;
    this.release();
  }

  /** Starts the scheduled work now, if it has not started. */
  begin(): void {
    this.pending?.();
  }

  /** Resolves once the scheduled work started or was dropped, without starting it. */
  async begun(): Promise<void> {
    await this.started;
  }

  /** Starts the scheduled work, and resolves when it (and any started meanwhile) is done. */
  async done(): Promise<void> {
    this.begin();
    for (let seen: Promise<void> | undefined; seen !== this.running; ) {
      seen = this.running;
      await seen;
      this.begin();
    }
  }
}
