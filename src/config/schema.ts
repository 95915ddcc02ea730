import { z } from '../vendor/zod.js';
import { DEFAULT_PERMALINK, permalinkPatternProblem } from '../url-path.js';
import { checkSiteUrl, DEFAULT_SITE_URL, normalizeBasePath, type Checked } from './location.js';
import { menuSchema } from './menu.js';

/**
 * site.config.ts: every setting, its default and what it does.
 * Defaults are resolved once, here; stages receive a complete {@link SiteConfig}.
 */
export const siteConfigSchema = z
  .object({
    /** Site title, shown in the header, page titles and feeds. */
    title: z.string().trim().min(1).default('Hashmark'),
    /** One-sentence description for the home page meta description and feeds. */
    description: z.string().default('A blog built with Hashmark.'),
    /** The author of the posts, for feeds and JSON-LD. */
    author: z
      .object({
        name: z.string().trim().min(1),
        email: z.email().optional(),
        url: z.url().optional(),
      })
      .strict()
      .default({ name: 'Hashmark author' }),
    /** Absolute origin the site is served from, without the base path, e.g. `https://example.com`. */
    url: z.string().default(DEFAULT_SITE_URL).transform(checked(checkSiteUrl)),
    /** BCP 47 language of the site, for `<html lang>` and feeds. */
    language: z
      .string()
      .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'a BCP 47 language tag such as "en" or "en-GB"')
      .default('en'),
    /** Path the site lives under, e.g. `/blog/` for GitHub Pages project sites; `blog` and `/blog` mean `/blog/`. */
    basePath: z.string().default('/').transform(checked(normalizeBasePath)),
    /**
     * Where posts are published, below the base path: tokens `:year`, `:month`, `:day` (the post's
     * date), `:slug` and `:section` (its folder under content/); ending in `.html`, that file is written.
     */
    permalink: z.string().default(DEFAULT_PERMALINK).transform(checked(checkPermalink)),
    /** Also write `_redirects` (Netlify, Cloudflare Pages): one `301` line per old URL of a post. */
    redirectsFile: z.boolean().default(false),
    /** Posts per page on the home and tag pages. */
    postsPerPage: z.number().int().min(1).max(1000).default(10),
    /** IANA time zone deciding "today" for scheduled posts and the instant used in feeds. */
    timeZone: z
      .string()
      .refine(isTimeZone, 'an IANA time zone such as "UTC" or "Europe/Berlin"')
      .default('UTC'),
    /** `sanitize` keeps safe raw HTML and removes scripts; `trusted` passes raw HTML through untouched. */
    rawHtml: z.enum(['sanitize', 'trusted']).default('sanitize'),
    /** Posts in each feed. */
    feedLength: z.number().int().min(1).max(10000).default(20),
    /** A post gets a table of contents when it has at least this many headings. */
    tocMinHeadings: z.number().int().min(1).default(3),
    /** Related posts shown under a post. */
    relatedPosts: z.number().int().min(0).max(20).default(3),
    /** Words per minute for reading time. */
    wordsPerMinute: z.number().int().min(50).max(2000).default(230),
    /** Characters of plain text in an excerpt. */
    excerptLength: z.number().int().min(20).max(2000).default(200),
    /**
     * Whose automatic heading ids to reproduce, so a moved blog's `#fragment` links keep working:
     * `github` (github-slugger, also Astro's), `hugo` (Goldmark), `zola`, `jekyll` (kramdown) or `eleventy` (README "Heading ids").
     */
    headingIds: z.enum(['github', 'hugo', 'zola', 'jekyll', 'eleventy']).default('github'),
    /**
     * Where an old URL (`aliases`, `redirect_from`) without a leading `/` starts: `site`, the site root
     * (Zola, Jekyll), or `page`, the folder the post's page is in (Hugo).
     */
    relativeAliases: z.enum(['site', 'page']).default('site'),
    /**
     * The header navigation, in order: `{ title, url }` entries, `url` a site path (`/about/`, under the
     * base path) or an absolute http(s) URL. Unset: Home, Featured (when a post is featured), Tags, Archive.
     * Pages with `menu` join either list (README "Pages and menus").
     */
    menu: menuSchema(),
    /** Whether a broken internal link fails the build (`error`) or only warns. */
    brokenLinks: z.enum(['error', 'warning']).default('error'),
    /** Extra remark and rehype plugins, and what the sanitiser lets through for them (README "Markdown"). */
    markdown: z
      .object({
        remarkPlugins: z.array(pluginEntry()).default([]),
        rehypePlugins: z.array(pluginEntry()).default([]),
        /** Added to the sanitiser's allow-list: element names, and attributes per element (`'*'` for all). */
        sanitize: z
          .object({
            tagNames: z.array(z.string().regex(/^[a-z][a-z0-9-]*$/, 'a lower-case element name')).default([]),
            attributes: z.record(z.string(), z.array(z.string().min(1))).default({}),
          })
          .strict()
          .default({ tagNames: [], attributes: {} }),
      })
      .strict()
      .default({ remarkPlugins: [], rehypePlugins: [], sanitize: { tagNames: [], attributes: {} } }),
    /** Local images in posts: sizes, modern formats and limits (README "Images"). */
    images: z
      .object({
        /** false: images keep only their width/height and lazy loading; no AVIF/WebP files are made. */
        process: z.boolean().default(true),
        /** Widths in pixels to make of each raster image (never wider than the original). */
        widths: z.array(z.number().int().min(16).max(8192)).min(1).default([480, 800, 1200, 1600]),
        /** The `sizes` attribute of generated `<picture>` sources. */
        sizes: z.string().trim().min(1).default('(min-width: 42rem) 40rem, 100vw'),
        /** Encoder quality, 1–100. */
        quality: z.object({ avif: z.number().int().min(1).max(100).default(50), webp: z.number().int().min(1).max(100).default(75) }).strict().default({ avif: 50, webp: 75 }),
        /** An image file larger than this many bytes gets a warning. */
        maxBytes: z.number().int().min(1).default(5_000_000),
      })
      .strict()
      .default({ process: true, widths: [480, 800, 1200, 1600], sizes: '(min-width: 42rem) 40rem, 100vw', quality: { avif: 50, webp: 75 }, maxBytes: 5_000_000 }),
    /** Origins whose `<iframe>` embeds pass the sanitiser (with `loading="lazy"` and a `sandbox`). */
    embeds: z
      .array(z.string().transform(checked(checkOrigin)))
      .default(['https://www.youtube-nocookie.com', 'https://player.vimeo.com']),
  })
  .strict();

