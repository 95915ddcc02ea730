import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generators } from './generate.js';
import { pool, removeTempProjects, repoRoot, runBuild, scanOutput, snapshot, tempProject, type CliRun } from './support.js';

// The temp projects go when the file is done.
afterAll(removeTempProjects);

/**
 * Every folder of tests/fixtures/hostile/ is one hostile content folder with its expected.json,
 * built through the CLI exactly as a user would: `hashmark build --root R --content DIR --out DIR`.
 * A failing build must exit 1, name the file and the problem, print no stack trace and leave a
 * previously built site byte-identical; a passing one must exit 0 with no live injected markup and
 * nothing written outside --out.
 */

interface ExpectedDiagnostic {
  code: string;
  file: string;
  /** Text the printed diagnostic (its block) must contain. */
  text?: string;
}

interface Expected {
  outcome: 'fail' | 'pass' | 'pass-or-diagnostic' | 'any';
  generate?: keyof typeof generators;
  diagnostics?: ExpectedDiagnostic[];
  /** Exactly one error is printed. */
  oneError?: boolean;
  /** pass-or-diagnostic: the codes a failure may carry, and the file it must name. */
  codes?: string[];
  file?: string;
  maxSeconds?: number;
  warnings?: ExpectedDiagnostic[];
  /** Strings no output file may contain. */
  absent?: string[];
  /** Text the summary's scheduled list must mention. */
  scheduled?: string;
  /** Output files a passing build must still hold (reserved names stay owned by Hashmark). */
  keep?: string[];
  noBidiInPaths?: boolean;
}

interface CaseRun {
  name: string;
  expected: Expected;
  run: CliRun;
  out: string;
  outBefore: Record<string, string>;
  outAfter: Record<string, string>;
  /** The case's temp folder (project, content, cache) without out/ and cache/, before and after. */
  aroundBefore: Record<string, string>;
  aroundAfter: Record<string, string>;
  tmpBefore: Set<string>;
}

const casesDir = path.join(repoRoot, 'tests/fixtures/hostile');
// HASHMARK_HOSTILE_CASES=a,b runs only those cases (while working on one).
const only = process.env.HASHMARK_HOSTILE_CASES?.split(',');
const caseNames = readdirSync(casesDir)
  .filter((n) => existsSync(path.join(casesDir, n, 'expected.json')) && (!only || only.includes(n)))
  .sort();
const STACK_TRACE = /^\s+at /m;
const TRAVERSAL_NAMES = ['x', 'y', 'b', 'passwd', 'etc', 'escape', 'Windows'];

const runs = new Map<string, CaseRun>();
let goodTree: Record<string, string>;
/** How much slower than an idle machine this one runs now: the good site's build time over 3 s. */
let slowdown = 1;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The printed block of each diagnostic: its first line `path:line:col severity code message` and what follows up to the next. */
function blocks(stdout: string): Array<{ file: string; severity: string; code: string; text: string }> {
  const out: Array<{ file: string; severity: string; code: string; text: string }> = [];
  const header = /^(\S+?)(?::\d+(?::\d+)?)? (error|warning) ([a-z][a-z0-9-]*) /;
  for (const line of stdout.split('\n')) {
    const m = header.exec(line);
    if (m) out.push({ file: m[1]!, severity: m[2]!, code: m[3]!, text: line });
    else if (out.length > 0 && /^\s/.test(line)) out[out.length - 1]!.text += `\n${line}`;
  }
  return out;
}

async function runCase(name: string, goodOut: string): Promise<CaseRun> {
  const expected = JSON.parse(readFileSync(path.join(casesDir, name, 'expected.json'), 'utf8')) as Expected;
  const { dir, root } = tempProject(`hashmark-hostile-${name}-`);
  const content = path.join(dir, 'content');
  cpSync(path.join(casesDir, name, 'content'), content, { recursive: true });
  if (expected.generate) generators[expected.generate]!(content, dir);
  const out = path.join(dir, 'out');
  cpSync(goodOut, out, { recursive: true });
  const skip = (rel: string): boolean => rel === 'out' || rel.startsWith('out/') || rel === 'cache' || rel.startsWith('cache/');
  const aroundBefore = snapshot(dir, skip);
  const outBefore = snapshot(out);
  const tmpBefore = new Set(readdirSync(os.tmpdir()));
  const run = await runBuild(['--root', root, '--content', content, '--out', out, '--cache-dir', path.join(dir, 'cache')]);
  return {
    name, expected, run, out, outBefore, outAfter: snapshot(out), aroundBefore, aroundAfter: snapshot(dir, skip), tmpBefore,
  };
}

beforeAll(async () => {
  const good = tempProject('hashmark-hostile-good-');
  const content = path.join(good.dir, 'content');
  mkdirSync(content);
  writeFileSync(path.join(content, '2024-01-01-good.md'), '#title\nThe good site\n#date\n2024-01-01\n#body\nA complete earlier build.\n');
  const goodOut = path.join(good.dir, 'out');
  const built = await runBuild(['--root', good.root, '--content', content, '--out', goodOut, '--cache-dir', path.join(good.dir, 'cache')]);
  expect(built.stdout + built.stderr).toContain('Built 1 post');
  expect(built.code).toBe(0);
  goodTree = snapshot(goodOut);
  slowdown = Math.max(1, built.ms / 3000);
  // Three builds at a time keep two cores busy while processes start and load.
  // The generated (heavy) cases start first so the light ones fill the gaps beside them.
  const generated = (name: string): number => (readFileSync(path.join(casesDir, name, 'expected.json'), 'utf8').includes('"generate"') ? 0 : 1);
  const order = [...caseNames].sort((a, b) => generated(a) - generated(b));
  const done = await pool(order.map((name) => () => runCase(name, goodOut)), 3);
  for (const r of done) runs.set(r.name, r);
}, 300_000);

