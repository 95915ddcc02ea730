import v8 from 'node:v8';
import vm from 'node:vm';

/** Sites from this many posts on render with a tight heap; smaller ones never come near a memory limit. */
export const LARGE_SITE_POSTS = 10_000;

/** How far past the live heap V8 may grow before its next full collection, in percent, for a large site. */
export const LARGE_SITE_GROWTH_PERCENT = 20;

const FLAG = '--heap-growing-percent';

/**
 * For a large site, lets the heap grow 20% past what is live before V8 collects, for the rest of
 * the build; returns what puts V8's own choice back.
 *
 * Rendering 100,000 pages turns over gigabytes of short-lived HTML while several hundred MB stay
 * live (the plan, page keys, link data). Left to itself V8 lets the heap grow to two or three times
 * the live size between full collections, which on such a site is most of the peak memory (figures:
 * bench/RESULTS.md, "Machinery with and without"). Small sites keep the default, which is faster.
 *
 * V8 reads this flag each time it sets its next limit, so it can change while running. A growth
 * the user set themselves (NODE_OPTIONS or a node flag) is left alone.
 */
export function tightenHeapGrowth(posts: number, argv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): () => void {
  if (posts < LARGE_SITE_POSTS || userSetGrowth(argv, nodeOptions)) return () => undefined;
  v8.setFlagsFromString(`${FLAG}=${LARGE_SITE_GROWTH_PERCENT}`);
  // The flag counts from V8's next full collection: until then the limit V8 set while the posts
  // were read stands, far above the live set on a large site. One collection now sets the tight limit.
  collectGarbage();
  // 0 is V8's "choose dynamically", its default.
  return () => v8.setFlagsFromString(`${FLAG}=0`);
}

/**
 * A full collection, through the `gc` function node gives with --expose-gc: already there when the
 * user started node so, otherwise taken from a fresh context made while the flag is briefly on.
 * Without it the tighter limit simply starts at V8's next full collection.
 */
export function collectGarbage(): boolean {
  try {
    let gc: unknown = (globalThis as { gc?: unknown }).gc;
    if (typeof gc !== 'function') {
      v8.setFlagsFromString('--expose-gc');
      try {
        // eslint-disable-next-line no-restricted-properties -- the one allowed vm call: evaluates the constant 'gc' to borrow V8's collector
        gc = vm.runInNewContext('gc');
      } finally {
        v8.setFlagsFromString('--no-expose-gc');
      }
    }
    if (typeof gc !== 'function') return false;
    (gc as () => void)();
    return true;
  } catch {
    return false;
  }
}

/** Whether node was started with its own heap growth (`--heap-growing-percent` or `--heap_growing_percent`). */
export function userSetGrowth(argv: readonly string[], nodeOptions: string): boolean {
  const named = (arg: string): boolean => arg.replace(/_/g, '-').startsWith(FLAG);
  return argv.some(named) || nodeOptions.split(/\s+/).some(named);
}
