import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readEntryFile, writeEntryFile } from '../cache/entry.js';
import { digest, type HashPart } from '../cache/hash.js';
import { openCache, type Namespace } from '../cache/store.js';
import type { Diagnostic, Result } from '../diagnostics.js';
import type { PostFeature } from '../markdown/types.js';
import { listFileTree } from '../file-tree.js';
import { themeLayers } from '../project.js';
import { compiledLibUrl } from '../worker-url.js';
import type { ThemeAssets, ThemeAssetsOptions } from './types.js';

/** Bump when the way assets are built changes, so old cache entries are not reused. */
const ASSET_PIPELINE_VERSION = '1';
/** Bump when the cache entry's layout changes. */
const ENTRY_VERSION = 2;

/** Packages the built-in theme imports (math.css, the mermaid loader), resolved from Hashmark's own install. */
const THEME_PACKAGES = ['katex', 'mermaid'];

/** The folder of one of Hashmark's dependencies. */
function packageDir(name: string): string {
  const require = createRequire(import.meta.url);
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    // A package whose exports hide package.json: walk up from its main file.
    let dir = dirname(require.resolve(name));
    while (basename(dir) !== name && dirname(dir) !== dir) dir = dirname(dir);
    return dir;
  }
}

/**
 * The built-in theme's files for a feature few posts use (KaTeX's stylesheet and fonts, the mermaid
 * bundle, over 4 MB together): a site ships them only when some post needs them.
 */
const FEATURE_FILES: Record<PostFeature, RegExp> = {
  math: /^assets\/(math-[^/]+\.css|KaTeX_[^/]+)$/,
  mermaid: /^assets\/mermaid\.min-[^/]+\.js$/,
};

/** The theme files a site needs, given the features its posts use. */
export function themeFilesFor<T extends { file: string }>(files: readonly T[], uses: ReadonlySet<PostFeature>): T[] {
  const unused = (Object.keys(FEATURE_FILES) as PostFeature[]).filter((feature) => !uses.has(feature)).map((feature) => FEATURE_FILES[feature]);
  return unused.length === 0 ? [...files] : files.filter((f) => !unused.some((pattern) => pattern.test(f.file)));
}

/** Entry files looked for in `templates/assets/`, in this order; each becomes one hashed output. */
const CSS_ENTRY = 'theme.css';
const SCRIPT_ENTRIES = ['theme.ts', 'theme.js'];
/** A stylesheet of its own (KaTeX's, with its fonts) that the head template links only from pages with math. */
const MATH_CSS_ENTRY = 'math.css';

/** The entry's first section; the second is every file's contents back to back, in this order. */
interface CachedManifest {
  css: string[];
  js: string[];
  files: Array<{ file: string; length: number }>;
}

interface OutputItem {
  type: 'asset' | 'chunk';
  fileName: string;
  source?: string | Uint8Array;
  code?: string;
}

/**
 * Builds the theme's client files (assets/theme.css, and theme.ts or theme.js when present; each
 * file the site's own under templates/assets/, else the built-in theme's) with Vite into content-hashed files such as `assets/theme-1a2b3c4d.css`.
 *
 * Starting Vite costs hundreds of milliseconds, so the result is kept in the `assets` namespace of
 * the cache store, keyed by every effective file under assets/, the Vite version and the base path;
 * an unchanged theme is returned from there without loading Vite (`fromCache: true`).
 */
