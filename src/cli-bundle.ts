import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { libFingerprint } from './code-fingerprint.js';

/** The CLI's bundle folder inside lib/ and its stamp (scripts/compile.mjs). */
const CLI_BUNDLE_DIR = 'bundle';
const CLI_BUNDLE_STAMP = 'stamp.json';

/**
 * When the CLI runs from its bundle (lib/bundle/cli.js) but lib/ was compiled again since the
 * bundle was made (tsc alone), the URL of the unbundled lib/cli.js, which is then run instead;
 * otherwise undefined. The fingerprint is the one every build computes anyway, so this costs a read.
 */
export function staleBundleFallback(cliModuleUrl: string): URL | undefined {
  const file = fileURLToPath(cliModuleUrl);
  const bundleDir = path.dirname(file);
  if (path.basename(bundleDir) !== CLI_BUNDLE_DIR) return undefined;
  const lib = path.dirname(bundleDir);
  let made: unknown;
  try {
    made = (JSON.parse(readFileSync(path.join(bundleDir, CLI_BUNDLE_STAMP), 'utf8')) as { lib?: unknown }).lib;
  } catch {
    made = undefined;
  }
  return made === libFingerprint(lib) ? undefined : pathToFileURL(path.join(lib, path.basename(file)));
}
