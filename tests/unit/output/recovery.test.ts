import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OUTPUT_MARKER, OUTPUT_MARKER_TEXT } from '../../../src/output/guard.js';
import { buildSite, contentsOf, openWriter, site, snapshot, tempRoot } from './helpers.js';

function setup() {
  const root = tempRoot();
  return { root, options: { outDir: path.join(root, 'dist'), cacheDir: path.join(root, '.cache') } };
}

describe('recovery after a killed build', () => {
  it('puts the previous site back when a build died between the two renames of the swap', async () => {
    const { root, options } = setup();
    await buildSite(options, site(1));
    const before = snapshot(options.outDir);
    // The state a SIGKILL leaves after rename(dist → old) and before rename(staging → dist).
    fs.mkdirSync(path.join(root, '.dist.hashmark-staging-999999', 'posts'), { recursive: true });
    fs.writeFileSync(path.join(root, '.dist.hashmark-staging-999999', OUTPUT_MARKER), OUTPUT_MARKER_TEXT);
    fs.writeFileSync(path.join(root, '.dist.hashmark-staging-999999', 'index.html'), 'new but unfinished');
    fs.renameSync(options.outDir, path.join(root, '.dist.hashmark-old-999999'));
    fs.writeFileSync(path.join(root, '.dist.hashmark-lock'), JSON.stringify({ pid: 999999 }));

    const writer = await openWriter(options);
    expect(snapshot(options.outDir)).toEqual(before);
    expect(fs.readdirSync(root).sort()).toEqual(['.cache', '.dist.hashmark-lock', 'dist']);
    await writer.abort();
    expect(snapshot(options.outDir)).toEqual(before);
  });

  it('removes a half-built staging folder and an old site whose removal was cut short', async () => {
    const { root, options } = setup();
    await buildSite(options, site(1));
    const before = snapshot(options.outDir);
    fs.mkdirSync(path.join(root, '.dist.hashmark-staging-999998', 'a'), { recursive: true });
    fs.writeFileSync(path.join(root, '.dist.hashmark-staging-999998', OUTPUT_MARKER), OUTPUT_MARKER_TEXT);
    fs.mkdirSync(path.join(root, '.dist.hashmark-old-999997', 'b'), { recursive: true });
    fs.writeFileSync(path.join(root, '.dist.hashmark-old-999997', OUTPUT_MARKER), OUTPUT_MARKER_TEXT);
    fs.mkdirSync(path.join(root, '.dist.hashmark-old-999995'));
    fs.writeFileSync(path.join(root, '.dist.hashmark-lock.999996.x.tmp'), '{}');
    // Named like a leftover, but without the marker: not provably Hashmark's, so it stays.
    fs.mkdirSync(path.join(root, '.dist.hashmark-staging-999994', 'notes'), { recursive: true });
    fs.writeFileSync(path.join(root, '.dist.hashmark-staging-999994', 'notes', 'todo.txt'), 'mine');

    const summary = await buildSite(options, site(1));
    expect(summary).toEqual({ written: 0, unchanged: 22, removed: 0 });
    expect(snapshot(options.outDir)).toEqual(before);
    expect(fs.readdirSync(root).sort()).toEqual(['.cache', '.dist.hashmark-staging-999994', 'dist']);
    expect(fs.readFileSync(path.join(root, '.dist.hashmark-staging-999994', 'notes', 'todo.txt'), 'utf8')).toBe('mine');
  });

  it('builds normally after a first build that died before its swap', async () => {
    const { root, options } = setup();
    fs.mkdirSync(path.join(root, '.dist.hashmark-staging-999999'));
    fs.writeFileSync(path.join(root, '.dist.hashmark-staging-999999', 'index.html'), 'partial');
    expect(await buildSite(options, site(1, 1))).toMatchObject({ written: 3 });
    expect(contentsOf(options.outDir)).toEqual(site(1, 1));
  });

  it('does not trust a spare folder that a killed build left in any state', async () => {
    const { options, root } = setup();
    await buildSite(options, site(1, 3));
    await buildSite(options, site(2, 3)); // now the cache holds the replaced site as a spare
    const spare = fs.readdirSync(path.join(root, '.cache')).find((n) => n.startsWith('output-spare-'));
    expect(spare).toBeDefined();
    const spareDir = path.join(root, '.cache', spare ?? '');
    fs.writeFileSync(path.join(spareDir, 'junk.html'), 'junk');
    fs.rmSync(path.join(spareDir, 'posts', 'p1'), { recursive: true });
    fs.writeFileSync(path.join(spareDir, 'posts', 'p1'), 'a file where a folder was');
    fs.writeFileSync(path.join(spareDir, 'feed.xml'), '<rss>2</rss>'); // right bytes, wrong inode
    const next = { ...site(2, 3), 'index.html': 'changed' };
    await buildSite(options, next);
    expect(contentsOf(options.outDir)).toEqual(next);
  });
});
