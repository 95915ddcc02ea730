import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildSite, tempRoot } from './helpers.js';

const COUNT = 2000;
const child = fileURLToPath(new URL('./sigkill-child.mjs', import.meta.url));

/** Throws unless `outDir` holds exactly one complete generation as sigkill-child.mjs writes it. */
function assertCompleteSite(outDir: string): number {
  const generation = Number(fs.readFileSync(path.join(outDir, 'generation.txt'), 'utf8'));
  const odd = generation % 2 === 1;
  const expected = new Set<string>(['generation.txt']);
  for (let i = odd ? 1 : 0; i < (odd ? COUNT + 1 : COUNT); i++) expected.add(`posts/p${i}/index.html`);
  const posts = fs.readdirSync(path.join(outDir, 'posts'));
  expect(posts.length).toBe(COUNT);
  expect(fs.readdirSync(outDir).sort()).toEqual(['.hashmark-output', 'generation.txt', 'posts']);
  for (const file of expected) {
    if (file === 'generation.txt') continue;
    const i = Number(/p(\d+)\//.exec(file)?.[1]);
    const want = i % 4 === 0 ? `static ${i}` : `generation ${generation} page ${i} ${'x'.repeat(200)}`;
    const got = fs.readFileSync(path.join(outDir, file), 'utf8');
    if (got !== want) throw new Error(`${file} of generation ${generation} holds ${JSON.stringify(got.slice(0, 40))}`);
  }
  return generation;
}

function initialSite(): Record<string, string> {
  const files: Record<string, string> = { 'generation.txt': '0' };
  for (let i = 0; i < COUNT; i++) {
    files[`posts/p${i}/index.html`] = i % 4 === 0 ? `static ${i}` : `generation 0 page ${i} ${'x'.repeat(200)}`;
  }
  return files;
}

describe('SIGKILL at random moments', () => {
  it('always leaves the old complete site or the new complete one, and the next build recovers', async () => {
    const root = tempRoot();
    const outDir = path.join(root, 'dist');
    const cacheDir = path.join(root, '.cache');
    await buildSite({ outDir, cacheDir }, initialSite());
    let generation = assertCompleteSite(outDir);
    const started = Date.now();
    let kills = 0;
    const seen = new Set<number>();
    let buildMs = 400;
    while (kills < 10 && Date.now() - started < 20_000) {
      const proc = spawn(process.execPath, [child, outDir, cacheDir, String(COUNT), String(generation + 1000 * (kills + 1))], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
      // Every other kill waits for one commit first, so kills land in every phase of a build, later ones too.
      const spawnedAt = Date.now();
      if (kills % 2 === 1) {
        await new Promise<void>((resolve) => {
          proc.stdout.once('data', () => resolve());
          void exited.then(() => resolve());
        });
        buildMs = Math.max(100, Date.now() - spawnedAt);
      }
      await new Promise((r) => setTimeout(r, Math.random() * buildMs * 1.5));
      proc.kill('SIGKILL');
      const code = await exited;
      expect(stderr).toBe('');
      expect(code).toBeNull();
      kills++;
      // Checked before any writer runs recovery.
      expect(fs.existsSync(outDir)).toBe(true);
      generation = assertCompleteSite(outDir);
      seen.add(generation);
    }
    expect(kills).toBeGreaterThanOrEqual(4);
    // Several distinct generations were observed, so kills did land after some commits.
    expect(seen.size).toBeGreaterThan(1);
    await buildSite({ outDir, cacheDir }, initialSite());
    expect(assertCompleteSite(outDir)).toBe(0);
    const left = fs.readdirSync(root).filter((n) => n.startsWith('.dist.')).map((n) => [n, fs.readdirSync(path.join(root, n))]);
    expect(left).toEqual([]);
    expect(fs.readdirSync(root).sort()).toEqual(['.cache', 'dist']);
  }, 90_000);
});
