import { z } from '../vendor/zod.js';

/** One header navigation entry as written in site.config.ts. */
export interface MenuSetting {
  title: string;
  /** A site path (`/about/`, resolved under the base path) or an absolute http(s) URL. */
  url: string;
}

const MENU_HINT =
  "Write menu: [{ title: 'Home', url: '/' }, { title: 'About', url: '/about/' }]: each entry a title and a url, " +
  'either a path on this site starting with "/" (the base path is added for you) or an absolute http(s) URL.';

/** `url` of a menu entry: a site path or an absolute http(s) URL; anything else is a config-invalid issue. */
export function isMenuUrl(url: string): boolean {
  if (url.startsWith('/')) return !url.startsWith('//') && !/[\s\\\u0000-\u001f\u007f]/.test(url);
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:';
  } catch {
    return false;
  }
}

/** The `menu` setting: the header navigation in order; without it the theme's own entries are shown. */
export function menuSchema() {
  const entry = z
    .object({
      title: z.string().trim().min(1, 'a menu entry needs a title'),
      url: z.string().trim().transform((url, ctx) => {
        if (isMenuUrl(url)) return url;
        ctx.issues.push({
          code: 'custom',
          message: `"${url}" is neither a path on this site (starting with "/") nor an absolute http(s) URL`,
          input: url,
          params: { configHint: MENU_HINT, flagHint: MENU_HINT },
        });
        return z.NEVER;
      }),
    })
    .strict();
  return z.array(entry, { error: () => 'expected a list of { title, url } entries' }).optional();
}
