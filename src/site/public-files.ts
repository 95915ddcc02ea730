import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { listFileTree } from '../file-tree.js';
import type { Diagnostic } from '../diagnostics.js';
import type { SitePlan } from './types.js';

/** A file of public/, copied verbatim into the output. */
export interface PublicFile {
  /** Path in the output (and under public/). */
  file: string;
  /** Absolute path of the source. */
  from: string;
}

/** Every file under public/, copied verbatim (dotfiles such as .nojekyll included, links to files followed). */
export function listPublicFiles(publicDir: string): PublicFile[] {
  if (!existsSync(publicDir)) return [];
  return listFileTree(publicDir)
    .map((file) => ({ file, from: path.join(publicDir, file) }))
    .filter(({ from }) => statSync(from).isFile());
}

/** public/ files and theme assets share the output namespace with generated pages: one owner per path. */
export function claimRoutes(plan: SitePlan, publicFiles: readonly PublicFile[], assetFiles: readonly string[]): Diagnostic[] {
  const owners = new Map<string, string>();
  for (const page of plan.pages) owners.set(page.file, page.origin);
  for (const file of plan.files) owners.set(file.file, file.origin);
  for (const asset of plan.assets) owners.set(asset.file, asset.origin);
  for (const file of assetFiles) owners.set(file, 'theme assets');
  const diagnostics: Diagnostic[] = [];
  for (const file of publicFiles) {
    const owner = owners.get(file.file);
    if (owner === undefined) continue;
    diagnostics.push({
      severity: 'error',
      code: 'route-conflict',
      message: `public/${file.file} and ${owner} both write ${file.file}.`,
      file: `public/${file.file}`,
      hint: 'Rename or remove the file in public/, or change the post slug or tag that produces the same path.',
    });
  }
  return diagnostics;
}
