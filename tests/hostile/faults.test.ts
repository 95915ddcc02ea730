import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireLock } from '../../src/output/lock.js';
import { removeTempProjects, runBuild, snapshot, tempProject } from './support.js';

// File level: runs after every describe block's own afterAll (unmounts first, then removal).
afterAll(removeTempProjects);

/** Faults around a build: a garbled cache, a second build on the same folder, a full or read-only disk. */

function writePosts(dir: string, count: number, tag: string, bodyBytes = 200): void {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const date = new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    const filler = 'Words of a paragraph. '.repeat(Math.ceil(bodyBytes / 22));
    writeFileSync(path.join(dir, `${date}-p${i}.md`), `#title\nPost ${i} ${tag}\n#date\n${date}\n#tags\n["T${i % 5}"]\n#body\n## Heading ${i}\n\n${filler}\n\n\`\`\`js\nlet x = ${i};\n\`\`\`\n`);
  }
}

function allFiles(dir: string): string[] {
  return Object.entries(snapshot(dir)).filter(([, k]) => k !== 'dir' && k !== 'link').map(([f]) => path.join(dir, f));
}

describe('a corrupt render cache', () => {
  it('is ignored and rebuilt: the output equals a build without any cache', async () => {
    const { dir, root } = tempProject('hashmark-cache-');
    const content = path.join(dir, 'content');
    writePosts(content, 30, 'cache');
    const cache = path.join(dir, 'cache');
    const clean = await runBuild(['--root', root, '--content', content, '--out', path.join(dir, 'clean'), '--no-cache']);
    expect(clean.code, clean.stdout).toBe(0);
    const first = await runBuild(['--root', root, '--content', content, '--out', path.join(dir, 'out'), '--cache-dir', cache]);
    expect(first.code, first.stdout).toBe(0);
    const entries = allFiles(cache);
    expect(entries.length).toBeGreaterThan(30);
    // Every file in the cache damaged in one of three ways, manifests included.
    entries.forEach((file, i) => {
      const size = statSync(file).size;
      if (i % 3 === 0) truncateSync(file, Math.floor(size / 2));
      else if (i % 3 === 1) writeFileSync(file, Buffer.from(Array.from({ length: Math.max(1, size) }, (_, k) => (k * 131 + i) % 256)));
      else writeFileSync(file, '');
    });
    for (const out of ['out', 'fresh']) {
      const again = await runBuild(['--root', root, '--content', content, '--out', path.join(dir, out), '--cache-dir', cache]);
      expect(again.code, again.stdout + again.stderr).toBe(0);
      expect(again.stdout + again.stderr).not.toMatch(/^\s+at /m);
      expect(snapshot(path.join(dir, out)), out).toEqual(snapshot(path.join(dir, 'clean')));
    }
  }, 120_000);
});

describe('two builds on one output folder', () => {
  it('stops the second with build-locked, a clear message and exit 1, and leaves the folder as it was', async () => {
    const { dir, root } = tempProject('hashmark-lock-');
    const content = path.join(dir, 'content');
    writePosts(content, 5, 'lock');
    const out = path.join(dir, 'out');
    const args = ['--root', root, '--content', content, '--out', out, '--cache-dir', path.join(dir, 'cache')];
    expect((await runBuild(args)).code).toBe(0);
    const before = snapshot(out);
    // This test process holds the lock, as a running build would.
    const attempt = acquireLock(path.join(dir, '.out.hashmark-lock'));
    expect(attempt.ok).toBe(true);
    try {
      writePosts(content, 6, 'changed');
      const second = await runBuild(args);
      expect(second.code).toBe(1);
      expect(second.stdout).toMatch(/error build-locked Another build \(process \d+\) is writing to this output folder\./);
      expect(second.stdout).toContain(`.out.hashmark-lock`);
      expect(second.stdout + second.stderr).not.toMatch(/^\s+at /m);
      expect(snapshot(out)).toEqual(before);
    } finally {
      if (attempt.ok) attempt.lock.release();
    }
    expect((await runBuild(args)).code).toBe(0);
  }, 120_000);

  it('two builds started together: each succeeds or is locked out, and the folder holds one complete site', async () => {
    const { dir, root } = tempProject('hashmark-race-');
    const content = path.join(dir, 'content');
    writePosts(content, 150, 'race');
    const out = path.join(dir, 'out');
    const args = (cache: string): string[] => ['--root', root, '--content', content, '--out', out, '--cache-dir', path.join(dir, cache)];
    const reference = path.join(dir, 'reference');
    expect((await runBuild(['--root', root, '--content', content, '--out', reference, '--no-cache'])).code).toBe(0);
    const [a, b] = await Promise.all([runBuild(args('cache-a')), runBuild(args('cache-b'))]);
    for (const r of [a, b]) {
      expect([0, 1]).toContain(r.code);
      if (r.code === 1) expect(r.stdout).toContain('error build-locked');
      expect(r.stdout + r.stderr).not.toMatch(/^\s+at /m);
    }
    expect(a.code === 0 || b.code === 0).toBe(true);
    expect(snapshot(out)).toEqual(snapshot(reference));
    expect(readdirSync(dir).filter((n) => n.startsWith('.out.hashmark-'))).toEqual([]);
  }, 120_000);
});

