import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { OUTPUT_MARKER } from '../../../src/output/guard.js';
import { outputKey } from '../../../src/output/manifest.js';
import { createDiskWriter, type DiskWriterOptions } from '../../../src/output/index.js';
import type { OutputFile, Writer } from '../../../src/output/types.js';

const made: string[] = [];

/** A fresh temporary project folder, removed after the test. */
export function tempRoot(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hashmark-output-'));
  made.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

export interface Entry {
  kind: 'file' | 'dir' | 'link';
  sha?: string;
  ino: number;
  mtimeMs: number;
}

/** Every entry under `dir` with a content hash, inode and mtime, sorted by path. */
export function snapshot(dir: string): Map<string, Entry> {
  const out = new Map<string, Entry>();
  const visit = (rel: string): void => {
    for (const name of fs.readdirSync(path.join(dir, rel)).sort()) {
      const r = rel === '' ? name : `${rel}/${name}`;
      const st = fs.lstatSync(path.join(dir, r));
      if (st.isDirectory()) {
        out.set(r, { kind: 'dir', ino: st.ino, mtimeMs: 0 });
        visit(r);
      } else if (st.isSymbolicLink()) {
        out.set(r, { kind: 'link', sha: fs.readlinkSync(path.join(dir, r)), ino: st.ino, mtimeMs: st.mtimeMs });
      } else {
        const sha = createHash('sha256').update(fs.readFileSync(path.join(dir, r))).digest('hex');
        out.set(r, { kind: 'file', sha, ino: st.ino, mtimeMs: st.mtimeMs });
      }
    }
  };
  visit('');
  return out;
}

/** Path → contents of every file, for comparing what a reader would see (the ownership marker is tested on its own). */
export function contentsOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [p, e] of snapshot(dir)) if (e.kind === 'file' && p !== OUTPUT_MARKER) out[p] = fs.readFileSync(path.join(dir, p), 'utf8');
  return out;
}

export async function openWriter(options: DiskWriterOptions): Promise<Writer> {
  const result = await createDiskWriter(options);
  if (result.value === undefined) throw new Error(`writer not opened: ${JSON.stringify(result.diagnostics)}`);
  return result.value;
}

/** One whole build: open, write every file, commit. */
export async function buildSite(options: DiskWriterOptions, files: Record<string, string>) {
  const writer = await openWriter(options);
  for (const [file, contents] of Object.entries(files)) await writer.write({ file, contents } satisfies OutputFile);
  return writer.commit();
}

export function site(generation: number, count = 20): Record<string, string> {
  const files: Record<string, string> = { 'index.html': `<h1>home ${generation}</h1>`, 'feed.xml': `<rss>${generation}</rss>` };
  for (let i = 0; i < count; i++) files[`posts/p${i}/index.html`] = `<p>post ${i}</p>`;
  return files;
}

/** A site of `count` posts whose every page says which generation it is. */
export function generationSite(generation: number, count: number): Record<string, string> {
  const files: Record<string, string> = { 'index.html': `<h1>home ${generation}</h1>` };
  for (let i = 0; i < count; i++) files[`posts/p${i}/index.html`] = `<p>post ${i} of ${generation}</p>`;
  return files;
}

/** A fresh project with its output and cache folders, and the trash folder the writer uses. */
export function trashSetup() {
  const root = fs.realpathSync(tempRoot());
  const outDir = path.join(root, 'dist');
  const cacheDir = path.join(root, '.cache');
  const trash = path.join(cacheDir, `output-trash-${outputKey(outDir)}`);
  return { root, outDir, cacheDir, trash, options: { outDir, cacheDir } };
}
