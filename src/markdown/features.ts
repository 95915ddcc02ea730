import type { Element, ElementContent, Root, RootContent } from 'hast';
import type { VFile } from 'vfile';
import { walk } from './hast-fixes.js';

/**
 * Hashmark's built-in Markdown features. Each runs only on posts whose source holds its marker
 * (see {@link featuresOf}), so a post using none of them renders exactly as before, at no cost.
 */
export interface Features {
  math: boolean;
  alerts: boolean;
  code: boolean;
  mermaid: boolean;
}

/** Cheap pre-checks on the Markdown source: a feature can only be present where its marker is. */
export function featuresOf(body: string): Features {
  const code = body.includes('```') || body.includes('~~~');
  return {
    math: body.includes('$'),
    alerts: body.includes('[!'),
    code,
    mermaid: code && /mermaid/iu.test(body),
  };
}

export function featuresIn(file: VFile): Features {
  return (file.data as { features?: Features }).features ?? { math: false, alerts: false, code: false, mermaid: false };
}

const ALERTS: Record<string, string> = { NOTE: 'Note', TIP: 'Tip', IMPORTANT: 'Important', WARNING: 'Warning', CAUTION: 'Caution' };
const ALERT_MARKER = /^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*(?:\r?\n|$)/iu;

/**
 * GitHub's alerts (`> [!NOTE]` on its own line opening a blockquote). The blockquote stays a
 * blockquote, titled by a paragraph of text: feed readers, which drop the theme's classes, show a
 * quote that starts with "Note", and screen readers read the title as text.
 */
export function rehypeAlerts() {
  return (tree: Root, file: VFile): void => {
    if (!featuresIn(file).alerts) return;
    walk(tree, (node) => {
      if (node.tagName !== 'blockquote') return;
      const first = node.children.find((c): c is Element => c.type === 'element');
      const text = first?.tagName === 'p' ? first.children[0] : undefined;
      if (!first || text?.type !== 'text') return;
      const match = ALERT_MARKER.exec(text.value);
      if (!match) return;
      const kind = match[1]!.toUpperCase();
      text.value = text.value.slice(match[0].length);
      if (text.value === '') first.children.shift();
      if (first.children.length === 0) node.children.splice(node.children.indexOf(first), 1);
      const name = kind.toLowerCase();
      node.properties.className = ['markdown-alert', `markdown-alert-${name}`];
      const title: Element = {
        type: 'element',
        tagName: 'p',
        properties: { className: ['markdown-alert-title'] },
        children: [{ type: 'text', value: ALERTS[kind]! }],
      };
      node.children.unshift({ type: 'text', value: '\n' }, title);
    });
  };
}

const LINES = /\{([\d\s,-]+)\}/u;
const TITLE = /\btitle=(?:"([^"]*)"|'([^']*)'|(\S+))/u;

/** The fence's meta (```` ```ts title="app.ts" {1,3-5} ````): its file name and highlighted lines. */
export function parseMeta(meta: string): { title?: string; lines: Set<number> } {
  const out: { title?: string; lines: Set<number> } = { lines: new Set() };
  const title = TITLE.exec(meta);
  if (title) out.title = title[1] ?? title[2] ?? title[3]!;
  const ranges = LINES.exec(meta.replace(TITLE, ''))?.[1] ?? '';
  for (const part of ranges.split(',')) {
    const [from, to] = part.trim().split('-').map((n) => Number.parseInt(n, 10));
    if (from === undefined || Number.isNaN(from)) continue;
    const last = to === undefined || Number.isNaN(to) ? from : Math.min(to, from + 10_000);
    for (let n = from; n <= last; n++) out.lines.add(n);
  }
  return out;
}

/**
 * Fenced code blocks with a language or a file name get a header (file name, language label) in a
 * `div.code-block`; the theme's script adds the copy button there, so none shows without script.
 * Highlighted lines are wrapped in `span.code-line-highlight`. Mermaid blocks become
 * `pre.mermaid`, their source readable as text until the theme's script draws them.
 */
export function rehypeCodeBlocks() {
  return (tree: Root, file: VFile): void => {
    const features = featuresIn(file);
    if (!features.code) return;
    const visit = (parent: Root | Element): void => {
      parent.children.forEach((child, index) => {
        if (child.type !== 'element') return;
        const code = child.tagName === 'pre' ? child.children.find((c): c is Element => c.type === 'element' && c.tagName === 'code') : undefined;
        if (!code) {
          visit(child);
          return;
        }
        const lang = languageOf(code);
        if (features.mermaid && lang === 'mermaid') {
          parent.children[index] = {
            type: 'element',
            tagName: 'pre',
            properties: { className: ['mermaid'] },
            children: [{ type: 'text', value: textOf(code).replace(/\n$/u, '') }],
          };
          return;
        }
        const offset = code.position?.start.offset;
        const metaText = code.data?.meta ?? (offset === undefined ? undefined : (file.data as { codeMeta?: Map<number, string> }).codeMeta?.get(offset));
        const meta = typeof metaText === 'string' ? parseMeta(metaText) : { lines: new Set<number>() };
        if (lang === undefined && meta.title === undefined) return;
        if (meta.lines.size > 0) highlightLines(code, meta.lines);
        const header: ElementContent[] = [];
        if (meta.title !== undefined) header.push(span('code-title', meta.title));
        if (lang !== undefined) header.push(span('code-lang', lang));
        parent.children[index] = {
          type: 'element',
          tagName: 'div',
          properties: { className: ['code-block'] },
          children: [{ type: 'element', tagName: 'div', properties: { className: ['code-header'] }, children: header }, child],
        } as Element;
      });
    };
    visit(tree);
  };
}

function span(className: string, text: string): Element {
  return { type: 'element', tagName: 'span', properties: { className: [className] }, children: [{ type: 'text', value: text }] };
}

