import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WriteError, writeErrorDiagnostic, type OutputFs } from '../../../src/output/index.js';
import { surveyOutput } from '../../../src/output/survey.js';
import { buildSite, contentsOf, openWriter, site, snapshot, tempRoot } from './helpers.js';

type Call = keyof OutputFs;

/** node:fs with one call failing with `code` whenever `when` says so. */
function faulty(call: Call, code: string, when: (args: unknown[]) => boolean): OutputFs {
  const real = fs as unknown as Record<string, (...args: unknown[]) => unknown>;
  const wrapped = { ...fs } as unknown as Record<string, (...args: unknown[]) => unknown>;
  wrapped[call] = (...args: unknown[]) => {
    if (when(args)) throw Object.assign(new Error(`${code}: injected, ${call}`), { code });
    return real[call]?.(...args);
  };
  return wrapped as unknown as OutputFs;
}

const inStaging = (args: unknown[]) => String(args[0]).includes('hashmark-staging');

async function failingBuild(fsOverride: OutputFs) {
  const root = tempRoot();
  const options = { outDir: path.join(root, 'dist'), cacheDir: path.join(root, '.cache') };
  await buildSite(options, site(1));
  await buildSite(options, site(2)); // a spare folder exists from here on
  const before = snapshot(options.outDir);
  const writer = await openWriter({ ...options, fs: fsOverride });
  // Five new pages (staged writes) and two pages kept from build 2 whose inodes the spare lacks (links).
  for (const [file, contents] of Object.entries(site(2, 25))) await writer.write({ file, contents });
  const error = await writer.commit().then(
    () => undefined,
    (e: unknown) => e,
  );
  return { root, options, before, error };
}

