import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempProjects, repoRoot, runBuild, snapshot, tempProject } from '../hostile/support.js';

// The temp projects go when the file is done.
afterAll(removeTempProjects);

/**
 * SIGKILL of the whole `hashmark build` process (workers and any helper process included) at seeded
 * random moments: the output folder is always exactly the old complete site or the new complete one.
 * Two content versions alternate, so every build changes every page. `npm run test:stress` builds
 * 4000 posts; the default run 800, which reaches every phase of a build in a fraction of the time.
 */

const STRESS = process.env.HASHMARK_STRESS === '1';
const POSTS = STRESS ? 4000 : 800;
const KILLS = 8;
const TAGS = ['Kafka', 'Rust', 'Testing', 'Go', 'Linux', 'Caching', 'SQL', 'Cloud', 'Security', 'Patterns', 'CI', 'Redis'];

/** mulberry32: a tiny seeded PRNG, so a failing run can be repeated. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Short posts whose every title and body names the generation, so each page differs between the two. */
function writeCorpus(dir: string, generation: 'A' | 'B'): void {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < POSTS; i++) {
    const date = new Date(Date.UTC(2015, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    const tags = [TAGS[i % TAGS.length], TAGS[(i * 7 + 3) % TAGS.length]].filter((t, k, all) => all.indexOf(t) === k);
    writeFileSync(
      path.join(dir, `${date}-post-${i}.md`),
      `#title\nPost ${i}, generation ${generation}\n#date\n${date}\n#tags\n${JSON.stringify(tags)}\n#featured\n${i % 40 === 0}\n#body\n`
        + `## Part one\n\nGeneration ${generation} of post ${i}, with *emphasis* and a [link](https://example.com/${i}).\n\n`
        + `- one\n- two\n\n\`\`\`js\nconst post = ${i};\n\`\`\`\n`,
    );
  }
}

function expectNoLeftovers(dir: string): void {
  expect(readdirSync(dir).filter((n) => n.startsWith('.out.hashmark-') && n !== '.out.hashmark-lock')).toEqual([]);
}

describe(`SIGKILL of hashmark build at random moments (${POSTS} posts)`, () => {
  it('leaves exactly the old complete site or the new complete one, and the next build succeeds', async () => {
    const { dir, root } = tempProject('hashmark-sigkill-');
    const content = { A: path.join(dir, 'content-a'), B: path.join(dir, 'content-b') };
    writeCorpus(content.A, 'A');
    writeCorpus(content.B, 'B');
    const cache = path.join(dir, 'cache');
    const args = (gen: 'A' | 'B', out: string): string[] => ['--root', root, '--content', content[gen], '--out', out, '--cache-dir', cache];

    // Reference sites, built whole; they also fill the render cache, so killed builds reach the later phases.
    const refs: Record<'A' | 'B', Record<string, string>> = { A: {}, B: {} };
    for (const gen of ['A', 'B'] as const) {
      const built = await runBuild(args(gen, path.join(dir, `ref-${gen}`)), {}, 300_000);
      expect(built.code, built.stdout + built.stderr).toBe(0);
      refs[gen] = snapshot(path.join(dir, `ref-${gen}`));
    }
    expect(Object.keys(refs.A).length).toBeGreaterThan(POSTS);
    const which = (tree: Record<string, string>): 'A' | 'B' | null => {
      for (const gen of ['A', 'B'] as const) {
        const ref = refs[gen];
        if (Object.keys(tree).length === Object.keys(ref).length && Object.entries(tree).every(([f, h]) => ref[f] === h)) return gen;
      }
      return null;
    };
    const out = path.join(dir, 'out');
    const first = await runBuild(args('A', out));
    expect(first.code).toBe(0);
    expect(which(snapshot(out))).toBe('A');
    const buildMs = first.ms;

    const random = rng(20240205);
    let current: 'A' | 'B' = 'A';
    const seen: string[] = [];
    for (let kill = 0; kill < KILLS; kill++) {
      const target = current === 'A' ? 'B' : 'A';
      // Detached: its own process group, so the kill takes workers and any helper process along.
      const child = spawn(process.execPath, [path.join(repoRoot, 'bin/hashmark.js'), 'build', ...args(target, out)], {
        detached: true,
        stdio: 'ignore',
      });
      const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
      // Moments spread over the whole build, a little past its usual end too.
      const delay = random() * buildMs * 1.3;
      await Promise.race([new Promise((r) => setTimeout(r, delay)), exited]);
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // The build had already finished.
      }
      await exited;
      // Checked before any build runs recovery.
      let found: 'A' | 'B' | null;
      if (existsSync(out)) found = which(snapshot(out));
      else {
        // The documented window between the two renames: the previous site waits in .out.hashmark-old-<pid>.
        const old = readdirSync(dir).find((n) => n.startsWith('.out.hashmark-old-'));
        expect(old, 'out/ missing and no previous site beside it').toBeDefined();
        found = which(snapshot(path.join(dir, old!)));
        expect(found).toBe(current);
      }
      expect(found, `after kill ${kill} at ${delay.toFixed(0)} ms: neither complete site`).not.toBeNull();
      seen.push(`${delay.toFixed(0)}ms:${current}->${found}`);
      current = found!;
    }
    // Which kills landed after a commit depends on the machine's speed; the property holds either way.
    console.log(`sigkill-build: ${POSTS} posts, warm build ${buildMs} ms; kills (delay:before->after) ${seen.join(' ')}`);

    const next = current === 'A' ? 'B' : 'A';
    const after = await runBuild(args(next, out));
    expect(after.code, after.stdout + after.stderr).toBe(0);
    expect(which(snapshot(out))).toBe(next);
    expectNoLeftovers(dir);
  }, STRESS ? 1_200_000 : 300_000);
});
