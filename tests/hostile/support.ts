import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { fromHtml } from 'hast-util-from-html';
import type { Element, Nodes } from 'hast';
import { repoRoot } from '../support/tree.js';

export { repoRoot };

// Broken links only warn: several XSS vectors point at made-up relative URLs such as `x`.
export const SITE_CONFIG = `export default { title: 'Hostile <Site>', url: 'https://hostile.example', brokenLinks: 'warning' };\n`;

const made: string[] = [];

/** A throwaway project: `<dir>/root` holds only site.config.ts (the shipped theme is used). */
export function tempProject(prefix = 'hashmark-hostile-'): { dir: string; root: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  const root = path.join(dir, 'root');
  mkdirSync(root);
  writeFileSync(path.join(root, 'site.config.ts'), SITE_CONFIG);
  return { dir, root };
}

/** Removes every folder tempProject made in this test file (call after unmounting anything inside). */
export function removeTempProjects(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** `node bin/hashmark.js build ...` as a user runs it; never rejects. */
export function runBuild(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 120_000,
  user: { uid?: number; gid?: number } = {},
): Promise<CliRun> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/hashmark.js'), 'build', ...args], {
      env: { ...process.env, HASHMARK_DEBUG: '', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...user,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** Every entry below `dir` (links not followed): POSIX relative path → sha256 of a file, `dir`, or `link -> target`. */
export function snapshot(dir: string, skip: (rel: string) => boolean = () => false): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  const walk = (current: string, prefix: string): void => {
    for (const name of readdirSync(current).sort()) {
      const abs = path.join(current, name);
      const rel = prefix ? `${prefix}/${name}` : name;
      if (skip(rel)) continue;
      const stat = lstatSync(abs);
      if (stat.isDirectory()) {
        out[rel] = 'dir';
        walk(abs, rel);
      } else if (stat.isSymbolicLink()) out[rel] = 'link';
      else out[rel] = createHash('sha256').update(readFileSync(abs)).digest('hex');
    }
  };
  walk(dir, '');
  return out;
}

/** Runs `tasks` with at most `limit` in flight; results keep their order. */
export async function pool<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

const URL_ATTRIBUTES = ['href', 'src', 'action', 'formAction', 'xLinkHref', 'data', 'background', 'poster', 'srcSet', 'cite', 'codeBase', 'dynsrc', 'lowsrc'];
const FORBIDDEN_ELEMENTS = new Set(['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'maction', 'xss']);

/** A URL scheme that runs code or smuggles a document when followed. */
export function isDangerousUrl(value: string): boolean {
  // Browsers drop ASCII whitespace and control characters inside a scheme before matching it.
  const squashed = value.replace(/[\u0000-\u0020\u007f]/g, '').toLowerCase();
  return /^(javascript|vbscript|livescript):/.test(squashed) || /^data:(?!image\/(png|jpeg|gif|webp|avif);)/.test(squashed);
}

/**
 * Problems a browser would act on in one HTML document or fragment: scripts other than the theme's
 * own (same-site `src`, or JSON-LD holding no markup), event-handler attributes, code-running URLs,
 * frames, plugins, forms, `<base>`, `<meta http-equiv>` and CSS expressions.
 */
export function liveMarkup(html: string, where: string): string[] {
  const problems: string[] = [];
  const tree = fromHtml(html, { fragment: !/^\s*<!doctype/i.test(html) });
  const visit = (node: Nodes, inBody: boolean): void => {
    if (node.type === 'element') checkElement(node, inBody, where, problems);
    if ('children' in node) for (const child of node.children) visit(child, inBody || (node.type === 'element' && node.tagName === 'body'));
  };
  visit(tree, !/^\s*<!doctype/i.test(html));
  return problems;
}

function text(node: Element): string {
  return node.children.map((c) => (c.type === 'text' ? c.value : c.type === 'element' ? text(c) : '')).join('');
}

function checkElement(node: Element, inBody: boolean, where: string, problems: string[]): void {
  const tag = node.tagName.toLowerCase();
  const props = node.properties;
  const say = (what: string): void => {
    problems.push(`${where}: <${tag}> ${what}`);
  };
  if (tag === 'script') {
    const src = props.src;
    const type = typeof props.type === 'string' ? props.type : '';
    const body = text(node);
    if (src !== undefined) {
      if (typeof src !== 'string' || !src.startsWith('/') || src.startsWith('//') || body.trim() !== '') say(`script src=${String(src)}`);
    } else if (type === 'application/ld+json') {
      try {
        JSON.parse(body);
      } catch {
        say('JSON-LD that is not JSON (markup broke out of it)');
      }
      if (/<\/?[a-z!]/i.test(body)) say('JSON-LD holding raw markup');
    } else say(`inline script ${JSON.stringify(body.slice(0, 60))}`);
  }
  if (FORBIDDEN_ELEMENTS.has(tag)) say('element');
  // The theme's search form sends to a path of the site; any other form (content's) could post anywhere.
  if (tag === 'form' && (typeof props.action !== 'string' || !props.action.startsWith('/') || props.action.startsWith('//'))) say(`form action=${String(props.action)}`);
  // Inputs: GFM task lists' disabled checkbox and the theme's search field; never an image input (it has a src).
  const inputOk = (props.type === 'checkbox' && props.disabled === true) || props.type === 'search' || props.type === 'text';
  if (tag === 'input' && (!inputOk || props.src !== undefined)) say(`input type=${String(props.type)}`);
  if (tag === 'meta' && props.httpEquiv !== undefined) say('meta http-equiv');
  if (tag === 'link' && inBody) say('link in body');
  if (tag === 'style' && (inBody || /expression|javascript:|@import|behavior/i.test(text(node)))) say('style');
  for (const [name, value] of Object.entries(props)) {
    if (/^on/i.test(name)) say(`event handler ${name}`);
    if (name === 'srcDoc') say('srcdoc');
    const values = Array.isArray(value) ? value.map(String) : [String(value)];
    if (URL_ATTRIBUTES.includes(name) && values.some(isDangerousUrl)) say(`${name}=${values.join(' ')}`);
    if (name === 'style' && /expression|javascript:|behavior|url\s*\(/i.test(values.join(' '))) say(`style=${values.join(' ')}`);
  }
}

/** The HTML that feed readers render: RSS description and content:encoded, Atom content/summary, JSON Feed content_html. */
export function feedHtml(file: string, textOf: string): string[] {
  if (file.endsWith('.json')) {
    const out: string[] = [];
    const walk = (v: unknown, key: string): void => {
      if (typeof v === 'string' && (key === 'content_html' || key === 'summary_html')) out.push(v);
      else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
    };
    walk(JSON.parse(textOf), '');
    return out;
  }
  const parsed = new XMLParser({ ignoreAttributes: false, processEntities: true, htmlEntities: false }).parse(textOf) as unknown;
  const out: string[] = [];
  const walk = (v: unknown, key: string): void => {
    if (typeof v === 'string' || typeof v === 'number') {
      if (['description', 'content:encoded', 'content', 'summary'].includes(key)) out.push(String(v));
    } else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) walk(x, k === '#text' ? key : k);
    }
  };
  walk(parsed, '');
  return out;
}

/** Element names in an XML document, outside CDATA and comments: content must never add one (such as `script`). */
export function xmlElementNames(textOf: string): Set<string> {
  const bare = textOf.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '').replace(/<!--[\s\S]*?-->/g, '');
  return new Set([...bare.matchAll(/<([A-Za-z][\w:.-]*)/g)].map((m) => m[1]!.toLowerCase()));
}

/** Every live-markup problem in every HTML, XML and JSON file below outDir. */
export function scanOutput(outDir: string): string[] {
  const problems: string[] = [];
  for (const [file, kind] of Object.entries(snapshot(outDir))) {
    if (kind === 'dir' || kind === 'link') continue;
    const body = readFileSync(path.join(outDir, file), 'utf8');
    if (file.endsWith('.html')) problems.push(...liveMarkup(body, file));
    else if (file.endsWith('.xml') || file.endsWith('.json')) {
      if (file.endsWith('.xml')) {
        for (const name of xmlElementNames(body)) if (['script', 'iframe', 'svg', 'img', 'object', 'embed'].includes(name)) problems.push(`${file}: XML element <${name}>`);
      }
      if (/feed|atom|\.json$/.test(file)) for (const html of feedHtml(file, body)) problems.push(...liveMarkup(html, `${file} (feed HTML)`));
    }
  }
  return problems;
}
