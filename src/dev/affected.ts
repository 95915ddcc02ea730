import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { listFileTree } from '../file-tree.js';
import { isIgnoredName, isPostFileName } from '../content/index.js';

/**
 * Post files to re-read for a change that is not itself a post file: the bundle's index for an asset,
 * every post inside a folder that appeared, every known post inside a folder that is gone.
 */
export function postsAffectedBy(file: string, known: readonly string[], contentDir: string): string[] {
  const abs = path.resolve(file);
  if (!existsSync(abs)) {
    const prefix = abs + path.sep;
    const gone = known.filter((p) => p.startsWith(prefix));
    if (gone.length > 0) return gone;
  } else if (statSync(abs).isDirectory()) {
    const found = listFileTree(abs)
      .filter((rel) => isPostFileName(rel) && !rel.split('/').some(isIgnoredName))
      .map((rel) => path.join(abs, rel));
    if (found.length > 0) return found;
  }
  const index = bundleIndexOf(abs, contentDir);
  return index ? [index] : [];
}

/** A bundle's index.md or index.txt for a file inside the bundle folder. */
function bundleIndexOf(file: string, contentDir: string): string | undefined {
  let dir = path.dirname(path.resolve(file));
  while (dir.startsWith(contentDir + path.sep)) {
    for (const name of ['index.md', 'index.txt']) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    dir = path.dirname(dir);
  }
  return undefined;
}
