import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { hash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { z } from 'zod';
import { writeFileAtomic } from '../atomic-file.js';
import type { Diagnostic, Result } from '../diagnostics.js';
import { siteConfigSchema, type SiteConfig, type SiteConfigInput } from './schema.js';

export const CONFIG_FILE = 'site.config.ts';

export interface LoadConfigOptions {
  root: string;
  /** Values from the command line; they win over the file. */
  overrides?: SiteConfigInput;
  /**
   * Build cache folder: the type-stripped config is kept under `<cacheDir>/config/`, keyed by its
   * source, because loading the TypeScript transform costs about 0.25 s on every build.
   */
  cacheDir?: string | null;
}

/**
 * Loads `<root>/site.config.ts` (optional: every setting has a default) and validates it.
 * A bad setting is a `config-invalid` diagnostic naming the key and, where it can be found, its line.
 */
export async function loadConfig(options: LoadConfigOptions): Promise<Result<SiteConfig | undefined>> {
  const file = path.join(options.root, CONFIG_FILE);
  let input: unknown = {};
  let text = '';
  if (existsSync(file)) {
    text = readFileSync(file, 'utf8');
    const cacheDir = options.cacheDir ? path.join(options.cacheDir, 'config') : undefined;
    const known = cacheDir ? readSettings(cacheDir, text) : undefined;
    try {
      if (known !== undefined) input = known;
      else {
        // jiti strips the types at run time; the file stays a plain typed module for editors and tsc.
        // Loaded only here: with the settings cached, a build never pays its start-up.
        const { createJiti } = await import('jiti');
        const jiti = createJiti(import.meta.url, { moduleCache: false, fsCache: cacheDir ?? false });
        input = await jiti.import(file, { default: true });
        if (cacheDir) keepSettings(cacheDir, text, input);
      }
    } catch (error) {
      return {
        value: undefined,
        diagnostics: [
          {
            severity: 'error',
            code: 'config-load-failed',
            message: `${CONFIG_FILE} could not be loaded: ${error instanceof Error ? error.message : String(error)}`,
            file: CONFIG_FILE,
            hint: 'Make the file a module whose default export is an object of settings, e.g. `export default { title: "My blog" }`.',
          },
        ],
      };
    }
  }
  return validateConfig(input, { text, overrides: options.overrides ?? {} });
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
  const diagnostic: Diagnostic = {
    severity: 'error',
    code: 'config-invalid',
    message,
    file: CONFIG_FILE,
    hint: unknown
      ? `Known settings: ${Object.keys(siteConfigSchema.shape).join(', ')}.`
      : 'See "Site settings" in the README for each setting and its default.',
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
  const index = lines.findIndex((l) => pattern.test(l));
  return index === -1 ? undefined : index + 1;
}

function dropUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * A config that imports nothing and exports plain data (what `site.config.ts` nearly always is) is
 * kept as JSON keyed by its source: the next build reads it without loading a TypeScript loader.
 * Anything else (imports, functions, dates) is loaded through jiti every time.
 */
function settingsFile(cacheDir: string, text: string): string {
  return path.join(cacheDir, `settings-${hash('sha256', text, 'hex').slice(0, 32)}.json`);
}

function readSettings(cacheDir: string, text: string): unknown {
  if (!isSelfContained(text)) return undefined;
  try {
    return (JSON.parse(readFileSync(settingsFile(cacheDir, text), 'utf8')) as { settings: unknown }).settings;
  } catch {
    return undefined;
  }
}

function keepSettings(cacheDir: string, text: string, input: unknown): void {
  if (!isSelfContained(text)) return;
  let json: string;
  try {
    json = JSON.stringify({ settings: input });
    if (!isDeepStrictEqual((JSON.parse(json) as { settings: unknown }).settings, input)) return;
  } catch {
    return;
  }
  writeFileAtomic(settingsFile(cacheDir, text), json);
}

/** No import, require or dynamic import: the file alone decides its settings. */
function isSelfContained(text: string): boolean {
  return !/\bimport\b|\brequire\s*\(|\bprocess\.env\b/.test(text);
}
