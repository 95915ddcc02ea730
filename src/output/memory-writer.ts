import { readFileSync } from 'node:fs';
import path from 'node:path';
import { assertSafeOutputPath, parentDirs } from './paths.js';
import type { OutputFile, WriteSummary, Writer } from './types.js';

/** A writer that keeps the site in memory (tests, dev server). Reusable: each commit or abort ends one build. */
export interface MemoryWriter extends Writer {
  /** The committed site, path → bytes. Replaced as a whole by each commit; unchanged by abort. */
  readonly files: ReadonlyMap<string, Uint8Array>;
}

export function createMemoryWriter(): MemoryWriter {
  let current: ReadonlyMap<string, Uint8Array> = new Map();
  let currentKeys = new Map<string, string>();
  let staged = new Map<string, Uint8Array>();
  let stagedKeys = new Map<string, string>();
  let stagedDirs = new Set<string>();

  const claim = (file: string): void => {
    assertSafeOutputPath(file);
    if (staged.has(file) || stagedDirs.has(file)) {
      throw new Error(`write: ${JSON.stringify(file)} is written twice, or is also a folder, in one build.`);
    }
    for (const dir of parentDirs(file)) {
      if (staged.has(dir)) throw new Error(`write: ${JSON.stringify(file)} needs ${JSON.stringify(dir)} to be a folder, but it is a file.`);
      stagedDirs.add(dir);
    }
  };
  const reset = (): void => {
    staged = new Map();
    stagedKeys = new Map();
    stagedDirs = new Set();
  };

  return {
    get files() {
      return current;
    },
    async keep(file: string, key: string) {
      const bytes = current.get(file);
      if (bytes === undefined || currentKeys.get(file) !== key || staged.has(file)) return false;
      claim(file);
      staged.set(file, bytes);
      stagedKeys.set(file, key);
      return true;
    },
    async write(file: OutputFile) {
      claim(file.file);
      const bytes = typeof file.contents === 'string' ? new TextEncoder().encode(file.contents) : Uint8Array.from(file.contents);
      staged.set(file.file, bytes);
      if (file.key !== undefined) stagedKeys.set(file.file, file.key);
    },
    async copy(file: string, fromAbsPath: string) {
      claim(file);
      if (!path.isAbsolute(fromAbsPath)) throw new Error(`copy: source ${JSON.stringify(fromAbsPath)} is not absolute.`);
      staged.set(file, new Uint8Array(readFileSync(fromAbsPath)));
    },
    async commit(): Promise<WriteSummary> {
      let written = 0;
      let unchanged = 0;
      for (const [file, bytes] of staged) {
        const before = current.get(file);
        if (before !== undefined && Buffer.from(before.buffer, before.byteOffset, before.byteLength).equals(bytes)) unchanged++;
        else written++;
      }
      let removed = 0;
      for (const file of current.keys()) if (!staged.has(file)) removed++;
      current = staged;
      currentKeys = stagedKeys;
      reset();
      return { written, unchanged, removed };
    },
    async abort() {
      reset();
    },
  };
}
