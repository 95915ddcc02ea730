import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/tree.js';

/** The project's own eslint.config.js, run on made-up files at real places in src/ (the imports resolve to real modules). */

const BOUNDARY = 'import-x/no-restricted-paths';

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: repoRoot });
});

async function lint(file: string, code: string): Promise<{ ruleId: string | null; line: number; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, file) });
  expect(result, file).toBeDefined();
  return result!.messages.map(({ ruleId, line, message }) => ({ ruleId, line, message }));
}

const boundaryErrors = async (file: string, code: string) => (await lint(file, code)).filter((m) => m.ruleId === BOUNDARY);

describe('import boundaries (stage order)', () => {
  it('refuses a content module importing render, even a type', async () => {
    const errors = await boundaryErrors('src/content/x.ts', "import type { PageRenderer } from '../render/types.js';\nexport type X = PageRenderer;\n");
    expect(errors).toHaveLength(1);
    expect(errors[0]!.line).toBe(1);
    expect(errors[0]!.message).toContain('content sits below');
    expect(errors[0]!.message).toContain('render');
  });

  it('refuses a stage importing the build orchestrator, and a dynamic import of dev/', async () => {
    const errors = await boundaryErrors(
      'src/markdown/x.ts',
      "import { build } from '../build.js';\nexport const b = build;\nexport const d = () => import('../dev/index.js');\n",
    );
    expect(errors.map((e) => e.line)).toEqual([1, 3]);
  });

  it('refuses an upward import however the path is spelled', async () => {
    expect(await boundaryErrors('src/site/x.ts', "export * from '../site/../render/index.js';\n")).toHaveLength(1);
  });

  it('refuses a shared utility (any top-level module not placed in a layer) importing a stage', async () => {
    const errors = await boundaryErrors('src/some-new-helper.ts', "export { loadConfig } from './config/index.js';\n");
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain('shared sits below config');
  });

  it('allows imports down the order: render from site, content and shared code; dev and cli from build, not a shared module', async () => {
    expect(
      await lint(
        'src/render/x.ts',
        [
          "import type { PostSummary } from '../site/types.js';",
          "import type { Post } from '../content/types.js';",
          "import type { Diagnostic } from '../diagnostics.js';",
          'export type X = [PostSummary, Post, Diagnostic];',
          '',
        ].join('\n'),
      ),
    ).toEqual([]);
    expect(await boundaryErrors('src/dev/x.ts', "export { build } from '../build.js';\n")).toEqual([]);
    expect(await boundaryErrors('src/new-helper.ts', "export { build } from './build.js';\n")).toHaveLength(1);
    expect(await boundaryErrors('src/cli.ts', "export { startDevServer } from './dev/index.js';\n")).toEqual([]);
  });
});

describe('no code evaluation in src/', () => {
  it.each([
    ['eval', "export const x = eval('x');\n", 'no-eval'],
    ['new Function', "export const f = new Function('return 1');\n", 'no-new-func'],
    ['a string to setTimeout', "setTimeout('x()', 1);\n", 'no-implied-eval'],
    ['vm.runInNewContext', "import vm from 'node:vm';\nexport const y = vm.runInNewContext('1 + 1');\n", 'no-restricted-properties'],
    ['new vm.Script', "import vm from 'node:vm';\nexport const s = new vm.Script('1');\n", 'no-restricted-properties'],
    ['vm.compileFunction', "import * as vm from 'node:vm';\nexport const f = vm.compileFunction('return 1');\n", 'no-restricted-properties'],
    ['a named import from node:vm', "import { runInThisContext } from 'node:vm';\nexport const r = runInThisContext;\n", 'no-restricted-imports'],
  ])('is an error: %s', async (_what, code, rule) => {
    const messages = await lint('src/content/x.ts', code);
    expect(messages.map((m) => m.ruleId)).toContain(rule);
  });
});
