#!/usr/bin/env node
// The CLI is compiled from src/ into lib/: by `npm ci` in the repository (the prepare script), and
// before packing for the published package (prepack).
import { existsSync } from 'node:fs';

const bundled = new URL('../lib/bundle/cli.js', import.meta.url);
const unbundled = new URL('../lib/cli.js', import.meta.url);
if (!existsSync(unbundled)) {
  // A clone installed without devDependencies (`npm ci --omit=dev`) has nothing to run.
  process.stderr.write('hashmark: lib/ is not compiled. In a clone of the repository, run npm ci (the compile needs the devDependencies), or npm run compile.\n');
  process.exit(1);
}
// The bundle (scripts/compile.mjs) loads faster; it hands over to lib/cli.js itself when older than lib/.
const { main } = await import((existsSync(bundled) ? bundled : unbundled).href);
const code = await main(process.argv.slice(2));
process.exitCode = code;
