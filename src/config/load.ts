import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { z } from 'zod';
import { digest } from '../cache/hash.js';
import { openCache, type Namespace } from '../cache/store.js';
import type { Diagnostic, Result } from '../diagnostics.js';
import { importConfig } from './import-config.js';
import { DEFAULT_SITE_URL } from './location.js';
import { resolveMarkdownPlugins } from './plugins.js';
import { siteConfigSchema, type SiteConfig, type SiteConfigInput } from './schema.js';

export const CONFIG_FILE = 'site.config.ts';

export interface LoadConfigOptions {
  root: string;
  /** Values from the command line; they win over the file. */
  overrides?: SiteConfigInput;
  /**
   * Build cache folder: the type-stripped config is kept in its `config` namespace, keyed by its
   * source, because loading the TypeScript transform costs about 0.25 s on every build that needs it.
   */
  cacheDir?: string | null;
  /**
   * Warn (`default-site-url`) when neither the file nor the overrides set `url`: the output's feeds,
   * sitemap and canonical links would point at localhost. For output meant to be published.
   */
  warnDefaultUrl?: boolean;
}

/**
 * Loads `<root>/site.config.ts` (optional: every setting has a default) and validates it.
 * A bad setting is a `config-invalid` diagnostic naming the key and, where it can be found, its line.
 */
export async function loadConfig(options: LoadConfigOptions): Promise<Result<SiteConfig | undefined>> {
  const file = path.join(options.root, CONFIG_FILE);
  let input: unknown = {};
  let text = '';
  const hasFile = existsSync(file);
  let jitiCache: string | false = false;
  if (hasFile) {
    text = readFileSync(file, 'utf8');
    const ns = options.cacheDir ? openCache(options.cacheDir).namespace('config', CACHE_VERSION) : undefined;
    jitiCache = ns?.path(JITI_FOLDER) ?? false;
    const known = ns ? readSettings(ns, text) : undefined;
    try {
      if (known !== undefined) input = known;
      else {
        input = (await importConfig(file, text, jitiCache)).settings;
        if (ns) keepSettings(ns, text, input);
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // A blog's config imports defineConfig from the package: a fresh clone has not installed it yet.
      const notInstalled = /Cannot find (module|package) 'hashmark'/.test(message);
      return {
        value: undefined,
        diagnostics: [
          {
            severity: 'error',
            code: 'config-load-failed',
            message: `${CONFIG_FILE} could not be loaded: ${message}`,
            file: CONFIG_FILE,
            hint: notInstalled
              ? `${CONFIG_FILE} imports hashmark, which is not installed in this project: run npm install.`
              : 'Make the file a module whose default export is an object of settings, e.g. `export default { title: "My blog" }`.',
          },
        ],
      };
    }
  }
  const validated = validateConfig(input, { text, overrides: options.overrides ?? {} });
  if (validated.value !== undefined) {
    // Resolved on every load, never cached with the settings: an npm upgrade must change the key.
    const missing = await resolveMarkdownPlugins(validated.value, options.root, CONFIG_FILE, jitiCache);
    if (missing.length > 0) return { value: undefined, diagnostics: [...validated.diagnostics, ...missing] };
  }
  if (options.warnDefaultUrl && validated.value !== undefined && !setsUrl(input, options.overrides)) {
    validated.diagnostics.push(defaultUrlWarning(hasFile));
  }
  return validated;
}

function setsUrl(input: unknown, overrides: SiteConfigInput | undefined): boolean {
  return overrides?.url !== undefined || (input as { url?: unknown }).url !== undefined;
}

/** The one warning for a build that would publish `http://localhost…` in its absolute links. */
export function defaultUrlWarning(hasFile: boolean): Diagnostic {
  const where = hasFile ? `"url" is not set in ${CONFIG_FILE}` : `There is no ${CONFIG_FILE}`;
  return {
    severity: 'warning',
    code: 'default-site-url',
    message: `${where} and no --site-url was given, so feeds, the sitemap and canonical links point at ${DEFAULT_SITE_URL}.`,
    file: CONFIG_FILE,
    hint: `Set url: 'https://your.domain' in ${CONFIG_FILE}, or pass --site-url https://your.domain to hashmark build.`,
  };
}

/** Validates settings from any source; pure, for tests and the dev server. */
export function validateConfig(
  input: unknown,
  options: { text?: string; overrides?: SiteConfigInput } = {},
): Result<SiteConfig | undefined> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return {
      value: undefined,
      diagnostics: [
        {
          severity: 'error',
          code: 'config-invalid',
          message: `${CONFIG_FILE} must export an object of settings.`,
          file: CONFIG_FILE,
          hint: 'Write `export default { title: "My blog", url: "https://example.com" }`.',
        },
      ],
    };
  }
  const merged = { ...(input as Record<string, unknown>), ...dropUndefined(options.overrides ?? {}) };
  const parsed = siteConfigSchema.safeParse(merged);
  if (parsed.success) return { value: parsed.data, diagnostics: [] };
  const overridden = new Set(Object.keys(dropUndefined(options.overrides ?? {})));
  return {
    value: undefined,
    diagnostics: parsed.error.issues.map((issue) => issueToDiagnostic(issue, options.text ?? '', overridden)),
  };
}