/** A JSON value: plugin options travel to the render workers and into the render cache key. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A plugin function as imported in site.config.ts (an attacher, in unified's terms). */
export type PluginFunction = (...args: never[]) => unknown;

/**
 * A Markdown plugin as written (`remarkFoo`, `'remark-foo'`, or either with options), and once
 * resolved by loadConfig: `url` is the module the render workers import, `export` the export that is
 * the plugin when not `default`, `version` the package's version (or a hash of a local file), which
 * goes into the render cache key. `name` is the package name or path (for a function: once traced).
 */
export interface MarkdownPluginEntry {
  name: string;
  options?: JsonValue;
  url?: string;
  version?: string;
  export?: string;
}

/**
 * The function an entry was given as. Kept off the entry's enumerable keys, so the settings stay
 * plain data for page keys and worker messages; loadConfig traces it to the module it came from.
 */
export function pluginFunction(entry: MarkdownPluginEntry): PluginFunction | undefined {
  return FUNCTIONS.get(entry);
}

const FUNCTIONS = new WeakMap<MarkdownPluginEntry, PluginFunction>();

const ENTRY_HINT =
  'an imported plugin such as remarkFoo or a package name such as "remark-foo" (or a file such as "./plugins/remark-foo.mjs"), ' +
  'optionally with options: [remarkFoo, { ...options }]';

/** Astro's shape (a plugin or `[plugin, options]`), where a plugin is the imported function or its package name or file. */
function pluginEntry() {
  return z.unknown().transform((raw, ctx): MarkdownPluginEntry => {
    const [plugin, options, extra] = Array.isArray(raw) ? (raw as unknown[]) : [raw];
    const isFunction = typeof plugin === 'function';
    if ((!isFunction && (typeof plugin !== 'string' || plugin.trim() === '')) || extra !== undefined) {
      ctx.issues.push({ code: 'custom', message: `expected ${ENTRY_HINT}`, input: raw });
      return z.NEVER;
    }
    const name = isFunction ? (plugin as PluginFunction).name || '(anonymous)' : (plugin as string);
    const entry: MarkdownPluginEntry = { name };
    if (options !== undefined) {
      if (!isJson(options)) {
        ctx.issues.push({
          code: 'custom',
          message: `the options of "${name}" must be plain data (objects, arrays, strings, numbers, booleans, null), since they are sent to the render workers and hashed into the render cache key`,
          input: raw,
        });
        return z.NEVER;
      }
      entry.options = options;
    }
    if (isFunction) FUNCTIONS.set(entry, plugin as PluginFunction);
    return entry;
  });
}

function isJson(value: unknown, depth = 0): value is JsonValue {
  if (depth > 64) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((v) => isJson(v, depth + 1));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.values(value as Record<string, unknown>).every((v) => isJson(v, depth + 1));
  }
  return false;
}

function checkOrigin(raw: string): Checked {
  try {
    const url = new URL(raw);
    if ((url.protocol === 'https:' || url.protocol === 'http:') && raw.replace(/\/$/, '') === url.origin) {
      return { ok: true, value: url.origin };
    }
  } catch {
    // Reported below.
  }
  const hint = 'Give origins only, such as "https://www.youtube-nocookie.com".';
  return { ok: false, problem: `"${raw}" is not an http(s) origin (scheme and host, no path)`, configHint: hint, flagHint: hint };
}

/** What authors write in site.config.ts: every key optional. */
export type SiteConfigInput = z.input<typeof siteConfigSchema>;
/** The resolved settings every stage receives. */
export type SiteConfig = z.output<typeof siteConfigSchema>;

/**
 * A transform that keeps the checked value or reports the problem; both hints travel in the issue's
 * params, and the diagnostic picks the file's or the flag's wording by where the value came from.
 */
function checked(check: (raw: string) => Checked) {
  return (raw: string, ctx: z.RefinementCtx): string => {
    const result = check(raw);
    if (result.ok) return result.value;
    ctx.issues.push({
      code: 'custom',
      message: result.problem,
      input: raw,
      params: { configHint: result.configHint, flagHint: result.flagHint },
    });
    return z.NEVER;
  };
}

function checkPermalink(raw: string): Checked {
  const problem = permalinkPatternProblem(raw);
  if (problem === undefined) return { ok: true, value: raw };
  return { ok: false, problem: problem.problem, configHint: problem.hint, flagHint: problem.hint };
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
