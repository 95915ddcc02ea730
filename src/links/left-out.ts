import { permalinkMatcher, sitePath } from '../url-path.js';

/**
 * Whether an output path belongs to a post left out for its errors: under its own URL when it gave a
 * usable one, else anywhere the permalink pattern could put its slug (its date may be the error).
 * `keys` name what the test depends on, for the link verdict's cache key.
 */
export function leftOutTest(
  site: { permalink: string; url: string; basePath: string },
  slugs: readonly string[],
  urls: readonly string[],
): { isLeftOut: (file: string) => boolean; keys: string[] } {
  const { permalink } = site;
  const tests: Array<(file: string) => boolean> = slugs.map((slug) => permalinkMatcher(permalink, slug));
  for (const url of urls) {
    const parsed = sitePath(url, site);
    if (!parsed.ok) continue;
    const path = parsed.value.segments.join('/');
    if (parsed.value.kind === 'file') tests.push((file) => file === path);
    else tests.push((file) => path === '' ? false : file.startsWith(`${path}/`));
  }
  const keys = [...slugs.map((slug) => `${permalink}\u0000${slug}`), ...urls];
  return { isLeftOut: (file) => tests.some((test) => test(file)), keys };
}