export async function buildThemeAssets(options: ThemeAssetsOptions): Promise<Result<ThemeAssets>> {
  const empty: ThemeAssets = { css: [], js: [], files: [] };
  const effective = effectiveAssets(options.templatesDir);
  const sources = [...effective.keys()].sort();
  const cssEntry = sources.includes(CSS_ENTRY) ? CSS_ENTRY : undefined;
  const scriptEntry = SCRIPT_ENTRIES.find((name) => sources.includes(name));
  if (!cssEntry && !scriptEntry) return { value: empty, diagnostics: [] };

  const viteVersion = readViteVersion();
  const key = sourceHash(effective, sources, [ASSET_PIPELINE_VERSION, viteVersion, options.basePath]);
  const ns = openCache(options.cacheDir).namespace('assets', ENTRY_VERSION);
  const cached = readCache((section) => ns.get(key, section));
  if (cached) return { value: cached, diagnostics: [] };
  const prebuilt = readPrebuilt(options.prebuiltDir === undefined ? PREBUILT_ASSETS_DIR : options.prebuiltDir, key);
  if (prebuilt) return { value: prebuilt, diagnostics: [] };

  const stage = stageAssets(effective, options.cacheDir);
  try {
    return await runVite(options, stage.dir, { cssEntry, scriptEntry, mathEntry: sources.includes(MATH_CSS_ENTRY) ? MATH_CSS_ENTRY : undefined }, (value) => writeCache(ns, key, value), stage.original);
  } finally {
    stage.remove();
  }
}

/**
 * The theme's client files by POSIX path under assets/: the site's own file where it has one, else
 * the built-in theme's (see themeLayers).
 */
function effectiveAssets(templatesDir: string): Map<string, string> {
  const effective = new Map<string, string>();
  for (const layer of themeLayers(templatesDir)) {
    const dir = join(layer, 'assets');
    if (!existsSync(dir)) continue;
    for (const file of listFiles(dir)) if (!effective.has(file)) effective.set(file, join(dir, file));
  }
  return effective;
}

interface Stage {
  /** The folder Vite builds from. */
  dir: string;
  /** The real file behind a path in the folder, for diagnostics. */
  original(file: string): string;
  remove(): void;
}

/**
 * One folder holding the effective files. When they all come from one folder that is it; else they
 * are copied into a private folder (not linked: Vite follows links to the real file and would resolve
 * its relative imports beside it), so an import reaches the site's override wherever it comes from.
 * The copy sits in the cache folder, inside the project, so a site's own package imports still resolve.
 */
