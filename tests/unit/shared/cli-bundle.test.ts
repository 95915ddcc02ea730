import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { staleBundleFallback } from '../../../src/cli-bundle.js';
import { libFingerprint } from '../../../src/code-fingerprint.js';
import { codeDirOf, packageDirOf } from '../../../src/worker-url.js';
import { listFileTree } from '../../../src/file-tree.js';
import { repoRoot } from '../../support/tree.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function temp(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'hm-cli-bundle-'));
  dirs.push(dir);
  return dir;
}

describe("the CLI's bundle (scripts/compile.mjs)", () => {
  it('has an entry for every worker the code starts by name', () => {
    const named = new Set<string>();
    for (const rel of listFileTree(path.join(repoRoot, 'src'))) {
      if (!rel.endsWith('.ts')) continue;
      const text = readFileSync(path.join(repoRoot, 'src', rel), 'utf8');
      for (const m of text.matchAll(/workerUrl\(import\.meta\.url, '([^']+)'\)/g)) named.add(m[1]!);
    }
    expect(named.size).toBeGreaterThanOrEqual(4);
    const bundled = readdirSync(path.join(repoRoot, 'lib/bundle'));
    for (const name of named) expect(bundled, name).toContain(name);
    const stamp = JSON.parse(readFileSync(path.join(repoRoot, 'lib/bundle/stamp.json'), 'utf8')) as { lib: string };
    expect(stamp.lib).toBe(libFingerprint(path.join(repoRoot, 'lib')));
  });

  it('finds lib/ and the package folder from a module in lib/, a folder of it, or the bundle', () => {
    const lib = path.join(repoRoot, 'lib');
    for (const rel of ['cli.js', 'render/page-pool.js', 'bundle/build-x.js']) {
      const url = pathToFileURL(path.join(lib, rel)).href;
      expect(codeDirOf(url), rel).toBe(lib);
      expect(packageDirOf(url), rel).toBe(path.resolve(repoRoot));
    }
    expect(codeDirOf(pathToFileURL(path.join(repoRoot, 'src/markdown/pool.ts')).href)).toBe(path.join(repoRoot, 'src'));
  });

  it('hands over to lib/cli.js only when run from a bundle older than lib/', () => {
    const lib = path.join(temp(), 'lib');
    mkdirSync(path.join(lib, 'bundle'), { recursive: true });
    writeFileSync(path.join(lib, 'cli.js'), 'export const a = 1;');
    const bundled = pathToFileURL(path.join(lib, 'bundle/cli.js')).href;
    expect(staleBundleFallback(pathToFileURL(path.join(lib, 'cli.js')).href)).toBeUndefined();
    expect(staleBundleFallback(bundled)?.href).toBe(pathToFileURL(path.join(lib, 'cli.js')).href); // no stamp
    writeFileSync(path.join(lib, 'bundle/stamp.json'), JSON.stringify({ lib: libFingerprint(lib) }));
    expect(staleBundleFallback(bundled)).toBeUndefined();
    writeFileSync(path.join(lib, 'bundle/stamp.json'), JSON.stringify({ lib: 'older' }));
    expect(staleBundleFallback(bundled)?.href).toBe(pathToFileURL(path.join(lib, 'cli.js')).href);
  });

  it('builds a site from the bundle, and from lib/ when the bundle is stale even if it is broken', () => {
    const dir = temp();
    const pkg = path.join(dir, 'hashmark');
    for (const part of ['bin', 'lib', 'templates', 'public', 'package.json']) cpSync(path.join(repoRoot, part), path.join(pkg, part), { recursive: true });
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(pkg, 'node_modules'));
    const site = path.join(dir, 'site');
    mkdirSync(path.join(site, 'content'), { recursive: true });
    writeFileSync(path.join(site, 'content/2024-01-02-hello.md'), '---\ntitle: Hello\ndate: 2024-01-02\n---\nSome *text*.\n');
    writeFileSync(path.join(site, 'site.config.ts'), "export default { title: 'T', url: 'https://t.example' };\n");
    const build = () =>
      spawnSync(process.execPath, [path.join(pkg, 'bin/hashmark.js'), 'build', '--root', site], { encoding: 'utf8', env: { ...process.env, HOME: dir } });
    const fresh = build();
    expect(fresh.status, fresh.stderr).toBe(0);
    expect(existsSync(path.join(site, 'dist/posts/hello/index.html'))).toBe(true);
    // A stale stamp and a bundle missing its build chunk: only lib/cli.js can build now.
    writeFileSync(path.join(pkg, 'lib/bundle/stamp.json'), JSON.stringify({ lib: 'older' }));
    for (const file of readdirSync(path.join(pkg, 'lib/bundle'))) if (file.startsWith('build-')) rmSync(path.join(pkg, 'lib/bundle', file));
    rmSync(path.join(site, 'dist'), { recursive: true });
    const stale = build();
    expect(stale.status, stale.stderr).toBe(0);
    expect(existsSync(path.join(site, 'dist/posts/hello/index.html'))).toBe(true);
  });
});