const isRoot = process.getuid?.() === 0;

describe('a disk that fills up or turns read-only while writing', () => {
  const mounts: string[] = [];
  afterAll(() => {
    for (const m of mounts) {
      try {
        execFileSync('umount', [m]);
      } catch {
        // Already unmounted.
      }
    }
  });

  /** A tmpfs holding only the output folder's parent, so the swap stays on one file system. */
  function smallDisk(size: string): { dir: string; root: string; disk: string } {
    const project = tempProject('hashmark-disk-');
    const disk = path.join(project.dir, 'disk');
    mkdirSync(disk);
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', disk]);
    mounts.push(disk);
    return { ...project, disk };
  }

  it.runIf(isRoot)('reports ENOSPC as write-failed, exit 1, and keeps the previous output', async () => {
    // Room for the small site (about 350 KB with its search index) but not for 200 pages of 8 KB.
    const { dir, root, disk } = smallDisk('1m');
    const small = path.join(dir, 'small');
    writePosts(small, 1, 'small', 100);
    const out = path.join(disk, 'out');
    const cache = path.join(dir, 'cache');
    const first = await runBuild(['--root', root, '--content', small, '--out', out, '--cache-dir', cache]);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const before = snapshot(out);
    const big = path.join(dir, 'big');
    writePosts(big, 200, 'big', 8000);
    const full = await runBuild(['--root', root, '--content', big, '--out', out, '--cache-dir', cache]);
    expect(full.code, full.stdout + full.stderr).toBe(1);
    expect(full.stdout).toMatch(/error write-failed .*ENOSPC|error write-failed .*(space|full)/i);
    expect(full.stdout).toContain('The previous output is unchanged');
    expect(full.stdout + full.stderr).not.toMatch(/^\s+at /m);
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(disk).filter((n) => n !== 'out' && n !== '.out.hashmark-lock')).toEqual([]);
  }, 120_000);

  it.runIf(isRoot)('reports a read-only file system as write-failed, exit 1, and keeps the previous output', async () => {
    const { dir, root, disk } = smallDisk('4m');
    const content = path.join(dir, 'content');
    writePosts(content, 3, 'ro');
    const out = path.join(disk, 'out');
    const args = ['--root', root, '--content', content, '--out', out, '--cache-dir', path.join(dir, 'cache')];
    expect((await runBuild(args)).code).toBe(0);
    const before = snapshot(out);
    writePosts(content, 4, 'changed');
    execFileSync('mount', ['-o', 'remount,ro', disk]);
    const refused = await runBuild(args);
    expect(refused.code, refused.stdout + refused.stderr).toBe(1);
    expect(refused.stdout).toMatch(/error write-failed .*(EROFS|read-only)/i);
    expect(refused.stdout + refused.stderr).not.toMatch(/^\s+at /m);
    expect(snapshot(out)).toEqual(before);
  }, 120_000);

  it('reports EACCES as write-failed, exit 1, and keeps the previous output', async () => {
    const { dir, root } = tempProject('hashmark-eacces-');
    const content = path.join(dir, 'content');
    writePosts(content, 3, 'acc');
    const parent = path.join(dir, 'parent');
    mkdirSync(parent);
    const out = path.join(parent, 'out');
    const args = ['--root', root, '--content', content, '--out', out, '--cache-dir', path.join(dir, 'cache')];
    // Permissions do not stop root: as root, the builds run as the unprivileged user `nobody`.
    const user = isRoot ? { uid: 65534, gid: 65534 } : {};
    if (isRoot) execFileSync('chmod', ['-R', 'a+rwX', dir]);
    expect((await runBuild(args, {}, 120_000, user)).code).toBe(0);
    const before = snapshot(out);
    writePosts(content, 4, 'changed');
    if (isRoot) execFileSync('chmod', ['-R', 'a+rwX', content]);
    chmodSync(parent, 0o555);
    try {
      const refused = await runBuild(args, {}, 120_000, user);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toMatch(/error (write-failed|build-locked) .*(EACCES|permission)/i);
      expect(snapshot(out)).toEqual(before);
    } finally {
      chmodSync(parent, 0o755);
    }
  }, 120_000);
});
