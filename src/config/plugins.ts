import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { contentHash } from '../cache/hash.js';
import type { Diagnostic } from '../diagnostics.js';
import { pluginFunction, type MarkdownPluginEntry, type PluginFunction, type SiteConfig } from './schema.js';

/**
 * Finds the module each Markdown plugin names, from the project root (where the blog's own
 * node_modules is), and its version. Resolved here, once, in the main thread, because the render
 * workers run from Hashmark's folder and must import the very module the project installed; the
 * version makes a plugin upgrade a new render cache key. A plugin given as a function is traced to
 * the package or file it was imported from (see {@link PluginTracer}), since a worker cannot receive it.
 * `jitiCache`: where jiti may keep the modules it transforms while tracing (false: nowhere).
 */
export async function resolveMarkdownPlugins(
  config: SiteConfig,
  root: string,
  configFile: string,
  jitiCache: string | false = false,
): Promise<Diagnostic[]> {
  const diagnostics: Diagnostic[] = [];
  let tracer: PluginTracer | undefined;
  for (const kind of ['remarkPlugins', 'rehypePlugins'] as const) {
    for (const [index, entry] of config.markdown[kind].entries()) {
      const fn = pluginFunction(entry);
      if (fn !== undefined) {
        tracer ??= new PluginTracer(root, configFile, jitiCache);
        const traced = await tracer.trace(fn);
        if (traced === undefined) {
          diagnostics.push(untraced(`markdown.${kind}[${index}]`, entry.name, tracer.lineOf(kind), configFile));
          continue;
        }
        entry.name = traced.name;
        entry.url = traced.url;
        entry.version = traced.version;
        if (traced.export !== 'default') entry.export = traced.export;
        continue;
      }
      const found = resolvePlugin(entry.name, root);
      if (typeof found === 'string') {
        diagnostics.push({
          severity: 'error',
          code: 'markdown-plugin-failed',
          message: `The Markdown plugin "${entry.name}" (markdown.${kind}) could not be found: ${found}.`,
          file: configFile,
          hint: isLocal(entry.name)
            ? 'Local plugins are paths from the project folder to a .js or .mjs file, e.g. "./plugins/remark-x.mjs".'
            : `Install it in the project: npm install --save-dev ${entry.name}.`,
        });
        continue;
      }
      entry.url = found.url;
      entry.version = found.version;
    }
  }
  return diagnostics;
}

function untraced(where: string, name: string, line: number | undefined, configFile: string): Diagnostic {
  const diagnostic: Diagnostic = {
    severity: 'error',
    code: 'config-invalid',
    message:
      `Setting "${where}" is invalid: the plugin function "${name}" does not come from an installed package ` +
      'or a .js/.mjs file of the project, and the render workers can only import a plugin from one of those.',
    file: configFile,
    hint:
      'Put the plugin in a file such as ./plugins/remark-x.mjs and import it from there, or list it by package name ' +
      '(e.g. "remark-x", installed with npm install --save-dev remark-x).',
  };
  if (line !== undefined) diagnostic.line = line;
  return diagnostic;
}

interface Traced {
  /** The package name (or subpath) or the local path, as site.config.ts would name it. */
  name: string;
  url: string;
  version: string;
  /** The module's export that is the function. */
  export: string;
}

type Namespace = Record<string, unknown>;

/**
 * Finds where a plugin function was imported from. Candidates, in order: what site.config.ts
 * imports, then the project's dependencies and devDependencies of the unified family (names with
 * remark or rehype first), for a plugin the config imports through a file of its own.
 * Each is imported as the workers will import it and matched by identity, else by name and source
 * text. site.config.ts is loaded through jiti, which transpiles ESM dependencies into a second
 * instance whose source text differs (imports rewritten), so as a last resort each candidate is
 * loaded through jiti from the config's folder, as the config loaded it, and matched by text there.
 */
class PluginTracer {
  private candidates: string[] | undefined;
  private readonly native = new Map<string, Promise<{ found: Traced; mod: Namespace } | undefined>>();
  private readonly transpiled = new Map<string, Promise<Namespace | undefined>>();
  private readonly configPath: string;
  private readonly text: string;