function stageAssets(effective: ReadonlyMap<string, string>, cacheDir: string | null): Stage {
  const dirs = new Set([...effective].map(([file, abs]) => abs.slice(0, abs.length - file.length - 1)));
  const [only] = [...dirs];
  if (dirs.size === 1 && only !== undefined) return { dir: only, original: (file) => file, remove: () => undefined };
  const parent = cacheDir ?? os.tmpdir();
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, 'theme-assets-'));
  for (const [file, abs] of effective) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(abs, join(dir, file));
  }
  const original = (file: string): string => {
    const rel = relative(dir, file).split(sep).join('/');
    return effective.get(rel) ?? file;
  };
  return { dir, original, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

interface Entries {
  cssEntry: string | undefined;
  scriptEntry: string | undefined;
  mathEntry: string | undefined;
}

async function runVite(
  options: ThemeAssetsOptions,
  assetsDir: string,
  { cssEntry, scriptEntry, mathEntry }: Entries,
  store: (value: ThemeAssets) => void,
  original: (file: string) => string,
): Promise<Result<ThemeAssets>> {
  const empty: ThemeAssets = { css: [], js: [], files: [] };
  const input: Record<string, string> = {};
  if (cssEntry) input.theme = join(assetsDir, cssEntry);
  // Same name for both entries would collide in the manifest's `name`; the script gets its own.
  if (scriptEntry) input['theme-script'] = join(assetsDir, scriptEntry);
  if (mathEntry) input.math = join(assetsDir, mathEntry);

  let outputs: OutputItem[];
  try {
    const { build } = await import('vite');
    const result = await build({
      configFile: false,
      envFile: false,
      logLevel: 'silent',
      root: assetsDir,
      base: options.basePath,
      publicDir: false,
      // An inline (empty) PostCSS config stops Vite searching parent folders for one, so the output
      // depends only on templates/assets.
      css: { postcss: { plugins: [] } },
      // The theme's KaTeX and mermaid imports come from Hashmark's own dependencies, so a site's own
      // copy of the theme builds without installing them itself.
      resolve: { alias: THEME_PACKAGES.map((name) => ({ find: new RegExp(`^${name}/`), replacement: `${packageDir(name)}/` })) },
      build: {
        write: false,
        manifest: true,
        emptyOutDir: false,
        copyPublicDir: false,
        rolldownOptions: {
          input,
          output: {
            assetFileNames: 'assets/[name]-[hash][extname]',
            entryFileNames: 'assets/[name]-[hash].js',
            chunkFileNames: 'assets/[name]-[hash].js',
          },
        },
      },
    });
    outputs = collectOutputs(result);
  } catch (error) {
    return { value: empty, diagnostics: [assetDiagnostic(error, options.root, join(assetsDir, cssEntry ?? scriptEntry ?? ''), original)] };
  }

  const manifestItem = outputs.find((o) => o.fileName === '.vite/manifest.json');
  const manifest = manifestItem ? (JSON.parse(textOf(manifestItem)) as Record<string, { file: string; css?: string[] }>) : {};
  const href = (file: string): string => options.basePath + file;
  const css: string[] = [];
  const js: string[] = [];
  if (cssEntry) {
    const entry = manifest[cssEntry];
    if (entry) css.push(href(entry.file));
  }
  if (scriptEntry) {
    const entry = manifest[scriptEntry];
    if (entry) {
      js.push(href(entry.file));
      for (const file of entry.css ?? []) css.push(href(file));
    }
  }
  // Listed last, as assets/math-<hash>.css: the default head template links it only where a page has math.
  if (mathEntry) {
    const entry = manifest[mathEntry];
    if (entry) css.push(href(entry.file));
  }
  const files = outputs
    .filter((o) => !o.fileName.startsWith('.vite/'))
    .map((o) => ({ file: o.fileName, contents: bytesOf(o) }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const value: ThemeAssets = { css, js, files };
  store(value);
  return { value, diagnostics: [] };
}

function listFiles(dir: string): string[] {
  return listFileTree(dir, { links: 'omit' }).sort();
}

function sourceHash(effective: ReadonlyMap<string, string>, files: string[], extra: string[]): string {
  const parts: HashPart[] = [...extra];
  for (const file of files) parts.push(file, readFileSync(effective.get(file)!));
  return digest(...parts);
}

function readViteVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('vite/package.json') as { version: string }).version;
}

/**
 * The built-in theme's assets, built with Vite when the package is compiled (scripts/compile.mjs),
 * in the asset cache's entry format under the same key: a site that overrides no theme asset and
 * is served from `/` needs no Vite even on its first build.
 */
export const PREBUILT_ASSETS_DIR = fileURLToPath(new URL('prebuilt-assets/', compiledLibUrl(import.meta.url)));

/** The prebuilt entry for this key, if the package has one (read only: a damaged one is ignored, never removed). */
function readPrebuilt(dir: string | null, key: string): ThemeAssets | undefined {
  if (dir === null) return undefined;
  const path = join(dir, key);
  if (!existsSync(path)) return undefined;
  try {
    const read = readCache((section) => readEntryFile(path, section));
    return read && { css: read.css, js: read.js, files: read.files, prebuilt: true };
  } catch {
    return undefined;
  }
}

/** Stores built assets as the prebuilt entry for `key` (scripts/compile.mjs, for the built-in theme at base path `/`). */
export function writePrebuiltAssets(dir: string, assets: ThemeAssets, key: string): void {
  writeEntryFile(join(dir, key), [JSON.stringify(manifestOf(assets)), Buffer.concat(assets.files.map((f) => f.contents))]);
}

/** The key the asset cache files these options' theme under, or undefined when there is no theme to build. */
export function themeAssetsKey(options: Pick<ThemeAssetsOptions, 'templatesDir' | 'basePath'>): string | undefined {
  const effective = effectiveAssets(options.templatesDir);
  const sources = [...effective.keys()].sort();
  if (!sources.includes(CSS_ENTRY) && !SCRIPT_ENTRIES.some((name) => sources.includes(name))) return undefined;
  return sourceHash(effective, sources, [ASSET_PIPELINE_VERSION, readViteVersion(), options.basePath]);
}

function readCache(get: (section: number) => Buffer | undefined): ThemeAssets | undefined {
  const head = get(0);
  const blob = head && get(1);
  if (!head || !blob) return undefined;
  try {
    const manifest = JSON.parse(head.toString('utf8')) as CachedManifest;
    let offset = 0;
    const files = manifest.files.map(({ file, length }) => {
      const contents = new Uint8Array(blob.subarray(offset, offset + length));
      offset += length;
      return { file, contents };
    });
    if (offset !== blob.length) return undefined;
    return { css: manifest.css, js: manifest.js, files, fromCache: true };
  } catch {
    // Written by this code, so never expected; rebuilt rather than trusted all the same.
    return undefined;
  }
}

/**
 * One entry: the manifest, then the files' contents. A failure to write it (a read-only disk) only
 * means the next build runs Vite again.
 */
function writeCache(ns: Namespace, key: string, assets: ThemeAssets): void {
  ns.put(key, JSON.stringify(manifestOf(assets)), Buffer.concat(assets.files.map((f) => f.contents)));
}

function manifestOf(assets: ThemeAssets): CachedManifest {
  return {
    css: assets.css,
    js: assets.js,
    files: assets.files.map(({ file, contents }) => ({ file, length: contents.byteLength })),
  };
}

function collectOutputs(result: unknown): OutputItem[] {
  const outputs = Array.isArray(result) ? result : [result];
  const items: OutputItem[] = [];
  for (const out of outputs) {
    const list = (out as { output?: unknown }).output;
    if (Array.isArray(list)) items.push(...(list as OutputItem[]));
  }
  return items;
}

function textOf(item: OutputItem): string {
  const data = item.type === 'chunk' ? item.code : item.source;
  return typeof data === 'string' ? data : new TextDecoder().decode(data);
}

function bytesOf(item: OutputItem): Uint8Array {
  const data = item.type === 'chunk' ? item.code : item.source;
  return typeof data === 'string' ? new TextEncoder().encode(data) : new Uint8Array(data ?? new Uint8Array());
}

function assetDiagnostic(error: unknown, root: string, entry: string, original: (file: string) => string): Diagnostic {
  // Rolldown wraps plugin errors in one error with an `errors` list; the first names the file.
  interface BuildError { message?: string; reason?: string; id?: string; loc?: { file?: string; line?: number; column?: number } }
  const outer = error as BuildError & { errors?: BuildError[] };
  const err = outer.errors?.[0] ?? outer;
  const file = original(err.loc?.file ?? err.id?.replace(/\?.*$/, '') ?? entry);
  const reason = err.reason ?? (err.message ?? String(error)).split('\n')[0]!.replace(/^\[[^\]]*\]\s*(\S+:\d+:\d+:\s*)?/, '');
  const diagnostic: Diagnostic = {
    severity: 'error',
    code: 'asset-build-failed',
    message: `The theme assets could not be built: ${reason}.`.replace(/\.\.$/, '.'),
    file: relative(root, file).split(sep).join('/'),
    hint: 'Fix the stylesheet or script under templates/assets/ named here; Vite reported the error.',
  };
  if (err.loc?.line !== undefined) diagnostic.line = err.loc.line;
  // Rolldown columns are 0-based; ours are 1-based.
  if (err.loc?.column !== undefined) diagnostic.column = err.loc.column + 1;
  return diagnostic;
}
