import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import type { Diagnostic, Result } from '../diagnostics.js';
import type { ThemeAssets, ThemeAssetsOptions } from './types.js';

/** Bump when the way assets are built changes, so old cache entries are not reused. */
const ASSET_PIPELINE_VERSION = '1';

/** Entry files looked for in `templates/assets/`, in this order; each becomes one hashed output. */
const CSS_ENTRY = 'theme.css';
const SCRIPT_ENTRIES = ['theme.ts', 'theme.js'];

interface CachedManifest {
  css: string[];
  js: string[];
  files: string[];
}

interface OutputItem {
  type: 'asset' | 'chunk';
  fileName: string;
  source?: string | Uint8Array;
  code?: string;
}

/**
 * Builds the theme's client files (templates/assets/theme.css, and theme.ts or theme.js when
 * present) with Vite into content-hashed files such as `assets/theme-1a2b3c4d.css`.
 *
 * Starting Vite costs hundreds of milliseconds, so the result is kept in
 * `<cacheDir>/assets/<hash>/`, keyed by every file under templates/assets, the Vite version and the
 * base path; an unchanged theme is returned from there without loading Vite (`fromCache: true`).
 */
export async function buildThemeAssets(options: ThemeAssetsOptions): Promise<Result<ThemeAssets>> {
  const assetsDir = join(options.templatesDir, 'assets');
  const empty: ThemeAssets = { css: [], js: [], files: [] };
  if (!existsSync(assetsDir)) return { value: empty, diagnostics: [] };

  const sources = listFiles(assetsDir);
  const cssEntry = sources.includes(CSS_ENTRY) ? CSS_ENTRY : undefined;
  const scriptEntry = SCRIPT_ENTRIES.find((name) => sources.includes(name));
  if (!cssEntry && !scriptEntry) return { value: empty, diagnostics: [] };

  const viteVersion = readViteVersion();
  const key = sourceHash(assetsDir, sources, [ASSET_PIPELINE_VERSION, viteVersion, options.basePath]);
  const cacheEntry = options.cacheDir === null ? null : join(options.cacheDir, 'assets', key);
  if (cacheEntry) {
    const cached = readCache(cacheEntry);
    if (cached) return { value: cached, diagnostics: [] };
  }

  const input: Record<string, string> = {};
  if (cssEntry) input.theme = join(assetsDir, cssEntry);
  // Same name for both entries would collide in the manifest's `name`; the script gets its own.
  if (scriptEntry) input['theme-script'] = join(assetsDir, scriptEntry);

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
    return { value: empty, diagnostics: [assetDiagnostic(error, options.root, join(assetsDir, cssEntry ?? scriptEntry ?? ''))] };
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
  const files = outputs
    .filter((o) => !o.fileName.startsWith('.vite/'))
    .map((o) => ({ file: o.fileName, contents: bytesOf(o) }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const value: ThemeAssets = { css, js, files };
  if (cacheEntry) writeCache(cacheEntry, value);
  return { value, diagnostics: [] };
}

function listFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Array<{ name: string; parentPath: string; isFile(): boolean }>)
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

function sourceHash(dir: string, files: string[], extra: string[]): string {
  const hash = createHash('sha256');
  for (const part of extra) hash.update(`${part}\0`);
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(dir, file)));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 32);
}

function readViteVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('vite/package.json') as { version: string }).version;
}

function readCache(dir: string): ThemeAssets | undefined {
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) return undefined;
  try {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as CachedManifest;
    const files = manifest.files.map((file) => ({ file, contents: new Uint8Array(readFileSync(join(dir, 'files', file))) }));
    return { css: manifest.css, js: manifest.js, files, fromCache: true };
  } catch {
    // A damaged entry is rebuilt, never trusted.
    return undefined;
  }
}

/** Writes the entry into a temporary folder and renames it into place, so readers never see half of one. */
function writeCache(dir: string, assets: ThemeAssets): void {
  const temp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  try {
    for (const { file, contents } of assets.files) {
      const path = join(temp, 'files', file);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, contents);
    }
    const manifest: CachedManifest = { css: assets.css, js: assets.js, files: assets.files.map((f) => f.file) };
    writeFileSync(join(temp, 'manifest.json'), JSON.stringify(manifest));
    mkdirSync(dirname(dir), { recursive: true });
    renameSync(temp, dir);
  } catch {
    // The cache is an optimisation: failing to fill it (another build won the race, a read-only
    // disk) only means the next build runs Vite again.
    rmSync(temp, { recursive: true, force: true });
  }
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

function assetDiagnostic(error: unknown, root: string, entry: string): Diagnostic {
  // Rolldown wraps plugin errors in one error with an `errors` list; the first names the file.
  interface BuildError { message?: string; reason?: string; id?: string; loc?: { file?: string; line?: number; column?: number } }
  const outer = error as BuildError & { errors?: BuildError[] };
  const err = outer.errors?.[0] ?? outer;
  const file = err.loc?.file ?? err.id?.replace(/\?.*$/, '') ?? entry;
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
