import type { SiteConfig } from '../config/schema.js';
import type { MarkdownOptions } from './types.js';

export const DEFAULT_MARKDOWN_OPTIONS: Readonly<MarkdownOptions> = Object.freeze({
  rawHtml: 'sanitize',
  wordsPerMinute: 230,
  excerptLength: 200,
  basePath: '/',
});

/** Fills defaults once, so renderers and cache keys see one canonical shape (field order included). */
export function resolveMarkdownOptions(options: Partial<MarkdownOptions> = {}): MarkdownOptions {
  return {
    rawHtml: options.rawHtml === 'trusted' ? 'trusted' : 'sanitize',
    wordsPerMinute: positive(options.wordsPerMinute, DEFAULT_MARKDOWN_OPTIONS.wordsPerMinute),
    excerptLength: positive(options.excerptLength, DEFAULT_MARKDOWN_OPTIONS.excerptLength),
    basePath: typeof options.basePath === 'string' && options.basePath.startsWith('/') && options.basePath.endsWith('/') ? options.basePath : '/',
  };
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
  });
}
