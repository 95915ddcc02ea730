import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** How a config's module was evaluated: by Node itself, or through jiti's TypeScript transform. */
export type ConfigLoader = 'native' | 'jiti';

export interface ImportedConfig {
  /** The default export, or the module's exports when it has none (as jiti gives them). */
  settings: unknown;
  loader: ConfigLoader;
}

/**
 * Evaluates `site.config.ts`. A config that is plain JavaScript and imports nothing but hashmark's
 * `defineConfig` (most are: `export default { ... }`, or what `hashmark init` writes) is imported
 * natively from its text, which costs about a millisecond; jiti and its Babel transform cost about
 * 0.17 s of CPU on every cold build. Anything else, or a native attempt that does not parse (type
 * annotations), goes through jiti as before.
 */
export async function importConfig(file: string, text: string, jitiCache: string | false): Promise<ImportedConfig> {
  const source = mayImportNatively(text) ? nativeSource(file, text) : undefined;
  if (source !== undefined) {
    try {
      return { settings: await importNatively(source), loader: 'native' };
    } catch (error) {
      // TypeScript syntax; an error the config throws itself is reported as it is.
      if (!(error instanceof SyntaxError)) throw error;
    }
  }
  // jiti strips the types at run time; the file stays a plain typed module for editors and tsc.
  // Loaded only here: a config Node can read itself never pays its start-up.
  const { createJiti } = await import('jiti');
  // jiti's own cache (transformed modules) lives in the build cache's config namespace.
  const jiti = createJiti(import.meta.url, { moduleCache: false, fsCache: jitiCache });
  return { settings: await jiti.import(file, { default: true }), loader: 'jiti' };
}

/**
 * Words that make a module mean something else without jiti: imports resolve from the file's folder
 * (a text module has none), `import.meta` would name the text, and jiti runs a config as CommonJS,
 * with `require`, `module`, `exports`, `__dirname` and `__filename`. Any mention, even in a comment
 * or a string, sends the config to jiti: a wrong guess costs time, never a different result.
 */
const NEEDS_JITI = /\b(import|require|module|exports|__dirname|__filename)\b/;

/**
 * `import { defineConfig } from 'hashmark'`, the one import `hashmark init` writes. Natively it is
 * resolved from the config's folder, as jiti would, and the specifier written as that file's URL,
 * since a text module cannot resolve a package name.
 */
const DEFINE_CONFIG_IMPORT = /^([ \t]*import[ \t]*\{[ \t]*defineConfig[ \t]*\}[ \t]*from[ \t]*)(['"])hashmark\2/m;

export function mayImportNatively(text: string): boolean {
  return !NEEDS_JITI.test(text.replace(DEFINE_CONFIG_IMPORT, ''));
}

/** The text to import natively; undefined when it imports hashmark and the project has none (jiti reports it). */
function nativeSource(file: string, text: string): string | undefined {
  if (!DEFINE_CONFIG_IMPORT.test(text)) return text;
  let entry: string;
  try {
    entry = createRequire(file).resolve('hashmark');
  } catch {
    return undefined;
  }
  return text.replace(DEFINE_CONFIG_IMPORT, (_line, head: string) => `${head}${JSON.stringify(pathToFileURL(entry).href)}`);
}

// Each load evaluates the file afresh, as jiti does with `moduleCache: false` (the dev server
// reloads the config); Node keeps a module per URL, so the URL carries a count.
let loads = 0;

async function importNatively(text: string): Promise<unknown> {
  loads += 1;
  const url = `data:text/javascript;charset=utf-8,${encodeURIComponent(`${text}\n// hashmark config load ${loads}\n`)}`;
  const namespace = (await import(url)) as { default?: unknown };
  return namespace.default ?? { ...namespace };
}
