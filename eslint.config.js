// Lint is a guard rail for the design, not a style guide: the pipeline's import order, no code
// evaluation in src/, and a few rules that catch real bugs. Formatting is left alone.
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import path from 'node:path';
import tseslint from 'typescript-eslint';

const ROOT = import.meta.dirname;

/**
 * The layers of src/, bottom first: the pipeline's stages in the order they run, then the
 * orchestrators. A file may import its own layer and any layer below it, never one above (type-only
 * imports included: a type still ties an earlier stage to the shape of a later one).
 */
const STAGES = [
  ['config', ['src/config/**']],
  ['content', ['src/content/**']],
  ['markdown', ['src/markdown/**']],
  ['site', ['src/site/**']],
  ['images', ['src/images/**']],
  ['render', ['src/render/**']],
  ['links', ['src/links/**']],
  ['search', ['src/search/**']],
  ['output', ['src/output/**']],
  // The build orchestrator and the helpers only it uses (scratch.ts marks its folder with output's marker).
  ['build', ['src/build.ts', 'src/build/**', 'src/build-state.ts', 'src/scratch.ts']],
  ['dev', ['src/dev/**']],
  // The entry points: the command line, and the package's public API (index.ts, what a site.config.ts imports).
  ['entry', ['src/cli.ts', 'src/commands/**', 'src/index.ts']],
];
const TOP_LEVEL_FILES = STAGES.flatMap(([, globs]) => globs).filter((glob) => /^src\/[^/*]+\.ts$/.test(glob));
// Everything else in src/ is a shared utility (diagnostics.ts, atomic-file.ts, vendor/, cache/, ...),
// the bottom layer: it may import no stage at all, so a new module that needs one must be placed above.
const SHARED = [`src/!(${TOP_LEVEL_FILES.map((file) => path.basename(file, '.ts')).join('|')}).ts`, 'src/vendor/**', 'src/cache/**'];

// The rule wants a zone's `from` all globs or all plain paths: `src/@(build.ts)` is src/build.ts as a glob.
const asGlob = (glob) => (glob.includes('*') ? glob : glob.replace(/[^/]+$/, '@($&)'));

// One zone per layer: its files may import nothing from the layers above it.
const zones = [['shared', SHARED], ...STAGES].flatMap(([name, target], i, layers) => {
  const above = layers.slice(i + 1);
  if (above.length === 0) return [];
  return [
    {
      target,
      from: above.flatMap(([, globs]) => globs.map(asGlob)),
      message: `${name} sits below ${above.map(([n]) => n).join(', ')}: see "Import boundaries" in docs/architecture.md.`,
    },
  ];
});

export default tseslint.config(
  // What .gitignore leaves out (built output, benchmark workspaces, caches) is never linted either.
  { ignores: ['lib/', 'dist/', 'node_modules/', 'bench/peers/', 'bench/.work/', 'tests/fixtures/', 'tests/.tmp/', '**/*.bundle.js', '.cache/', '.hashmark/'] },

  // Every file: parse clean, plus core rules that catch real bugs (no-undef, no-unreachable, ...).
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `const { body: _body, ...rest } = post` is how the code drops a field: a leading _ marks it unused on purpose.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Style, not bugs: a let assigned once after closures that read it is fine.
      'prefer-const': 'off',
      // The control characters in src/'s regexes are the point (finding and escaping them in text).
      'no-control-regex': 'off',
    },
  },

  // Tests, scripts and benchmarks only need to parse clean and avoid real bugs.
  {
    files: ['tests/**', 'scripts/**', 'bench/**'],
    rules: {
      // `junk = undefined` to let the collector have it, and a default before a try, are on purpose there.
      'no-useless-assignment': 'off',
    },
  },

  // No evaluation of strings as code anywhere in src/: content and templates are untrusted input.
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-eval': 'error',
      'no-new-func': 'error',
      'no-implied-eval': 'error',
      'no-restricted-properties': [
        'error',
        ...['runInContext', 'runInNewContext', 'runInThisContext', 'compileFunction', 'Script', 'SourceTextModule'].map((property) => ({
          object: 'vm',
          property,
          message: 'node:vm evaluates code: src/ never evaluates strings as code.',
        })),
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'node:vm',
              importNames: ['runInContext', 'runInNewContext', 'runInThisContext', 'compileFunction', 'Script', 'SourceTextModule'],
              message: 'node:vm evaluates code: src/ never evaluates strings as code.',
            },
            {
              name: 'vm',
              message: "Import 'node:vm' as a namespace (vm.*) so the no-eval rules see each use.",
            },
          ],
        },
      ],
    },
  },

  // Import boundaries: a stage never imports a later stage, nor the orchestrators above them.
  {
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      // Resolves `./x.js` to the `x.ts` beside it, as TypeScript does, so every import is checked by its real file.
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: path.join(ROOT, 'tsconfig.json') })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: ROOT, zones }],
    },
  },
);
