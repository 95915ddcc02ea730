import { describe, expect, it } from 'vitest';
import { closePagefind, indexShard, indexerPids } from '../../../src/search/pagefind-runner.js';

const page = (title: string): string => `<!doctype html><html lang="en"><body><main data-pagefind-body><h1>${title}</h1><p>Some text about ${title}.</p></main></body></html>`;

describe('closePagefind', () => {
  it('returns only once the indexer process has exited and been reaped, so its CPU time is the build’s', async () => {
    const { files, errors } = await indexShard([{ url: '/a/', html: () => page('Alpha') }, { url: '/b/', html: () => page('Beta') }], 'en');
    expect(errors).toEqual([]);
    expect(files.length).toBeGreaterThan(0);
    const pids = indexerPids();
    expect(pids).toHaveLength(1);
    await closePagefind();
    // kill(pid, 0) still succeeds on a zombie: ESRCH means this process waited for it.
    expect(() => process.kill(pids[0]!, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
    expect(indexerPids()).toEqual([]);
  });

  it('does nothing when no indexer was started', async () => {
    expect(indexerPids()).toEqual([]);
    await expect(closePagefind()).resolves.toBeUndefined();
  });
});
