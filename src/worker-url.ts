import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Workers cannot load TypeScript. Compiled, a module sits beside its worker in lib/; run from src/
 * (Vitest), this maps it to its compiled copy in lib/, so the worker is the compiled one either way.
 */
export function compiledUrl(moduleUrl: string): string {
  return moduleUrl.endsWith('.ts') ? moduleUrl.replace(/\/src\/(?!.*\/src\/)/u, '/lib/').replace(/\.ts$/u, '.js') : moduleUrl;
}

/**
 * The worker script `name` beside the compiled copy of the module at `moduleUrl`. In the CLI's
 * bundle (lib/bundle/, scripts/compile.mjs) each worker is an entry of that name beside the chunks.
 */
export function workerUrl(moduleUrl: string, name: string): URL {
  return new URL(`./${name}`, compiledUrl(moduleUrl));
}

/**
 * The compiled lib/ folder (src/ when run from source), from the URL of any of its modules: one
 * in lib/, in a folder of it, or in the CLI's bundle under lib/bundle/, whose modules all share
 * their chunk's URL. The nearest enclosing folder of that name is Hashmark's own.
 */
export function codeDirOf(moduleUrl: string): string {
  const file = fileURLToPath(moduleUrl);
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const name = path.basename(dir);
    if (name === 'lib' || name === 'src') return dir;
    if (path.dirname(dir) === dir) return path.dirname(file);
  }
}

/** The compiled lib/ folder as a file URL ending in a slash, whatever runs (see codeDirOf). */
export function compiledLibUrl(moduleUrl: string): URL {
  return pathToFileURL(`${codeDirOf(compiledUrl(moduleUrl))}${path.sep}`);
}

/** Hashmark's package folder (above lib/ and src/), where package.json, templates/ and public/ are. */
export function packageDirOf(moduleUrl: string): string {
  return path.dirname(codeDirOf(moduleUrl));
}
