import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { contentHash } from '../cache/hash.js';
import type { Diagnostic } from '../diagnostics.js';
import type { MarkdownPluginEntry, SiteConfig } from './schema.js';

/**
 * Finds the module each Markdown plugin names, from the project root (where the blog's own
 * node_modules is), and its version. Resolved here, once, in the main thread, because the render
 * workers run from Hashmark's folder and must import the very module the project installed; the
 * version makes a plugin upgrade a new render cache key.
 */
export function resolveMarkdownPlugins(config: SiteConfig, root: string, configFile: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const kind of ['remarkPlugins', 'rehypePlugins'] as const) {
    for (const entry of config.markdown[kind]) {
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