function expectNoCrash(r: CaseRun): void {
  const printed = r.run.stdout + r.run.stderr;
  expect(printed, 'stack trace').not.toMatch(STACK_TRACE);
  expect(printed).not.toContain('internal error');
  expect([0, 1], `exit code ${String(r.run.code)}:\n${printed.slice(0, 2000)}`).toContain(r.run.code);
  // Time bounds are stated for an idle machine and stretched by the measured slowdown (a loaded CI box).
  if (r.expected.maxSeconds) expect(r.run.ms / 1000, `seconds (slowdown ${slowdown.toFixed(1)})`).toBeLessThan(r.expected.maxSeconds * slowdown);
}

function expectFailed(r: CaseRun, diagnostics: ExpectedDiagnostic[], allowed?: string[]): void {
  const printed = blocks(r.run.stdout);
  expect(r.run.code, r.run.stdout).toBe(1);
  expect(r.run.stdout).toMatch(/Build failed with \d+ errors?: nothing was written, the previous output is unchanged/);
  for (const want of diagnostics) {
    const hit = printed.find(
      (b) => b.severity === 'error' && (want.code === '*' || b.code === want.code) && new RegExp(`(^|/)${escapeRe(want.file)}$`).test(b.file) && (!want.text || b.text.includes(want.text)),
    );
    expect(hit, `${want.code} on ${want.file}${want.text ? ` mentioning ${want.text}` : ''} in:\n${r.run.stdout}`).toBeDefined();
  }
  if (allowed) for (const b of printed.filter((x) => x.severity === 'error')) expect(allowed, b.text).toContain(b.code);
  for (const b of printed) expect(b.file, 'every diagnostic names a file').not.toBe('');
  // The site built before is exactly as it was.
  expect(r.outAfter).toEqual(goodTree);
  expect(r.aroundAfter).toEqual(r.aroundBefore);
}

function expectPassed(r: CaseRun): void {
  expect(r.run.code, r.run.stdout + r.run.stderr).toBe(0);
  expect(scanOutput(r.out)).toEqual([]);
  // Nothing outside --out: the project, the content and the temp folder around them are unchanged.
  expect(r.aroundAfter).toEqual(r.aroundBefore);
  for (const name of TRAVERSAL_NAMES) {
    if (!r.tmpBefore.has(name)) expect(existsSync(path.join(os.tmpdir(), name)), `${os.tmpdir()}/${name}`).toBe(false);
  }
  for (const file of Object.keys(r.outAfter)) {
    expect(file.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..' && !seg.includes('\\')), file).toBe(true);
  }
  const texts = Object.entries(r.outAfter)
    .filter(([, kind]) => kind !== 'dir' && kind !== 'link')
    .map(([file]) => [file, readFileSync(path.join(r.out, file), 'latin1')] as const);
  for (const absent of r.expected.absent ?? []) {
    for (const [file, t] of texts) expect(t.includes(absent), `${absent} in ${file}`).toBe(false);
  }
  for (const keep of r.expected.keep ?? []) expect(Object.keys(r.outAfter), keep).toContain(keep);
  for (const w of r.expected.warnings ?? []) {
    const hit = blocks(r.run.stdout).find((b) => b.severity === 'warning' && b.code === w.code && b.file.endsWith(`/${w.file}`));
    expect(hit, `${w.code} on ${w.file} in:\n${r.run.stdout}`).toBeDefined();
  }
  if (r.expected.scheduled) expect(r.run.stdout).toMatch(new RegExp(`scheduled[^\\n]*${escapeRe(r.expected.scheduled)}`));
  if (r.expected.noBidiInPaths) for (const file of Object.keys(r.outAfter)) expect(/[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/.test(file), file).toBe(false);
}

describe('hostile content folders through `hashmark build`', () => {
  it('has about thirty cases', () => {
    if (!only) expect(caseNames.length).toBeGreaterThanOrEqual(30);
  });

  it.each(caseNames)('%s', (name) => {
    const r = runs.get(name)!;
    expectNoCrash(r);
    const e = r.expected;
    switch (e.outcome) {
      case 'fail':
        expectFailed(r, e.diagnostics ?? []);
        if (e.oneError) expect(blocks(r.run.stdout).filter((b) => b.severity === 'error'), r.run.stdout).toHaveLength(1);
        break;
      case 'pass':
        expectPassed(r);
        break;
      case 'pass-or-diagnostic':
        if (r.run.code === 0) expectPassed(r);
        else expectFailed(r, e.file ? [{ code: '*', file: e.file }] : [], e.codes);
        break;
      case 'any':
        if (r.run.code === 0) {
          expectPassed(r);
          for (const file of Object.keys(r.outAfter).filter((f) => r.outAfter[f] !== 'dir')) {
            expect(readFileSync(path.join(r.out, file)).includes(0), `NUL in ${file}`).toBe(false);
          }
        } else expectFailed(r, []);
        break;
    }
  }, 120_000);
});
