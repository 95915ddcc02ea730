import type { Plugin, Processor } from 'unified';
import type { JsonValue } from '../config/schema.js';
import type { MarkdownOptions, MarkdownPlugin } from './types.js';

/** A user plugin's module, imported. */
export interface LoadedPlugin {
  name: string;
  attacher: Plugin;
  options?: JsonValue;
}

export interface LoadedPlugins {
  remark: LoadedPlugin[];
  rehype: LoadedPlugin[];
}

export const NO_PLUGINS: LoadedPlugins = Object.freeze({ remark: [], rehype: [] });

/** An error from (or about) one user plugin: the message names it, and the post when it failed on one. */
export class MarkdownPluginError extends Error {
  constructor(
    readonly plugin: string,
    readonly during: 'load' | 'setup' | 'render',
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(reason.split('\n')[0]!.slice(0, 300).replace(/\.$/u, ''));
  }
}

/**
 * Imports a module by URL. Code compiled with V8's code cache (code-cache.ts) cannot call `import()`
 * itself (Node gives it no loader), so the thread that loaded it passes its own.
 */
export type ModuleImporter = (url: string) => Promise<unknown>;

/** Imports every user plugin (in a worker, or in the thread that renders); the first that cannot be loaded is thrown as a {@link MarkdownPluginError}. */
export async function loadPlugins(
  options: Pick<MarkdownOptions, 'remarkPlugins' | 'rehypePlugins'>,
  importModule: ModuleImporter = (url) => import(url),
): Promise<LoadedPlugins> {
  if (options.remarkPlugins.length === 0 && options.rehypePlugins.length === 0) return NO_PLUGINS;
  const load = async (plugin: MarkdownPlugin): Promise<LoadedPlugin> => {
    // A function traced to a named export is named by it too, so messages say which one.
    const name = plugin.export === undefined ? plugin.name : `${plugin.name} (export ${plugin.export})`;
    let mod: Record<string, unknown>;
    try {
      mod = (await importModule(plugin.url)) as Record<string, unknown>;
    } catch (error) {
      throw new MarkdownPluginError(name, 'load', error);
    }
    const attacher = mod[plugin.export ?? 'default'];
    if (typeof attacher !== 'function') {
      const which = plugin.export === undefined ? 'default export' : `export "${plugin.export}"`;
      throw new MarkdownPluginError(name, 'load', `its module has no ${which} that is a plugin function`);
    }
    const loaded: LoadedPlugin = { name, attacher: attacher as Plugin };
    if (plugin.options !== undefined) loaded.options = plugin.options;
    return loaded;
  };
  return {
    remark: await Promise.all(options.remarkPlugins.map(load)),
    rehype: await Promise.all(options.rehypePlugins.map(load)),
  };
}

type Transformer = (this: unknown, tree: unknown, file: unknown, next?: (error?: unknown, tree?: unknown) => void) => unknown;

/**
 * The plugin with every failure named: its attacher's (when the processor is built) and its
 * transformer's (per post). Hashmark runs the pipeline synchronously, so an asynchronous
 * transformer is reported as such instead of unified's anonymous "finished async".
 */
export function named(plugin: LoadedPlugin): Plugin {
  const { name, attacher } = plugin;
  return function (this: Processor, ...args: unknown[]) {
    let transformer: unknown;
    try {
      transformer = (attacher as (this: Processor, ...a: unknown[]) => unknown).apply(this, args);
    } catch (error) {
      throw new MarkdownPluginError(name, 'setup', error);
    }
    if (typeof transformer !== 'function') return transformer as undefined;
    const inner = transformer as Transformer;
    return function (this: unknown, tree: unknown, file: unknown): unknown {
      let result: unknown;
      try {
        if (inner.length > 2) {
          let done = false;
          let failed: unknown;
          inner.call(this, tree, file, (error, next) => {
            done = true;
            failed = error;
            result = next;
          });
          if (!done) throw new Error('it finished asynchronously; Hashmark runs Markdown plugins synchronously');
          if (failed) throw failed;
        } else {
          result = inner.call(this, tree, file);
        }
      } catch (error) {
        throw new MarkdownPluginError(name, 'render', error);
      }
      if (result instanceof Promise || (typeof result === 'object' && result !== null && 'then' in result)) {
        throw new MarkdownPluginError(name, 'render', 'it returned a promise; Hashmark runs Markdown plugins synchronously');
      }
      return result;
    } as Plugin;
  } as Plugin;
}