function issueToDiagnostic(issue: z.core.$ZodIssue, text: string, overridden: Set<string>): Diagnostic {
  const key = issue.path.map(String).join('.');
  const top = String(issue.path[0] ?? '');
  const fromCli = overridden.has(top);
  const line = fromCli ? undefined : findKeyLine(text, issue);
  const unknown = issue.code === 'unrecognized_keys';
  const keys = unknown ? issue.keys.join('", "') : key;
  const message = unknown
    ? `Unknown setting "${keys}"${key ? ` in "${key}"` : ''}.`
    : `Setting "${key}"${fromCli ? ' (from the command line)' : ''} is invalid: ${issue.message}.`;
  // Checks with their own advice (url, basePath) give it in the words of where the value came from.
  const params = issue.code === 'custom' ? (issue.params as { configHint?: string; flagHint?: string } | undefined) : undefined;
  const ownHint = fromCli ? params?.flagHint : params?.configHint;
  const diagnostic: Diagnostic = {
    severity: 'error',
    code: 'config-invalid',
    message,
    file: CONFIG_FILE,
    hint: unknown
      ? `Known settings: ${Object.keys(siteConfigSchema.shape).join(', ')}.`
      : ownHint ?? 'See "Site settings" in the README for each setting and its default.',
  };
  if (line !== undefined) diagnostic.line = line;
  return diagnostic;
}

/** The line of `key:` in the config text, so the diagnostic points at it; undefined when not found. */
function findKeyLine(text: string, issue: z.core.$ZodIssue): number | undefined {
  const names = issue.code === 'unrecognized_keys' ? issue.keys : issue.path.map(String).slice(-1);
  const name = names[0];
  if (!name || !text) return undefined;
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`(^|[\\s{,])["']?${escaped}["']?\\s*:`);
  const lines = text.split('\n');
  if (issue.path.length === 1 && issue.code !== 'unrecognized_keys') {
    // A top-level key shares its name with nested ones (`url` in `author: { url }`): of the lines
    // that begin with the key, the least indented is the top level's.
    const starts = new RegExp(`^(\\s*)["']?${escaped}["']?\\s*:`);
    let best: { index: number; indent: number } | undefined;
    lines.forEach((l, index) => {
      const indent = starts.exec(l)?.[1]?.length;
      if (indent !== undefined && (best === undefined || indent < best.indent)) best = { index, indent };
    });
    if (best !== undefined) return best.index + 1;
  }
  const index = lines.findIndex((l) => pattern.test(l));
  return index === -1 ? undefined : index + 1;
}

function dropUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Bump when the settings entry's layout changes. */
const CACHE_VERSION = 2;
const JITI_FOLDER = 'jiti';

/**
 * A config that imports nothing and exports plain data (what `site.config.ts` nearly always is) is
 * kept as JSON keyed by its source: the next build reads it without evaluating the file (a typed one
 * without loading a TypeScript loader). Anything else (imports, functions, dates) is evaluated every time.
 */
function settingsKey(text: string): string {
  return `settings-${digest(text)}`;
}

function readSettings(ns: Namespace, text: string): unknown {
  if (!isSelfContained(text)) return undefined;
  const data = ns.get(settingsKey(text));
  if (data === undefined) return undefined;
  try {
    return (JSON.parse(data.toString('utf8')) as { settings: unknown }).settings;
  } catch {
    return undefined;
  }
}

function keepSettings(ns: Namespace, text: string, input: unknown): void {
  if (!isSelfContained(text)) return;
  let json: string;
  try {
    json = JSON.stringify({ settings: input });
    if (!isDeepStrictEqual((JSON.parse(json) as { settings: unknown }).settings, input)) return;
  } catch {
    return;
  }
  ns.put(settingsKey(text), json);
}

/**
 * No import, require or dynamic import: the file alone decides its settings. Type imports and
 * `import { defineConfig } from 'hashmark'` (an identity function) do not count, so the config
 * `hashmark init` writes is kept too instead of paying for jiti on every build.
 */
function isSelfContained(text: string): boolean {
  const code = text.replace(TYPE_IMPORT, '').replace(DEFINE_CONFIG_IMPORT, '');
  return !/\bimport\b|\brequire\s*\(|\bprocess\.env\b/.test(code);
}

const TYPE_IMPORT = /^[ \t]*import[ \t]+type[ \t][^;\n]*[ \t]from[ \t]*(['"])[^'"\n]+\1[ \t]*;?[ \t]*$/gm;
const DEFINE_CONFIG_IMPORT = /^[ \t]*import[ \t]*\{[ \t]*defineConfig[ \t]*\}[ \t]*from[ \t]*(['"])hashmark\1[ \t]*;?[ \t]*$/gm;
