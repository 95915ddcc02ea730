import { z } from '../vendor/zod.js';
import { checkSiteUrl, DEFAULT_SITE_URL, normalizeBasePath, type Checked } from './location.js';

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
    /** Whether a broken internal link fails the build (`error`) or only warns. */
    brokenLinks: z.enum(['error', 'warning']).default('error'),
  })
  .strict();

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

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** Types a site.config.ts export without importing anything at run time. */
export function defineConfig(config: SiteConfigInput): SiteConfigInput {
  return config;
}
