import type { Root } from 'hast';
import { VFile } from 'vfile';
import type { Diagnostic, Result } from '../diagnostics.js';
import { emptyBody } from './empty-body.js';
import { findExcessiveNesting, MAX_NESTING } from './nesting.js';
import { resolveMarkdownOptions } from './options.js';
import { createProcessor } from './processor.js';
import { readTree } from './read-tree.js';
import type { MarkdownOptions, MarkdownRenderer, RenderedBody, RenderInput } from './types.js';

export function createMarkdownRenderer(options: MarkdownOptions): MarkdownRenderer {
  const resolved = resolveMarkdownOptions(options);
  const processor = createProcessor(resolved);
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
      const file = new VFile({ value: post.body, data: { title: post.title } });
      try {
        const tree = processor.runSync(processor.parse(file), file) as Root;
        const facts = readTree(tree, resolved);
        const html = processor.stringify(tree, file);
        return { value: { html, ...facts }, diagnostics: messagesOf(file, post) };
      } catch (error) {
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