describe('faults while writing', () => {
  it.each<[string, Call, string, (args: unknown[]) => boolean]>([
    ['ENOSPC writing a staged file', 'openSync', 'ENOSPC', inStaging],
    ['EACCES creating a staged folder', 'mkdirSync', 'EACCES', inStaging],
    ['EIO writing bytes', 'writeSync', 'EIO', () => true],
    ['EROFS moving the old site aside', 'renameSync', 'EROFS', (a) => String(a[1]).includes('hashmark-old')],
    ['EACCES moving the new site in', 'renameSync', 'EACCES', (a) => String(a[0]).includes('hashmark-staging') && String(a[1]).endsWith('dist')],
    ['ENOSPC linking an unchanged file', 'linkSync', 'ENOSPC', () => true],
  ])('%s: commit rejects with a WriteError and the previous output stays byte-identical', async (_name, call, code, when) => {
    const { root, options, before, error } = await failingBuild(faulty(call, code, when));
    expect(error).toBeInstanceOf(WriteError);
    expect((error as WriteError).code).toBe(code);
    expect((error as WriteError).message).toMatch(/^Could not \S.*: .*\([A-Z]+\)$/);
    expect(snapshot(options.outDir)).toEqual(before);
    expect(fs.readdirSync(root).sort()).toEqual(['.cache', 'dist']);
    // The next build works and is complete.
    await buildSite(options, site(4));
    expect(contentsOf(options.outDir)).toEqual(site(4));
  });

  it('falls back to copying when hard links are not supported', async () => {
    const root = tempRoot();
    const options = { outDir: path.join(root, 'dist'), cacheDir: path.join(root, '.cache') };
    await buildSite(options, site(1, 2));
    // The first build mirrored its site into the spare folder by hard links; on a file system
    // without them there would be no mirror.
    for (const name of fs.readdirSync(options.cacheDir)) {
      if (name.startsWith('output-spare-')) fs.rmSync(path.join(options.cacheDir, name), { recursive: true });
    }
    const writer = await openWriter({ ...options, fs: faulty('linkSync', 'EXDEV', () => true) });
    const next = { ...site(1, 2), 'index.html': 'changed' };
    for (const [file, contents] of Object.entries(next)) await writer.write({ file, contents });
    expect(await writer.commit()).toEqual({ written: 4, unchanged: 0, removed: 0 });
    expect(contentsOf(options.outDir)).toEqual(next);
  });

  it('mirrors a first site into the spare folder, so the next build links no unchanged file', async () => {
    const root = tempRoot();
    const options = { outDir: path.join(root, 'dist'), cacheDir: path.join(root, '.cache') };
    await buildSite(options, site(1, 2));
    const spare = fs.readdirSync(options.cacheDir).find((name) => name.startsWith('output-spare-'));
    expect(spare).toBeDefined();
    const live = fs.statSync(path.join(options.outDir, 'index.html'));
    expect(fs.statSync(path.join(options.cacheDir, spare!, 'index.html')).ino).toBe(live.ino);
    let links = 0;
    const writer = await openWriter({ ...options, fs: faulty('linkSync', 'EIO', () => (links++, false)) });
    const next = { ...site(1, 2), 'index.html': 'changed' };
    for (const [file, contents] of Object.entries(next)) await writer.write({ file, contents });
    expect(await writer.commit()).toEqual({ written: 1, unchanged: 3, removed: 0 });
    expect(links).toBe(0);
    expect(contentsOf(options.outDir)).toEqual(next);
  });

  it('answers whether the output is intact, and aborts, without waiting for the survey of the spare folder', async () => {
    const root = tempRoot();
    const options = { outDir: path.join(root, 'dist'), cacheDir: path.join(root, '.cache') };
    await buildSite(options, site(1));
    await buildSite(options, site(2));
    let stopped = false;
    // The output folder's part is the real one; the spare folder's never comes.
    const writer = await openWriter({
      ...options,
      survey: (folders) => {
        const real = surveyOutput(folders);
        return { out: real.out, spare: new Promise(() => undefined), stop: () => ((stopped = true), real.stop()) };
      },
    });
    expect(await writer.intact?.()).toBe(Object.keys(site(2)).length);
    await writer.abort();
    expect(stopped).toBe(true);
    expect(contentsOf(options.outDir)).toEqual(site(2));
  });

  it('builds a first site whole even when its spare folder cannot be made', async () => {
    const root = tempRoot();
    const options = { outDir: path.join(root, 'dist'), cacheDir: path.join(root, '.cache') };
    const writer = await openWriter({ ...options, fs: faulty('linkSync', 'EMLINK', () => true) });
    for (const [file, contents] of Object.entries(site(1, 2))) await writer.write({ file, contents });
    expect((await writer.commit()).written).toBe(4);
    expect(contentsOf(options.outDir)).toEqual(site(1, 2));
    expect(fs.readdirSync(options.cacheDir).some((name) => name.startsWith('output-spare-'))).toBe(false);
  });

  it('turns a failed commit into a write-failed diagnostic with a hint', async () => {
    const { error } = await failingBuild(faulty('openSync', 'ENOSPC', inStaging));
    const diagnostic = writeErrorDiagnostic(error as WriteError, 'dist');
    expect(diagnostic).toMatchObject({ severity: 'error', code: 'write-failed', file: 'dist' });
    expect(diagnostic.message).toMatch(/no space left on the device \(ENOSPC\)\. The previous output is unchanged\.$/);
    expect(diagnostic.hint).toContain('disk space');
  });

  it('reports a copy source that vanished at commit, not as a raw error', async () => {
    const root = tempRoot();
    const writer = await openWriter({ outDir: path.join(root, 'dist'), cacheDir: null });
    await writer.copy('favicon.ico', path.join(root, 'missing.ico'));
    await expect(writer.commit()).rejects.toBeInstanceOf(WriteError);
    expect(fs.existsSync(path.join(root, 'dist'))).toBe(false);
  });

  const canMount = process.platform === 'linux' && process.getuid?.() === 0 && tryMount();

  it.runIf(canMount)('on a real full disk (tmpfs) keeps the previous output and rejects with ENOSPC', async () => {
    const mount = tempRoot();
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mount]);
    try {
      const options = { outDir: path.join(mount, 'dist'), cacheDir: path.join(mount, '.cache') };
      const small = { 'index.html': 'a'.repeat(20_000), 'b.html': 'b'.repeat(20_000) };
      await buildSite(options, small);
      const before = snapshot(options.outDir);
      const big: Record<string, string> = {};
      for (let i = 0; i < 12; i++) big[`p${i}.html`] = String(i).repeat(30_000);
      const error = await buildSite(options, big).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(WriteError);
      expect((error as WriteError).code).toBe('ENOSPC');
      expect(snapshot(options.outDir)).toEqual(before);
    } finally {
      execFileSync('umount', [mount]);
    }
  });
});

function tryMount(): boolean {
  const dir = fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'hashmark-mount-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'ignore' });
    execFileSync('umount', [dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
