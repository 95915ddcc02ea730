import type { JsonValue, MarkdownPluginEntry, SiteConfig } from '../config/schema.js';
import { HEADING_ID_SCHEMES, type HeadingIdScheme } from './heading-ids.js';
import type { MarkdownOptions, MarkdownPlugin } from './types.js';

export const DEFAULT_MARKDOWN_OPTIONS: Readonly<MarkdownOptions> = Object.freeze({
  rawHtml: 'sanitize',
  wordsPerMinute: 230,
  excerptLength: 200,
  basePath: '/',
  remarkPlugins: [],
  rehypePlugins: [],
  sanitize: { tagNames: [], attributes: {} },
  embeds: ['https://www.youtube-nocookie.com', 'https://player.vimeo.com'],
  headingIds: 'github',
});

/** Fills defaults once, so renderers and cache keys see one canonical shape (field order included). */
export function resolveMarkdownOptions(options: Partial<MarkdownOptions> = {}): MarkdownOptions {
  return {
    rawHtml: options.rawHtml === 'trusted' ? 'trusted' : 'sanitize',
    wordsPerMinute: positive(options.wordsPerMinute, DEFAULT_MARKDOWN_OPTIONS.wordsPerMinute),
    excerptLength: positive(options.excerptLength, DEFAULT_MARKDOWN_OPTIONS.excerptLength),
    basePath: typeof options.basePath === 'string' && options.basePath.startsWith('/') && options.basePath.endsWith('/') ? options.basePath : '/',
    remarkPlugins: (options.remarkPlugins ?? []).map(canonicalPlugin),
    rehypePlugins: (options.rehypePlugins ?? []).map(canonicalPlugin),
    sanitize: {
      tagNames: [...(options.sanitize?.tagNames ?? [])],
      attributes: sortKeys(options.sanitize?.attributes ?? {}) as Record<string, string[]>,
    },
    embeds: [...(options.embeds ?? DEFAULT_MARKDOWN_OPTIONS.embeds)],
    headingIds: HEADING_ID_SCHEMES.includes(options.headingIds as HeadingIdScheme) ? options.headingIds! : 'github',
  };
}

/** Options with their keys sorted, so equal options give equal cache keys however they were written. */
function canonicalPlugin(plugin: MarkdownPlugin): MarkdownPlugin {
  const out: MarkdownPlugin = { name: plugin.name, url: plugin.url, version: plugin.version };
  if (plugin.export !== undefined) out.export = plugin.export;
  if (plugin.options !== undefined) out.options = sortKeys(plugin.options);
  return out;
}

function sortKeys(value: JsonValue | Record<string, string[]>): JsonValue {
  if (Array.isArray(value)) return value.map((v) => sortKeys(v));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, JsonValue>)[key]!);
    return out;
  }
  return value;
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
}

/** The site settings that shape rendered bodies (and so every render cache key). */
export function markdownOptionsFrom(config: SiteConfig): MarkdownOptions {
  return resolveMarkdownOptions({
    rawHtml: config.rawHtml,
    wordsPerMinute: config.wordsPerMinute,
    excerptLength: config.excerptLength,
    basePath: config.basePath,
    remarkPlugins: config.markdown.remarkPlugins.map(resolved),
    rehypePlugins: config.markdown.rehypePlugins.map(resolved),
    sanitize: config.markdown.sanitize,
    embeds: config.embeds,
    headingIds: config.headingIds,
  });
}

/** loadConfig resolves every plugin; a config validated without loading (tests) names none it could not. */
function resolved(entry: MarkdownPluginEntry): MarkdownPlugin {
  if (entry.url === undefined || entry.version === undefined) {
    throw new Error(`The Markdown plugin "${entry.name}" was not resolved: load the config with loadConfig.`);
  }
  const out: MarkdownPlugin = { name: entry.name, url: entry.url, version: entry.version };
  if (entry.export !== undefined) out.export = entry.export;
  if (entry.options !== undefined) out.options = entry.options;
  return out;
}