  constructor(
    private readonly root: string,
    configFile: string,
    private readonly jitiCache: string | false,
  ) {
    this.configPath = path.resolve(root, configFile);
    this.text = existsSync(this.configPath) ? readFileSync(this.configPath, 'utf8') : '';
  }

  async trace(fn: PluginFunction): Promise<Traced | undefined> {
    const candidates = this.list();
    for (const spec of candidates) {
      const loaded = await this.importNative(spec);
      const key = loaded && (exportIs(loaded.mod, (v) => v === fn) ?? exportIs(loaded.mod, (v) => sameSource(v, fn)));
      if (loaded && key !== undefined) return { ...loaded.found, export: key };
    }
    for (const spec of candidates) {
      const loaded = await this.importNative(spec);
      if (!loaded) continue;
      const mod = await this.importTranspiled(spec);
      const key = mod && exportIs(mod, (v) => sameSource(v, fn));
      // The worker imports the native module: the export must be there too.
      if (key !== undefined && typeof loaded.mod[key] === 'function') return { ...loaded.found, export: key };
    }
    return undefined;
  }

  /** The line of the `remarkPlugins:` / `rehypePlugins:` key in site.config.ts, when there is one. */
  lineOf(kind: string): number | undefined {
    const index = this.text.split('\n').findIndex((l) => new RegExp(`\\b${kind}\\s*:`).test(l));
    return index === -1 ? undefined : index + 1;
  }

  private list(): string[] {
    if (this.candidates) return this.candidates;
    const imported: string[] = [];
    for (const match of this.text.matchAll(IMPORT_SPECIFIER)) {
      const spec = match[2] ?? match[3];
      if (spec && !spec.startsWith('node:') && !NOT_PLUGINS.has(spec)) imported.push(spec);
    }
    let deps: string[] = [];
    try {
      const pkg = JSON.parse(readFileSync(path.join(this.root, 'package.json'), 'utf8')) as Record<string, unknown>;
      for (const field of ['dependencies', 'devDependencies']) {
        const list = pkg[field];
        if (list && typeof list === 'object') deps.push(...Object.keys(list));
      }
    } catch {
      // No (readable) package.json: only the config's own imports are candidates.
    }
    // Only the unified family: importing every dependency (bundlers, browsers) would be slow and run their side effects.
    deps = deps.filter((d) => PLUGIN_FAMILY.test(d) && !d.startsWith('@types/')).sort((a, b) => likely(a) - likely(b));
    return (this.candidates = [...new Set([...imported, ...deps])]);
  }

  private importNative(spec: string): Promise<{ found: Traced; mod: Namespace } | undefined> {
    let pending = this.native.get(spec);
    if (!pending) {
      pending = (async () => {
        const resolved = resolveLocalOrPackage(spec, this.root);
        if (resolved === undefined) return undefined;
        try {
          const mod = (await import(resolved.url)) as Namespace;
          return { found: { name: resolved.name, url: resolved.url, version: resolved.version, export: 'default' }, mod };
        } catch {
          return undefined;
        }
      })();
      this.native.set(spec, pending);
    }
    return pending;
  }

  private importTranspiled(spec: string): Promise<Namespace | undefined> {
    let pending = this.transpiled.get(spec);
    if (!pending) {
      pending = (async () => {
        try {
          const { createJiti } = await import('jiti');
          // The same loader and options as loadConfig, from the config's path: the same transpiled source.
          const jiti = createJiti(this.configPath, { moduleCache: false, fsCache: this.jitiCache });
          return (await jiti.import(spec)) as Namespace;
        } catch {
          return undefined;
        }
      })();
      this.transpiled.set(spec, pending);
    }
    return pending;
  }
}

