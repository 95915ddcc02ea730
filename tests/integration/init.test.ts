import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { initProject } from '../../src/init/index.js';
import { hashTree, repoRoot } from '../support/tree.js';

const version = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
const now = new Date('2026-03-04T10:00:00Z');

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'hashmark-init-'));
}

function hashmark(args: string[], cwd: string) {
  return spawnSync(process.execPath, [path.join(repoRoot, 'bin/hashmark.js'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

describe('hashmark init', () => {
  it('creates the welcome post, site.config.ts, package.json, .gitignore and the Pages workflow, and nothing else', () => {
    const dir = path.join(tempDir(), 'My Blog');
    const result = initProject({ dir, now });
    expect(result.ok).toBe(true);
    expect(Object.keys(hashTree(dir))).toEqual([
      '.github/workflows/deploy.yml', '.gitignore', 'content/welcome.md', 'package.json', 'site.config.ts',
    ]);
    const config = readFileSync(path.join(dir, 'site.config.ts'), 'utf8');
    expect(config).toContain("import { defineConfig } from 'hashmark';");
    expect(config).toMatch(/title: '.+'/);
    expect(config).toMatch(/author: \{ name: '.+' \}/);
    expect(config).toContain('url:');
    expect(readJson(path.join(dir, 'package.json'))).toEqual({
      name: 'my-blog',
      private: true,
      type: 'module',
      scripts: { build: 'hashmark build', dev: 'hashmark dev', check: 'hashmark check', new: 'hashmark new' },
      dependencies: { hashmark: `^${version}` },
    });
    expect(readFileSync(path.join(dir, 'content/welcome.md'), 'utf8')).toMatch(/^#title\n.+\n#description\n.+\n#date\n2026-03-04\n/);
    expect(readFileSync(path.join(dir, '.gitignore'), 'utf8').split('\n')).toEqual(expect.arrayContaining(['node_modules/', 'dist/', '.cache/']));
    const workflow = readFileSync(path.join(dir, '.github/workflows/deploy.yml'), 'utf8');
    for (const step of ['run: npm ci', 'path: .cache', 'npm run build -- --format github --base', '--site-url', 'actions/upload-pages-artifact', 'actions/deploy-pages']) {
      expect(workflow).toContain(step);
    }
  });

  it('refuses a folder that is not empty, and writes nothing', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'notes.txt'), 'mine\n');
    mkdirSync(path.join(dir, 'content'));
    const before = hashTree(dir);
    const result = initProject({ dir, now });
    expect(result).toMatchObject({ ok: false });
    if (!result.ok) expect(result.problem).toContain('content, notes.txt');
    expect(hashTree(dir)).toEqual(before);
    expect(existsSync(path.join(dir, 'site.config.ts'))).toBe(false);
  });

  it('counts a folder holding only .git as empty', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, '.git'));
    writeFileSync(path.join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    expect(initProject({ dir, now }).ok).toBe(true);
    expect(existsSync(path.join(dir, 'content/welcome.md'))).toBe(true);
  });

  it('adds the scripts to the package.json `npm install hashmark` made and keeps its dependency', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ dependencies: { hashmark: 'file:../hashmark-0.1.0.tgz' } }, null, 2));
    writeFileSync(path.join(dir, 'package-lock.json'), '{}\n');
    mkdirSync(path.join(dir, 'node_modules', 'hashmark'), { recursive: true });
    writeFileSync(path.join(dir, 'node_modules', 'hashmark', 'package.json'), '{}\n');
    const result = initProject({ dir, now });
    expect(result).toMatchObject({ ok: true, needsInstall: false });
    expect(readJson(path.join(dir, 'package.json'))).toEqual({
      dependencies: { hashmark: 'file:../hashmark-0.1.0.tgz' },
      private: true,
      type: 'module',
      scripts: { build: 'hashmark build', dev: 'hashmark dev', check: 'hashmark check', new: 'hashmark new' },
    });
  });

  it('refuses a package.json whose scripts would be replaced, and writes nothing', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ scripts: { build: 'make site' } }));
    const before = hashTree(dir);
    const result = initProject({ dir, now });
    expect(result).toMatchObject({ ok: false });
    if (!result.ok) expect(result.problem).toContain('"build" script');
    expect(hashTree(dir)).toEqual(before);
  });

  it('from the command line: creates the folder, prints the next steps, and refuses to run twice', () => {
    const cwd = tempDir();
    const first = hashmark(['init', 'blog'], cwd);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toBe('');
    for (const step of ['cd blog', 'npm install', 'npm run dev', 'npm run new -- "Title"', 'npm run build']) expect(first.stdout).toContain(step);

    const before = hashTree(path.join(cwd, 'blog'));
    const second = hashmark(['init', 'blog'], cwd);
    expect(second.status).toBe(1);
    expect(second.stderr).toContain('is not empty');
    expect(second.stderr).toContain('nothing was written');
    expect(hashTree(path.join(cwd, 'blog'))).toEqual(before);

    const help = hashmark(['--help'], cwd);
    expect(help.stdout).toMatch(/^ {2}init\s+Create a new blog/m);
  });

  it('makes a blog that checks clean and builds with the theme from the package', () => {
    const dir = path.join(tempDir(), 'blog');
    expect(hashmark(['init', dir], os.tmpdir()).status).toBe(0);
    // As after `npm install`: site.config.ts imports the package.
    mkdirSync(path.join(dir, 'node_modules'));
    symlinkSync(repoRoot, path.join(dir, 'node_modules', 'hashmark'), 'dir');

    const check = hashmark(['check', '--root', dir], dir);
    expect(check.stdout).toContain('no problems');
    expect(check.status).toBe(0);

    const build = hashmark(['build', '--root', dir, '--site-url', 'https://blog.example.com'], dir);
    expect(build.stdout).toContain('Built 1 post');
    expect(build.status).toBe(0);
    const files = Object.keys(hashTree(path.join(dir, 'dist')));
    expect(files).toEqual(expect.arrayContaining(['index.html', 'posts/welcome/index.html', 'feed.xml', 'favicon.svg']));
    expect(files.some((f) => f.startsWith('assets/') && f.endsWith('.css'))).toBe(true);
    expect(readFileSync(path.join(dir, 'dist/posts/welcome/index.html'), 'utf8')).toContain('Welcome to your new blog');
    // The blog has no templates/ or public/ of its own: they come from the package.
    expect(existsSync(path.join(dir, 'templates'))).toBe(false);
    expect(existsSync(path.join(dir, 'public'))).toBe(false);
  });
});
