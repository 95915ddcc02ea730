import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listFileTree, sortTreePaths } from '../../../src/file-tree.js';

function tree(files: string[]): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'hashmark-file-tree-'));
  for (const file of files) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), file);
  }
  return root;
}

describe('listFileTree', () => {
  it('lists files depth first with sorted names, hidden files included, folders skipped on request', () => {
    const root = tree(['a.txt', 'a/x', 'a/b/y', '.h/z', '.dot', 'assets/app.js', 'B']);
    expect(listFileTree(root)).toEqual(['.dot', '.h/z', 'B', 'a/b/y', 'a/x', 'a.txt', 'assets/app.js']);
    expect(listFileTree(root, { skipDir: (rel) => rel === 'assets' || rel === 'a/b' })).toEqual(['.dot', '.h/z', 'B', 'a/x', 'a.txt']);
    expect(listFileTree(root, { dirs: true }).filter((p) => p.endsWith('/'))).toEqual(['.h/', 'a/', 'a/b/', 'assets/']);
  });

  it('lists links without following them, or leaves them out', () => {
    const root = tree(['a/x', 'f']);
    symlinkSync(path.join(root, 'a'), path.join(root, 'dir-link'));
    symlinkSync(path.join(root, 'f'), path.join(root, 'file-link'));
    symlinkSync(path.join(root, 'nowhere'), path.join(root, 'broken'));
    expect(listFileTree(root)).toEqual(['a/x', 'broken', 'dir-link', 'f', 'file-link']);
    expect(listFileTree(root, { links: 'omit' })).toEqual(['a/x', 'f']);
  });

  it('gives a missing folder as empty, or throws when asked to', () => {
    const missing = path.join(tree([]), 'missing');
    expect(listFileTree(missing)).toEqual([]);
    expect(() => listFileTree(missing, { errors: 'throw' })).toThrow(/ENOENT/);
  });
});

describe('sortTreePaths', () => {
  it('orders paths as a walk with each folder sorted by name does', () => {
    const segment = fc.stringMatching(/^[a-c.\-_]{1,3}$/);
    fc.assert(
      fc.property(fc.uniqueArray(fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => s.join('/'))), (paths) => {
        const bySegments = [...paths].sort((a, b) => {
          const x = a.split('/');
          const y = b.split('/');
          for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
          return x.length - y.length;
        });
        expect(sortTreePaths([...paths])).toEqual(bySegments);
      }),
    );
  });
});
