import { pagePathOf } from './page.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Result } from '../diagnostics.js';
import type { BundleAsset, SourceFile } from './types.js';
import { listBundleAssets } from './walk.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const CR = /\r\n?/g;

/** `file` as diagnostics print it: relative to root with POSIX separators when inside root, else absolute. */
export function displayPath(absPath: string, root: string): string {
  const rel = path.relative(root, absPath);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return absPath.split(path.sep).join('/');
  return rel.split(path.sep).join('/');
}

/** Normalises line ends to LF; the fast path skips files that have none to change. */
export function normaliseNewlines(text: string): string {
  return text.includes('\r') ? text.replace(CR, '\n') : text;
}

/**
 * Reads one post file. `bundle` is passed by the content walker, which already knows the
 * bundle's assets; called alone (dev server), an `index.md`/`index.txt` below contentDir is a bundle.
 */
export function readSourceFile(
  absPath: string,
  root: string,
  contentDir: string,
  bundle?: { name: string; assets: BundleAsset[] },
): Result<SourceFile | undefined> {
  const file = displayPath(absPath, root);
  const page = pagePathOf(absPath, contentDir) !== undefined;
  const noun = page ? 'page' : 'post';
  let bytes: Buffer;
  try {
    bytes = readFileSync(absPath);
  } catch (error) {
    return {
      value: undefined,
      diagnostics: [
        {
          severity: 'error',
          code: 'read-failed',
          message: `The file could not be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`,
          file,
          hint: 'Check that the file exists and is readable.',
        },
      ],
    };
  }
  const decoded = decode(bytes, file);
  if (decoded.value === undefined) return { value: undefined, diagnostics: decoded.diagnostics };
  const text = normaliseNewlines(decoded.value);
  if (text.trim() === '') {
    return {
      value: undefined,
      diagnostics: [
        {
          severity: 'error',
          code: 'empty-file',
          message: text === '' ? `The ${noun} file is empty.` : `The ${noun} file contains only whitespace.`,
          file,
          line: 1,
          column: 1,
          hint: page ? 'Write the page (`#title`, `#body` sections) or delete the file.' : 'Write the post (`#title`, `#date`, `#body` sections) or delete the file.',
        },
      ],
    };
  }
  const info = bundle ?? bundleOf(absPath, path.resolve(contentDir));
  return {
    value: { absPath, path: file, text, bundleName: info?.name, assets: info?.assets ?? [], section: sectionOf(absPath, contentDir, info !== undefined) },
    diagnostics: [],
  };
}

function bundleOf(absPath: string, contentDir: string): { name: string; assets: BundleAsset[] } | undefined {
  const base = path.basename(absPath);
  const dir = path.dirname(absPath);
  if ((base !== 'index.md' && base !== 'index.txt') || dir === contentDir) return undefined;
  return { name: path.basename(dir), assets: listBundleAssets(dir, contentDir) };
}

function decode(bytes: Buffer, file: string): Result<string | undefined> {
  try {
    // The fatal decoder also drops a leading BOM (ignoreBOM defaults to false).
    return { value: strictUtf8.decode(bytes), diagnostics: [] };
  } catch {
    const at = firstInvalidUtf8(bytes);
    const lineStart = bytes.lastIndexOf(0x0a, at - 1) + 1;
    let line = 1;
    for (let i = 0; i < lineStart; i++) if (bytes[i] === 0x0a) line++;
    const column = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, at)).length + 1;
    const byte = bytes[at] ?? 0;
    return {
      value: undefined,
      diagnostics: [
        {
          severity: 'error',
          code: 'invalid-utf8',
          message: `The file is not valid UTF-8: byte 0x${byte.toString(16).padStart(2, '0')} at offset ${at} cannot be decoded.`,
          file,
          line,
          column,
          hint: 'Save the file as UTF-8 (editors call it "UTF-8" or "Unicode"); Hashmark does not guess other encodings.',
        },
      ],
    };
  }
}

/** Offset of the first byte that breaks UTF-8; only called once the decoder has failed. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return bytes.length;
}

/** The folder a post sits in under the content folder (for a bundle, the folder holding the bundle). */
function sectionOf(absPath: string, contentDir: string, bundle: boolean): string {
  const dir = path.dirname(bundle ? path.dirname(absPath) : absPath);
  const rel = path.relative(path.resolve(contentDir), dir);
  return rel.startsWith('..') ? '' : rel.split(path.sep).join('/');
}
