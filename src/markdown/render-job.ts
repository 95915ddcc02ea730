import type { Diagnostic } from '../diagnostics.js';
import { hasErrors } from '../diagnostics.js';
import { namespaceIn, writeEntry } from './render-cache.js';
import type { EntryMeta, StoredDiagnostic } from './render-cache.js';
import type { MarkdownRenderer, RenderInput } from './types.js';

/** One post to render, as sent to a worker. */
export interface RenderJob extends RenderInput {
  index: number;
  /** Render-cache entry key. */
  key: string;
  /** The body's length when known without reading it (for the time limit). */
  bodyLength?: number;
}

/** What rendering one post yields, as sent back from a worker. */
export interface RenderOutcome {
  index: number;
  meta: EntryMeta;
  diagnostics: Diagnostic[];
  /** The HTML when it is not in the cache (no cache, a failed write, or a failed post). */
  html: string | null;
}

/** Renders one post and, when `root` (the render namespace's folder) is set and the post rendered cleanly, stores it in the cache. */
export function renderJob(renderer: MarkdownRenderer, job: RenderJob, root: string | null): RenderOutcome {
  const { value, diagnostics } = renderer.render(job);
  const { html, ...meta } = value;
  let stored = false;
  if (root !== null && !hasErrors(diagnostics)) {
    const entry = { meta, diagnostics: diagnostics.map((d) => toStored(d, job.bodyLine)) };
    stored = writeEntry(namespaceIn(root), job.key, entry, html);
  }
  return { index: job.index, meta, diagnostics, html: stored ? null : html };
}

export function toStored(d: Diagnostic, bodyLine: number): StoredDiagnostic {
  const { file: _file, ...rest } = d;
  return d.line === undefined ? rest : { ...rest, line: d.line - bodyLine + 1 };
}

export function fromStored(d: StoredDiagnostic, source: string, bodyLine: number): Diagnostic {
  const placed: Diagnostic = { ...d, file: source };
  if (d.line !== undefined) placed.line = d.line + bodyLine - 1;
  return placed;
}
