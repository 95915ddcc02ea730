/**
 * The package's public entry (`import { defineConfig } from 'hashmark'`): what a blog's
 * site.config.ts needs. Types only at run time, so loading a config never loads the rest of Hashmark.
 */
import type { SiteConfig, SiteConfigInput } from './config/schema.js';

export type { SiteConfig, SiteConfigInput };

/** Types a site.config.ts export: every setting is optional, and the object is returned as is. */
export function defineConfig(config: SiteConfigInput): SiteConfigInput {
  return config;
}