function languageOf(code: Element): string | undefined {
  const classes = Array.isArray(code.properties.className) ? code.properties.className : [];
  for (const c of classes) if (typeof c === 'string' && c.startsWith('language-')) return c.slice('language-'.length);
  return undefined;
}

function textOf(node: Element | ElementContent): string {
  if (node.type === 'text') return node.value;
  if (node.type !== 'element') return '';
  return node.children.map(textOf).join('');
}

/**
 * Splits the (already highlighted) code into lines, cloning the highlighter's spans where a line
 * break falls inside one, and wraps the chosen lines in a highlight span.
 */
function highlightLines(code: Element, chosen: Set<number>): void {
  const lines: ElementContent[][] = [[]];
  const split = (nodes: ElementContent[], wrap: (content: ElementContent[]) => ElementContent): void => {
    for (const node of nodes) {
      if (node.type === 'text') {
        const parts = node.value.split('\n');
        parts.forEach((part, i) => {
          if (i > 0) lines.push([]);
          if (part !== '') lines[lines.length - 1]!.push(wrap([{ type: 'text', value: part }]));
        });
      } else if (node.type === 'element') {
        split(node.children, (content) => wrap([{ ...node, children: content }]));
      }
    }
  };
  split(code.children, (content) => content[0]!);
  // The code ends in a line break: there is no line after it.
  if (lines.length > 1 && lines[lines.length - 1]!.length === 0) lines.pop();
  const children: ElementContent[] = [];
  lines.forEach((line, i) => {
    const content = [...line, { type: 'text', value: '\n' } as ElementContent];
    if (chosen.has(i + 1)) children.push({ type: 'element', tagName: 'span', properties: { className: ['code-line-highlight'] }, children: content });
    else children.push(...content);
  });
  code.children = children;
}

const EMBED_SANDBOX = 'allow-scripts allow-same-origin allow-presentation allow-popups';

/**
 * Iframes passed the sanitiser by name only; here each must come from an origin in `embeds`, or it
 * is removed with a `removed-html` warning. Kept ones load lazily, in a sandbox, and must have a
 * title (screen readers announce a frame by it): `embed-missing-title` otherwise.
 */
export function rehypeEmbeds(options: { embeds: string[] }) {
  const allowed = new Set(options.embeds);
  return (tree: Root, file: VFile): void => {
    if (!(file.data as { hadRaw?: boolean }).hadRaw) return;
    const drop: Array<{ parent: Root | Element; node: Element }> = [];
    const visit = (parent: Root | Element): void => {
      for (const child of parent.children) {
        if (child.type !== 'element') continue;
        if (child.tagName === 'iframe') {
          const src = typeof child.properties.src === 'string' ? child.properties.src : '';
          let origin = '';
          try {
            origin = new URL(src).origin;
          } catch {
            // No usable src: removed below.
          }
          if (!allowed.has(origin)) {
            drop.push({ parent, node: child });
            warn(file, child, 'removed-html', `An <iframe> from ${origin || 'no valid address'} was removed: its origin is not in \`embeds\`.`);
            continue;
          }
          child.properties.loading = 'lazy';
          child.properties.sandbox = EMBED_SANDBOX.split(' ');
          if (typeof child.properties.title !== 'string' || child.properties.title.trim() === '') {
            warn(file, child, 'embed-missing-title', `The <iframe> from ${origin} has no title.`);
          }
          child.children = [];
          continue;
        }
        visit(child);
      }
    };
    visit(tree);
    for (const { parent, node } of drop) parent.children.splice(parent.children.indexOf(node as RootContent & ElementContent), 1);
  };
}

function warn(file: VFile, node: Element, ruleId: string, reason: string): void {
  const message = file.message(reason, { place: node.position, ruleId, source: 'hashmark' });
  message.fatal = false;
}

/** Keys of the raw HTML elements (by source position) before sanitising, to tell afterwards which were removed. */
export function rehypeRecordRaw() {
  return (tree: Root, file: VFile): void => {
    if (!(file.data as { hadRaw?: boolean }).hadRaw) return;
    const seen = new Map<string, Element>();
    walk(tree, (node) => {
      const key = positionKey(node);
      if (key) seen.set(key, node);
    });
    (file.data as { rawElements?: Map<string, Element> }).rawElements = seen;
  };
}

/**
 * Compares the tree after sanitising with the one recorded before: every element that is gone gets
 * a `removed-html` warning at its line. Only elements whose parent survived are named, so a removed
 * `<form>` is one warning, not one per field.
 */
export function rehypeReportRemoved() {
  return (tree: Root, file: VFile): void => {
    const before = (file.data as { rawElements?: Map<string, Element> }).rawElements;
    if (!before) return;
    const kept = new Set<string>();
    walk(tree, (node) => {
      const key = positionKey(node);
      if (key) kept.add(key);
    });
    const gone = new Set<Element>();
    for (const [key, node] of before) if (!kept.has(key)) gone.add(node);
    for (const node of gone) {
      if (isInside(node, gone)) continue;
      warn(file, node, 'removed-html', `The raw HTML element <${node.tagName}> was removed by the sanitiser.`);
    }
  };
}

function isInside(node: Element, gone: Set<Element>): boolean {
  for (const other of gone) {
    if (other !== node && other.children.length > 0 && containsNode(other, node)) return true;
  }
  return false;
}

function containsNode(parent: Element, target: Element): boolean {
  for (const child of parent.children) {
    if (child === target) return true;
    if (child.type === 'element' && containsNode(child, target)) return true;
  }
  return false;
}

function positionKey(node: Element): string | undefined {
  const start = node.position?.start;
  return start?.offset === undefined ? undefined : `${node.tagName}@${start.offset}`;
}
