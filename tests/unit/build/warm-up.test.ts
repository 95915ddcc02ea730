import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { prewarm, startEarly } from '../../../src/build/warm-up.js';
import { resolveMarkdownOptions } from '../../../src/markdown/options.js';
import { hasPrewarmed, hasSpare, releasePrewarmed } from '../../../src/markdown/pool.js';
import { pipelineKey, renderNamespace } from '../../../src/markdown/render-cache.js';
import { repoRoot } from '../../support/tree.js';

const dirs: string[] = [];
afterEach(() => {
  releasePrewarmed();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function contentWith(posts: number): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hashmark-warm-up-'));
  dirs.push(dir);
  mkdirSync(path.join(dir, 'content'));
  for (let i = 0; i < posts; i++) writeFileSync(path.join(dir, 'content', `p${i}.md`), '');
  return path.join(dir, 'content');
}

const job = { markdown: resolveMarkdownOptions(), cacheDir: null, jobs: 2 };
const warmed = (): boolean => hasPrewarmed({ options: job.markdown, entryRoot: renderNamespace(job.cacheDir, pipelineKey(job.markdown)).dir });

describe('the Markdown worker started ahead of need', () => {
  it('starts only when the content stage meets a changed post, and once', () => {
    const { small, onChange } = prewarm(job, contentWith(30));
    expect(small).toBe(false);
    expect(warmed()).toBe(false);
    onChange();
    expect(warmed()).toBe(true);
    releasePrewarmed();
    onChange();
    expect(warmed()).toBe(false);
  });

  it('starts for a small site too, but never without settings', () => {
    const small = prewarm(job, contentWith(3));
    expect(small.small).toBe(true);
    small.onChange();
    expect(warmed()).toBe(true);
    releasePrewarmed();
    prewarm(undefined, contentWith(30)).onChange();
    expect(warmed()).toBe(false);
  });
});

describe('the Markdown worker started before the settings are read', () => {
  it('starts for a small content folder only, and not with one job', () => {
    startEarly({ contentDir: contentWith(30), cacheDir: null, jobs: undefined });
    expect(hasSpare()).toBe(false);
    startEarly({ contentDir: contentWith(3), cacheDir: null, jobs: 1 });
    expect(hasSpare()).toBe(false);
    startEarly({ contentDir: contentWith(3), cacheDir: null, jobs: undefined });
    expect(hasSpare()).toBe(true);
  });

  it('starts only when the build has no cache folder yet, where every post renders', () => {
    const content = contentWith(3);
    startEarly({ contentDir: content, cacheDir: content, jobs: 2 });
    expect(hasSpare()).toBe(false);
    startEarly({ contentDir: content, cacheDir: path.join(content, 'no-such-cache'), jobs: 2 });
    expect(hasSpare()).toBe(true);
  });

  it('is the worker the first changed post prewarms, and is ended with the build when no post changed', () => {
    const content = contentWith(3);
    startEarly({ contentDir: content, cacheDir: null, jobs: 2 });
    const { onChange } = prewarm(job, content);
    onChange();
    expect(hasSpare()).toBe(false);
    expect(warmed()).toBe(true);
    releasePrewarmed();
    startEarly({ contentDir: content, cacheDir: null, jobs: 2 });
    releasePrewarmed();
    expect(hasSpare()).toBe(false);
  });
});

describe("V8's optimisation threshold", () => {
  // In a fresh process each: a V8 flag, once set, stays for the process.
  const flagsAfterStart = (contentDir: string, cacheDir: string | null): string => {
    const lib = (file: string): string => JSON.stringify(pathToFileURL(path.join(repoRoot, 'lib', file)).href);
    const script = `
      const { startEarly } = await import(${lib('build/warm-up.js')});
      const { runtimeV8Flags } = await import(${lib('markdown/pool.js')});
      startEarly({ contentDir: ${JSON.stringify(contentDir)}, cacheDir: ${JSON.stringify(cacheDir)}, jobs: 1 });
      process.stdout.write(runtimeV8Flags());`;
    return execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  };

  it('is raised for a small site and for a build with a cache folder, and left alone for a first build of a large site', () => {
    const large = contentWith(30);
    const small = contentWith(3);
    const cache = path.join(path.dirname(large), '.cache');
    mkdirSync(cache);
    expect(flagsAfterStart(large, null)).toBe('');
    expect(flagsAfterStart(large, path.join(path.dirname(large), 'no-cache-yet'))).toBe('');
    expect(flagsAfterStart(large, cache)).toMatch(/^--interrupt-budget=\d+$/);
    expect(flagsAfterStart(small, null)).toMatch(/^--interrupt-budget=\d+$/);
  });
});
