import { describe, expect, it } from 'vitest';

describe('the Markdown pipeline version', () => {
  it('names each package at the version Node resolves, nested installs included', async () => {
    const { createRequire } = await import('node:module');
    const { pipelineVersion } = await import('../../../src/markdown/pipeline-version.js');
    const versions = new Map(pipelineVersion().split(' ').map((part) => [part.slice(0, part.lastIndexOf('@')), part.slice(part.lastIndexOf('@') + 1)]));
    // Node's own answer: resolve the package's entry from the depending package, climb to its package.json.
    const { existsSync, readFileSync } = await import('node:fs');
    const path = await import('node:path');
    const folder = (name: string, fromFile: string): string => {
      let dir = path.dirname(createRequire(fromFile).resolve(name));
      const named = (d: string): boolean =>
        existsSync(path.join(d, 'package.json')) && (JSON.parse(readFileSync(path.join(d, 'package.json'), 'utf8')) as { name?: string }).name === name;
      while (!named(dir)) dir = path.dirname(dir);
      return dir;
    };
    const read = (name: string, from?: string): string => {
      const fromFile = from === undefined ? import.meta.filename : path.join(folder(from, import.meta.filename), 'package.json');
      return (JSON.parse(readFileSync(path.join(folder(name, fromFile), 'package.json'), 'utf8')) as { version: string }).version;
    };
    expect(versions.get('unified')).toBe(read('unified'));
    expect(versions.get('highlight.js')).toBe(read('highlight.js', 'lowlight'));
    expect(versions.get('micromark')).toBe(read('micromark', 'remark-parse'));
    expect(versions.get('rehype-highlight')).toBe(read('rehype-highlight'));
    expect([...versions.values()]).not.toContain('unknown');
  });
});
