import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { copyFixtureSite } from '../support/tree.js';

const now = new Date('2026-06-01T12:00:00Z');

async function assetsAfterBuild(root: string): Promise<string[]> {
  const out = path.join(root, 'dist');
  const result = await build({ root, outDir: out, cacheDir: path.join(root, '.cache'), now, jobs: 1 });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return readdirSync(path.join(out, 'assets'));
}

describe('theme files for features few posts use', () => {
  it('ships KaTeX and mermaid only once a post needs them, and drops them again when none does', async () => {
    const root = copyFixtureSite('basic');
    const plain = await assetsAfterBuild(root);
    expect(plain.filter((f) => /^(math-|KaTeX_|mermaid\.min)/.test(f))).toEqual([]);

    const post = path.join(root, 'content', '2024-05-01-features.md');
    writeFileSync(post, '#title\nFeatures\n#date\n2024-05-01\n#body\nInline $e^{i\\pi} + 1 = 0$.\n\n```mermaid\ngraph TD; A-->B\n```\n');
    const rich = await assetsAfterBuild(root);
    expect(rich.some((f) => /^math-.+\.css$/.test(f))).toBe(true);
    expect(rich.some((f) => f.startsWith('KaTeX_'))).toBe(true);
    expect(rich.some((f) => /^mermaid\.min-.+\.js$/.test(f))).toBe(true);

    writeFileSync(post, '#title\nFeatures\n#date\n2024-05-01\n#body\nNo math, no diagrams.\n');
    const again = await assetsAfterBuild(root);
    expect(again.filter((f) => /^(math-|KaTeX_|mermaid\.min)/.test(f))).toEqual([]);
  });
});
