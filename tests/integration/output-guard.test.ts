import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { hashTree as hashFiles, repoRoot } from '../support/tree.js';

/**
 * A throwaway world: HOME points inside it, the project lives in HOME/blog, and beside the project
 * are folders of someone else's. Every refusal must leave all of it byte for byte as it was.
 */
const world = mkdtempSync(path.join(os.tmpdir(), 'hashmark-guard-'));
const home = path.join(world, 'home');
const root = path.join(home, 'blog');

afterAll(() => rmSync(world, { recursive: true, force: true }));

/** Every file's hash and every symbolic link's target below `dir`. */
function hashTree(dir: string): Record<string, string> {
  const links: Record<string, string> = {};
  const visit = (rel: string): void => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isSymbolicLink()) links[child] = `-> ${readlinkSync(path.join(dir, child))}`;
      else if (entry.isDirectory()) visit(child);
    }
  };
  visit('');
  if (Object.keys(links).length === 0) return hashFiles(dir);
  // hashFiles cannot read a link to a folder: hash a copy of the tree without the links.
  const copy = mkdtempSync(path.join(os.tmpdir(), 'hashmark-guard-copy-'));
  try {
    cpSync(dir, copy, { recursive: true, filter: (src) => !lstatSync(src).isSymbolicLink() });
    return { ...hashFiles(copy), ...links };
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

function makeProject(): void {
  rmSync(home, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  cpSync(path.join(repoRoot, 'tests/fixtures/sites/basic'), root, { recursive: true });
  mkdirSync(path.join(root, 'src'));
  writeFileSync(path.join(root, 'src', 'plugin.ts'), 'export const mine = 1;\n');
  mkdirSync(path.join(root, 'notes'));
  writeFileSync(path.join(root, 'notes', 'ideas.txt'), 'not a site\n');
  writeFileSync(path.join(home, '.profile'), 'export EDITOR=vi\n');
}

function hashmark(args: string[]) {
  return spawnSync(process.execPath, [path.join(repoRoot, 'bin/hashmark.js'), ...args, '--root', root], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, HOME: home, NO_COLOR: '1' },
  });
}

