import type { Root } from 'hast';
import { VFile } from 'vfile';
import type { Diagnostic, Result } from '../diagnostics.js';
import { emptyBody } from './empty-body.js';
import { findExcessiveNesting, MAX_NESTING } from './nesting.js';
import { resolveMarkdownOptions } from './options.js';
import { featuresOf } from './features.js';
import { loadPlugins, MarkdownPluginError, NO_PLUGINS, type LoadedPlugins, type ModuleImporter } from './plugins.js';
import { createProcessor, type BodyProcessor } from './processor.js';
import { readTree } from './read-tree.js';
import type { MarkdownOptions, MarkdownRenderer, RenderedBody, RenderInput } from './types.js';

/**
 * A renderer with the options' user plugins imported (they load asynchronously, so this is how a
 * worker or the rendering thread makes one). When a plugin cannot be loaded or set up, the
 * renderer's `setupError` says which, and every post it renders fails with that error.
 */
export async function loadMarkdownRenderer(options: MarkdownOptions, importModule?: ModuleImporter): Promise<MarkdownRenderer> {
  const resolved = resolveMarkdownOptions(options);
  try {
    return createMarkdownRenderer(resolved, await loadPlugins(resolved, importModule));
  } catch (error) {
    if (!(error instanceof MarkdownPluginError)) throw error;
    const setupError: Omit<Diagnostic, 'file'> = {
      severity: 'error',
      code: 'markdown-plugin-failed',
      message: `The Markdown plugin "${error.plugin}" could not be ${error.during === 'load' ? 'loaded' : 'set up'}: ${error.message}.`,
      hint: 'Check the plugin\'s name and options in site.config.ts (markdown.remarkPlugins / markdown.rehypePlugins), or remove it.',
    };
    return {
      options: resolved,
      setupError,
      render: (post) => ({ value: emptyBody(), diagnostics: [{ ...setupError, file: post.source }] }),
    };
  }
}

/** `plugins`: the options' user plugins, imported (see {@link loadMarkdownRenderer}); none by default. */
export function createMarkdownRenderer(options: MarkdownOptions, plugins: LoadedPlugins = NO_PLUGINS): MarkdownRenderer {
  const resolved = resolveMarkdownOptions(options);
  if (plugins === NO_PLUGINS && resolved.remarkPlugins.length + resolved.rehypePlugins.length > 0) {
    throw new Error('The options name Markdown plugins: make the renderer with loadMarkdownRenderer, which imports them.');
  }
  const processor = createProcessor(resolved, plugins);
  // The math processor parses `$` differently; it is made on the first post that has one.
  let mathProcessor: BodyProcessor | undefined;
  return {
    options: resolved,
    render(post: RenderInput): Result<RenderedBody> {
      const deep = findExcessiveNesting(post.body);
      if (deep) {
        return failure(post, {
          code: 'markdown-too-deep',
          line: post.bodyLine + deep.line - 1,
          message: `Blockquotes or lists nest more than ${MAX_NESTING} levels deep, so the post is not rendered.`,
          hint: 'Flatten the nesting; no reader can follow it anyway.',
        });
      }
      const features = featuresOf(post.body);
      const file = new VFile({ value: post.body, data: { title: post.title, features } });
      try {
        const chosen = features.math ? (mathProcessor ??= createProcessor(resolved, plugins, true)) : processor;
        const tree = chosen.runSync(chosen.parse(file), file) as Root;
        const facts = readTree(tree, resolved);
        const html = chosen.stringify(tree, file);
        return { value: { html, ...facts }, diagnostics: messagesOf(file, post) };
      } catch (error) {
        if (error instanceof MarkdownPluginError) {
          return failure(post, {
            code: 'markdown-plugin-failed',
            message: `The Markdown plugin "${error.plugin}" failed on this post: ${error.message}.`,
            hint: 'The other posts rendered. Change what the plugin trips over in this post, or the plugin\'s options in site.config.ts.',
          });
        }
        return failure(post, {
          code: 'markdown-failed',
          message: `Rendering the Markdown failed: ${describe(error)}.`,
          hint: 'Simplify the construct the message names; if the post looks ordinary, report it as a Hashmark bug.',
        });
      }
    },
  };
}

/** Plugin messages become diagnostics on the post's file, at the file line (not the body line). */
function messagesOf(file: VFile, post: RenderInput): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const message of file.messages) {
    const line = message.line === undefined ? undefined : post.bodyLine + message.line - 1;
    const base = { severity: 'warning' as const, file: post.source, ...(line === undefined ? {} : { line }) };
    if (message.ruleId === 'missing-language') {
      const lang = /`([^`]*)`/u.exec(message.reason)?.[1] ?? '';
      out.push({
        ...base,
        code: 'unknown-language',
        ...(message.column === undefined ? {} : { column: message.column }),
        message: `The code block language \`${lang}\` is not one the highlighter knows, so it is shown as plain text.`,
        hint: 'Use a highlight.js language name or alias (e.g. `ts`, `sh`, `yaml`), or `text` for no highlighting.',
      });
    } else if (message.source === 'rehype-katex') {
      const cause = message.cause instanceof Error ? message.cause.message.split('\n')[0]!.replace(/^KaTeX parse error: /u, '') : '';
      out.push({
        ...base,
        code: 'math-error',
        message: `The formula is not valid TeX${cause ? `: ${cause}` : ''}; its source is shown instead.`,
        hint: 'Check the TeX between the dollar signs; write \\$ for a literal dollar sign.',
      });
    } else if (message.ruleId === 'removed-html' || message.ruleId === 'embed-missing-title') {
      out.push({
        ...base,
        code: message.ruleId,
        ...(message.column === undefined ? {} : { column: message.column }),
        message: message.reason,
        hint:
          message.ruleId === 'removed-html'
            ? 'Remove it, allow its origin in `embeds` (iframes), or extend `markdown.sanitize` in site.config.ts; `rawHtml: "trusted"` turns sanitising off.'
            : 'Add a title="…" that says what the frame shows.',
      });
    } else if (message.ruleId === 'duplicate-heading-id') {
      out.push({
        ...base,
        code: 'duplicate-heading-id',
        message: message.reason,
        hint: 'Give each heading its own {#id}: links to the repeated one go to the first heading.',
      });
    } else if (message.ruleId === 'missing-alt') {
      out.push({
        ...base,
        code: 'missing-alt',
        ...(message.column === undefined ? {} : { column: message.column }),
        message: message.reason,
        hint: 'Describe the image in the brackets: ![what it shows](src).',
      });
    }
  }
  return out;
}

function failure(post: RenderInput, d: Omit<Diagnostic, 'severity' | 'file'>): Result<RenderedBody> {
  return { value: emptyBody(), diagnostics: [{ severity: 'error', file: post.source, ...d }] };
}

function describe(error: unknown): string {
  if (error instanceof RangeError) return 'it nests too deeply to render';
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.slice(0, 200).replace(/\.$/u, '');
}
