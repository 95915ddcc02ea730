import { posix } from 'node:path';
import type { BundleAsset } from '../content/types.js';

/**
 * Where a local image reference points in the output: a path relative to the output folder, or
 * undefined when it leaves the site. A relative `src` is first looked for among the post's bundle
 * files (wherever the plan puts them), then resolved against the page's own folder as a browser
 * would; a root-relative one is taken from the site root, its base path removed.
 */
export function outputPathOf(src: string, page: { dir: string; bundle: readonly BundleAsset[]; bundleFile: (asset: BundleAsset) => string | undefined }, basePath: string): string | undefined {
  const path = decodePath(src.replace(/[?#].*$/s, ''));
  if (path === '') return undefined;
  if (path.startsWith('/')) {
    const rest = path.startsWith(basePath) ? path.slice(basePath.length) : path.slice(1);
    return inside(posix.normalize(rest));
  }
  const rel = posix.normalize(path);
  const asset = page.bundle.find((a) => a.relPath === rel);
  const planned = asset && page.bundle.length > 0 ? page.bundleFile(asset) : undefined;
  return planned ?? inside(posix.normalize(posix.join(page.dir, path)));
}

function inside(path: string): string | undefined {
  return path === '.' || path === '..' || path.startsWith('../') || path.startsWith('/') ? undefined : path;
}

function decodePath(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** An output path as a URL path: each segment percent-encoded. */
export function urlPath(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

/** A file name part safe in any URL: lower-case letters, digits and dashes. */
export function fileStem(file: string): string {
  const base = posix.basename(file).replace(/\.[^.]*$/, '');
  return base.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'image';
}

const TYPES: Readonly<Record<string, string>> = {
  png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif', svg: 'image/svg+xml', avif: 'image/avif', heif: 'image/avif',
};

export function mimeType(format: string): string | undefined {
  return TYPES[format];
}