describe('the output folder guard', () => {
  beforeEach(makeProject);

  it.each([
    ['the project root', '.'],
    ['the parent of the project (the home folder here)', '..'],
    ['the file system root', '/'],
    ['the posts folder', 'content'],
    ['the templates folder', 'templates'],
    ['the public folder', 'public'],
    ['a folder of code', 'src'],
    ['the cache folder', '.cache'],
    ['the home folder', home],
    ['a folder inside the posts folder', 'content/out'],
    ['a non-empty folder of unrelated files', 'notes'],
  ])('refuses %s with unsafe-output and touches nothing', (_, out) => {
    mkdirSync(path.join(root, '.cache'), { recursive: true });
    writeFileSync(path.join(root, '.cache', 'CACHEDIR.TAG'), 'Signature: 8a477f597d28d172789f06886806bc55\n');
    const before = hashTree(world);
    const r = hashmark(['build', '--out', out]);
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain('unsafe-output');
    expect(r.stdout).toMatch(/hint: /);
    expect(hashTree(world)).toEqual(before);
  });

  it('refuses the parent of a project that is not the home folder, and a symbolic link to the posts folder', () => {
    const nested = path.join(root, 'sites', 'one');
    mkdirSync(path.join(nested, 'content'), { recursive: true });
    cpSync(path.join(root, 'content'), path.join(nested, 'content'), { recursive: true });
    symlinkSync(path.join(nested, 'content'), path.join(nested, 'alias'));
    const before = hashTree(world);
    for (const out of ['..', 'alias']) {
      const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin/hashmark.js'), 'build', '--root', nested, '--out', out], {
        cwd: nested, encoding: 'utf8', env: { ...process.env, HOME: home, NO_COLOR: '1' },
      });
      expect(r.status, r.stdout + r.stderr).toBe(1);
      expect(r.stdout).toContain('unsafe-output');
    }
    expect(hashTree(world)).toEqual(before);
  });

  it('--force-out replaces a folder of unrelated files, but never the project, a folder it reads or home', () => {
    for (const out of ['.', 'content', 'templates', home]) {
      const before = hashTree(world);
      const r = hashmark(['build', '--out', out, '--force-out']);
      expect(r.status, out).toBe(1);
      expect(r.stdout).toContain('unsafe-output');
      expect(hashTree(world)).toEqual(before);
    }
    const r = hashmark(['build', '--out', 'notes', '--force-out']);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(existsSync(path.join(root, 'notes', 'ideas.txt'))).toBe(false);
    expect(existsSync(path.join(root, 'notes', 'index.html'))).toBe(true);
    // From then on the folder is known to be Hashmark's: no flag needed.
    expect(hashmark(['build', '--out', 'notes']).status).toBe(0);
  });

  it('dist/ builds fresh, rebuilds in place, and still replaces after the cache folder is deleted', () => {
    const dist = path.join(root, 'dist');
    expect(hashmark(['build']).status).toBe(0);
    expect(existsSync(path.join(dist, 'index.html'))).toBe(true);
    expect(existsSync(path.join(dist, '.hashmark-output'))).toBe(true);
    writeFileSync(path.join(dist, 'stale.html'), 'left by hand');
    let r = hashmark(['build']);
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/1 removed/);
    expect(existsSync(path.join(dist, 'stale.html'))).toBe(false);
    rmSync(path.join(root, '.cache'), { recursive: true });
    writeFileSync(path.join(dist, 'stale.html'), 'left by hand');
    r = hashmark(['build']);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(existsSync(path.join(dist, 'stale.html'))).toBe(false);
    r = hashmark(['build', '--no-cache']);
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });

  it('an existing output folder from before the marker is recognised by the cache manifest and gains the marker', () => {
    expect(hashmark(['build']).status).toBe(0);
    rmSync(path.join(root, 'dist', '.hashmark-output'));
    const r = hashmark(['build']);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(existsSync(path.join(root, 'dist', '.hashmark-output'))).toBe(true);
    // Without the marker and without the cache's record, nothing proves the folder is Hashmark's.
    rmSync(path.join(root, 'dist', '.hashmark-output'));
    rmSync(path.join(root, '.cache'), { recursive: true });
    const before = hashTree(world);
    const refused = hashmark(['build']);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toContain('--force-out');
    expect(hashTree(world)).toEqual(before);
  });

  it('refuses a cache folder that holds files Hashmark did not write, or sits where the build reads', () => {
    const before = hashTree(world);
    for (const cache of ['notes', 'content', '.', home]) {
      const r = hashmark(['build', '--cache-dir', cache]);
      expect(r.status, cache).toBe(1);
      expect(r.stdout).toContain('unsafe-output');
      expect(r.stdout).toContain('cache folder');
    }
    expect(hashTree(world)).toEqual(before);
    expect(readdirSync(root)).not.toContain('dist');
  });

  it('check refuses a forbidden --out too, and writes nothing', () => {
    const before = hashTree(world);
    const r = hashmark(['check', '--out', 'content']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('unsafe-output');
    expect(hashTree(world)).toEqual(before);
  });

  it('dev refuses the same folders before it serves anything', async () => {
    const before = hashTree(world);
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/hashmark.js'), 'dev', '--root', root, '--out', 'templates', '--port', '0'], {
      cwd: root, env: { ...process.env, HOME: home, NO_COLOR: '1' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGTERM');
        resolve(null);
      }, 20_000);
      child.on('exit', (status) => {
        clearTimeout(timer);
        resolve(status);
      });
    });
    expect(code).toBe(1);
    expect(output).toContain('unsafe-output');
    expect(hashTree(world)).toEqual(before);
  });
});
