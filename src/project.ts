import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A project without its own public/ gets Hashmark's (the favicon its theme links to). */
export function resolvePublicDir(root: string): string {
  const own = path.join(root, 'public');
  return existsSync(own) ? own : fileURLToPath(new URL('../public', import.meta.url));
}

/** A project without its own templates/ gets the theme Hashmark ships with. */
export function resolveTemplatesDir(root: string): string {
  const own = path.join(root, 'templates');
  return existsSync(own) ? own : fileURLToPath(new URL('../templates', import.meta.url));
}
