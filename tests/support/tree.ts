import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** A private copy of a fixture site in a fresh temp folder, so tests can change and build it freely. */
export function copyFixtureSite(name: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `hashmark-${name}-`));
  const root = path.join(dir, 'site');
  cpSync(path.join(repoRoot, 'tests/fixtures/sites', name), root, { recursive: true });
  return root;
}

/** Every file below `dir` (POSIX relative path) with the sha256 of its bytes. */
export function hashTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (current: string, prefix: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const abs = path.join(current, entry.name);
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(abs, rel);
      else out[rel] = createHash('sha256').update(readFileSync(abs)).digest('hex');
    }
  };
  walk(dir, '');
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

export function mtimes(dir: string, files: string[]): Record<string, number> {
  return Object.fromEntries(files.map((f) => [f, statSync(path.join(dir, f)).mtimeMs]));
}

export function readText(dir: string, file: string): string {
  return readFileSync(path.join(dir, file), 'utf8');
}
