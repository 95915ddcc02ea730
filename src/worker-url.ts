/**
 * Workers cannot load TypeScript. Compiled, a module sits beside its worker in lib/; run from src/
 * (Vitest), this maps it to its compiled copy in lib/, so the worker is the compiled one either way.
 */
export function compiledUrl(moduleUrl: string): string {
  return moduleUrl.endsWith('.ts') ? moduleUrl.replace(/\/src\/(?!.*\/src\/)/u, '/lib/').replace(/\.ts$/u, '.js') : moduleUrl;
}

/** The worker script `name` beside the compiled copy of the module at `moduleUrl`. */
export function workerUrl(moduleUrl: string, name: string): URL {
  return new URL(`./${name}`, compiledUrl(moduleUrl));
}
