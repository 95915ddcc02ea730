import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSite, contentsOf, snapshot, tempRoot } from './helpers.js';

// A small universe where files and folders collide across builds (a/b is a file in one build, a folder in another).
const paths = ['a', 'a/b', 'a/b/c', 'a/d', 'e', 'e/f', 'g/h/i', 'g/h'];

/** Picks a set of paths with no file sitting where another path needs a folder. */
const siteArb = fc
  .uniqueArray(fc.constantFrom(...paths), { maxLength: paths.length })
  .map((chosen) => chosen.filter((p) => !chosen.some((q) => q.startsWith(`${p}/`))))
  .chain((chosen) => fc.tuple(...chosen.map((p) => fc.constantFrom('1', '2').map((v) => [p, `${p}:${v}`] as const))))
  .map((entries) => Object.fromEntries(entries) as Record<string, string>);

describe('disk writer over many builds', () => {
  it('always ends with exactly the files of the last build, and never rewrites a file whose contents stayed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(siteArb, { minLength: 1, maxLength: 6 }), fc.boolean(), fc.boolean(), async (builds, withCache, survey) => {
        const root = tempRoot();
        // survey: the old output and spare folder are read on a worker thread instead of in the writer.
        const options = { outDir: path.join(root, 'dist'), cacheDir: withCache ? path.join(root, '.cache') : null, survey };
        let previous: Record<string, string> = {};
        for (const files of builds) {
          const before = snapshotIfAny(options.outDir);
          const summary = await buildSite(options, files);
          expect(contentsOf(options.outDir)).toEqual(files);
          const after = snapshot(options.outDir);
          let kept = 0;
          for (const [p, contents] of Object.entries(files)) {
            if (previous[p] === contents) {
              kept++;
              expect(after.get(p)?.ino).toBe(before.get(p)?.ino);
            }
          }
          expect(summary.unchanged).toBe(kept);
          expect(summary.written).toBe(Object.keys(files).length - kept);
          expect(summary.removed).toBe(Object.keys(previous).filter((p) => !(p in files)).length);
          previous = files;
        }
      }),
      { numRuns: 40 },
    );
  });
});

function snapshotIfAny(dir: string) {
  try {
    return snapshot(dir);
  } catch {
    return new Map();
  }
}