/** Static imports, re-exports and dynamic imports with a literal specifier. */
const IMPORT_SPECIFIER = /(?:\bfrom\s*|\bimport\s*)(['"])([^'"\n]+)\1|\bimport\s*\(\s*(?:['"])([^'"\n]+)['"]\s*\)/g;
const NOT_PLUGINS = new Set(['hashmark', 'typescript', 'jiti']);
const PLUGIN_FAMILY = /remark|rehype|unified|mdast|hast|micromark/;
const likely = (name: string) => (/remark|rehype/.test(name) ? 0 : 1);

/** A candidate as the workers would import it; a local import may leave out its .mjs/.js extension, as jiti allows. */
function resolveLocalOrPackage(spec: string, root: string): { name: string; url: string; version: string } | undefined {
  const tries = isLocal(spec) && path.extname(spec) === '' ? [`${spec}.mjs`, `${spec}.js`] : [spec];
  for (const name of tries) {
    if (isLocal(name) && !/\.(m?js|cjs)$/.test(name)) continue;
    const found = resolvePlugin(name, root);
    if (typeof found !== 'string') return { name, ...found };
  }
  return undefined;
}

/** The first export (`default`, then named ones) that passes `test`. */
function exportIs(mod: Namespace, test: (value: unknown) => boolean): string | undefined {
  const keys = ['default', ...Object.keys(mod).filter((k) => k !== 'default' && k !== '__esModule')];
  for (const key of keys) {
    let value: unknown;
    try {
      value = mod[key];
    } catch {
      continue;
    }
    if (typeof value === 'function' && test(value)) return key;
  }
  return undefined;
}

/** Same name and source text; native and bound functions all read `[native code]`, so they never match this way. */
function sameSource(value: unknown, fn: PluginFunction): boolean {
  if (typeof value !== 'function' || value.name !== fn.name) return false;
  const text = Function.prototype.toString.call(fn);
  return !text.includes('[native code]') && Function.prototype.toString.call(value) === text;
}

function isLocal(name: string): boolean {
  return name.startsWith('./') || name.startsWith('../') || path.isAbsolute(name);
}

function resolvePlugin(name: string, root: string): { url: string; version: string } | string {
  if (isLocal(name)) {
    const file = path.resolve(root, name);
    if (!existsSync(file)) return `there is no file ${file}`;
    // Only the file itself is hashed: a local plugin that imports other local files must be edited (or renamed) when they change.
    return { url: pathToFileURL(file).href, version: `file-${contentHash(readFileSync(file))}` };
  }
  const parts = name.split('/');
  const pkgName = name.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  const subpath = `.${name.slice(pkgName.length)}`;
  for (let dir = path.resolve(root); ; dir = path.dirname(dir)) {
    const pkgDir = path.join(dir, 'node_modules', pkgName);
    const manifest = path.join(pkgDir, 'package.json');
    if (existsSync(manifest)) {
      let pkg: { version?: unknown; exports?: unknown; main?: unknown };
      try {
        pkg = JSON.parse(readFileSync(manifest, 'utf8')) as typeof pkg;
      } catch {
        return `${manifest} is not valid JSON`;
      }
      const target = entryOf(pkg, subpath);
      if (target === undefined) return `the package does not export "${subpath}"`;
      const file = path.resolve(pkgDir, target);
      if (!existsSync(file)) return `its entry ${file} does not exist`;
      return { url: pathToFileURL(file).href, version: String(pkg.version ?? 'unknown') };
    }
    if (dir === path.dirname(dir)) return 'it is not installed in the project';
  }
}

/** The file an ESM `import` of the package (or subpath) loads: `exports` with the import/node/default conditions, else `main`. */
function entryOf(pkg: { exports?: unknown; main?: unknown }, subpath: string): string | undefined {
  const { exports } = pkg;
  if (exports === undefined || exports === null) {
    if (subpath !== '.') return subpath;
    return typeof pkg.main === 'string' ? pkg.main : 'index.js';
  }
  const isMap = typeof exports === 'object' && !Array.isArray(exports) && Object.keys(exports).some((k) => k.startsWith('.'));
  const target = isMap ? (exports as Record<string, unknown>)[subpath] : subpath === '.' ? exports : undefined;
  return pick(target);
}

function pick(target: unknown): string | undefined {
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) {
    for (const t of target) {
      const found = pick(t);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (target && typeof target === 'object') {
    for (const [condition, value] of Object.entries(target as Record<string, unknown>)) {
      if (condition === 'import' || condition === 'node' || condition === 'default') {
        const found = pick(value);
        if (found !== undefined) return found;
      }
    }
  }
  return undefined;
}

export type { MarkdownPluginEntry };
