// Compiles src/ to lib/ (tsc), then bundles the Markdown renderer into one file, as ES module
// (lib/markdown/renderer.bundle.js, for a thread that renders itself) and as CommonJS
// (renderer.bundle.cjs, which the render worker's own small bundle, lib/markdown/worker.bundle.js,
// compiles with V8's code cache): a worker loading the unified stack as ~300 separate modules
// takes about 0.5 s to start, from one bundle about 0.15 s, and every build that renders a changed
// post waits for that start. The bundles are stamped with the fingerprint of the lib/ they were
// made from; the pool uses them only while that still matches, else the unbundled worker. Zod is
// bundled into one file the same way (src/vendor/zod.ts).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));

// `--prepare` is npm's prepare script, which compiles lib/ for developers on `npm ci`. npm also runs
// it on `npm pack` right after prepack has compiled, so it skips there; and without devDependencies
// (`npm ci --omit=dev`) it cannot compile, so it says so instead of failing the install.
if (process.argv.includes('--prepare')) {
  if (process.env.npm_command === 'pack' || process.env.npm_command === 'publish') process.exit(0);
  if (!existsSync(path.join(root, 'node_modules/typescript')) || !existsSync(path.join(root, 'node_modules/rolldown'))) {
    console.warn('hashmark: lib/ was not compiled: the compile needs the devDependencies (TypeScript, rolldown). Install them with npm ci.');
    process.exit(0);
  }
}

// `--clean` (prepack): a package must not ship compiled files whose source is gone.
if (process.argv.includes('--clean')) rmSync(path.join(root, 'lib'), { recursive: true, force: true });

try {
  execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
} catch {
  process.exitCode = 1;
}

const { rolldown } = await import('rolldown');

// Zod as one file (see src/vendor/zod.ts); made before the fingerprint below, which covers it.
const zodEntry = path.join(root, 'lib/vendor/zod.js');
const zod = await rolldown({ input: zodEntry, platform: 'node', logLevel: 'silent' });
const { output } = await zod.generate({ format: 'esm', codeSplitting: false });
await zod.close();
writeFileSync(zodEntry, output[0].code);
rmSync(`${zodEntry}.map`, { force: true }); // tsc's map, of the one-line re-export

const { libFingerprint } = await import(path.join(root, 'lib/code-fingerprint.js'));
const markdownDir = path.join(root, 'lib/markdown');
// The worker loads the renderer from its own bundles below (see src/markdown/worker.ts): left out of this one.
const bundle = await rolldown({ input: path.join(markdownDir, 'worker.js'), platform: 'node', logLevel: 'silent', external: (id) => id === './renderer.js' });
await bundle.write({ file: path.join(markdownDir, 'worker.bundle.js'), format: 'esm', codeSplitting: false });
await bundle.close();
// The renderer alone, for the threads that render a few posts themselves (a small site, dev): see importRenderer.
const rendererBundle = await rolldown({ input: path.join(markdownDir, 'renderer.js'), platform: 'node', logLevel: 'silent' });
// ASCII only (non-ASCII escaped in code, comments other than licences left out): read, hashed and
// compiled as a one-byte string, the file loads faster in each render worker (bench/RESULTS.md).
const asciiOnly = { charset: 'ascii', comments: { legal: true, annotation: false, jsdoc: false } };
await rendererBundle.write({ file: path.join(markdownDir, 'renderer.bundle.js'), format: 'esm', codeSplitting: false, ...asciiOnly });
// The same as CommonJS, for the render worker's bundle, which compiles it with V8's code cache (src/markdown/code-cache.ts).
await rendererBundle.write({ file: path.join(markdownDir, 'renderer.bundle.cjs'), format: 'cjs', codeSplitting: false, ...asciiOnly });
await rendererBundle.close();
writeFileSync(path.join(markdownDir, 'worker.bundle.json'), `${JSON.stringify({ lib: libFingerprint(path.join(root, 'lib')) })}\n`);

// The CLI and the workers it starts by name, as one bundle with shared chunks (packages stay
// imports): resolving and loading ~200 separate modules cost every command about 0.1 s. The
// stamp lets a bundle older than lib/ (tsc run alone) be passed over (src/cli-bundle.ts).
{
  const cliDir = path.join(root, 'lib/bundle');
  rmSync(cliDir, { recursive: true, force: true });
  const input = {
    cli: 'lib/cli.js',
    'page-worker': 'lib/render/page-worker.js',
    'search-worker': 'lib/search/search-worker.js',
    'survey-worker': 'lib/output/survey-worker.js',
    'trash-worker': 'lib/output/trash-worker.js',
  };
  const packageImport = (id) => !id.startsWith('.') && !path.isAbsolute(id);
  const cli = await rolldown({ input: Object.fromEntries(Object.entries(input).map(([k, v]) => [k, path.join(root, v)])), platform: 'node', logLevel: 'silent', external: packageImport });
  await cli.write({ dir: cliDir, format: 'esm', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' });
  await cli.close();
  writeFileSync(path.join(cliDir, 'stamp.json'), `${JSON.stringify({ lib: libFingerprint(path.join(root, 'lib')) })}\n`);
}

// The built-in theme's assets for base path `/`, built now so that a site that overrides none of
// them needs no Vite on its first build (see PREBUILT_ASSETS_DIR in src/render/theme-assets.ts).
{
  const themeAssets = await import(path.join(root, 'lib/render/theme-assets.js'));
  const prebuiltDir = path.join(root, 'lib/prebuilt-assets');
  rmSync(prebuiltDir, { recursive: true, force: true });
  mkdirSync(prebuiltDir, { recursive: true });
  const options = { root, templatesDir: path.join(root, 'templates'), cacheDir: null, basePath: '/', prebuiltDir: null };
  const built = await themeAssets.buildThemeAssets(options);
  const key = themeAssets.themeAssetsKey(options);
  if (built.diagnostics.length > 0 || key === undefined) {
    console.error('hashmark: the built-in theme assets could not be prebuilt:', JSON.stringify(built.diagnostics));
    process.exitCode = 1;
  } else {
    themeAssets.writePrebuiltAssets(prebuiltDir, built.value, key);
  }
}
