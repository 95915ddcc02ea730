import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDiskWriter } from '../../../src/output/index.js';
import { buildSite, contentsOf, openWriter, site, tempRoot } from './helpers.js';

function options(root: string) {
  return { outDir: path.join(root, 'dist'), cacheDir: path.join(root, '.cache') };
}

describe('output lock', () => {
  it('gives a second writer on the same folder a build-locked diagnostic while the first is open', async () => {
    const root = tempRoot();
    const first = await openWriter(options(root));
    const second = await createDiskWriter(options(root));
    expect(second.value).toBeUndefined();
    expect(second.diagnostics).toHaveLength(1);
    expect(second.diagnostics[0]).toMatchObject({ severity: 'error', code: 'build-locked' });
    expect(second.diagnostics[0]?.message).toContain(`process ${process.pid}`);
    await first.write({ file: 'index.html', contents: 'first' });
    await first.commit();
    expect(contentsOf(path.join(root, 'dist'))).toEqual({ 'index.html': 'first' });
  });

  it('releases the lock on commit and on abort', async () => {
    const root = tempRoot();
    await buildSite(options(root), site(1, 1));
    const again = await openWriter(options(root));
    await again.abort();
    const third = await createDiskWriter(options(root));
    expect(third.diagnostics).toEqual([]);
    await third.value?.abort();
  });

  it('takes over a lock left by a process that no longer exists', async () => {
    const root = tempRoot();
    await buildSite(options(root), site(1, 1));
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(dead.stdout);
    expect(deadPid).toBeGreaterThan(0);
    fs.writeFileSync(path.join(root, '.dist.hashmark-lock'), JSON.stringify({ pid: deadPid }));
    const writer = await openWriter(options(root));
    await writer.write({ file: 'index.html', contents: 'after takeover' });
    expect(await writer.commit()).toMatchObject({ written: 1 });
    expect(fs.existsSync(path.join(root, '.dist.hashmark-lock'))).toBe(false);
  });

  it('does not take over a lock whose process is alive', async () => {
    const root = tempRoot();
    // pid 1 is always alive; without a start time the record cannot be proven stale.
    fs.writeFileSync(path.join(root, '.dist.hashmark-lock'), JSON.stringify({ pid: 1 }));
    const result = await createDiskWriter(options(root));
    expect(result.diagnostics.map((d) => d.code)).toEqual(['build-locked']);
  });

  it('takes over a lock whose pid was reused by another process', async () => {
    const root = tempRoot();
    fs.writeFileSync(path.join(root, '.dist.hashmark-lock'), JSON.stringify({ pid: 1, start: 'not-the-start-time' }));
    const result = await createDiskWriter(options(root));
    expect(result.diagnostics).toEqual([]);
    await result.value?.abort();
  });

  it('releases the lock when the process exits without committing', async () => {
    const root = tempRoot();
    const lib = path.resolve('lib/output/index.js');
    const script = `const { createDiskWriter } = await import(${JSON.stringify(lib)});
      const r = await createDiskWriter({ outDir: ${JSON.stringify(path.join(root, 'dist'))}, cacheDir: null });
      if (!r.value) process.exit(3);
      process.exit(0);`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script]);
    expect(child.status).toBe(0);
    expect(fs.existsSync(path.join(root, '.dist.hashmark-lock'))).toBe(false);
  });
});
