import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium; `HASHMARK_CHROMIUM` points elsewhere. */
export const CHROMIUM_PATH = process.env.HASHMARK_CHROMIUM ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launches the machine's Chromium. A missing browser fails the suite with the fix, never skips it:
 * a skipped accessibility check looks exactly like a passing one in a summary.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium was not found at ${CHROMIUM_PATH}. The e2e tests need a real browser: ` +
        '`npm test` installs it (as root with apt-get; `node scripts/test-prerequisites.mjs` does only that), ' +
        'or run `sudo apt-get install chromium`, or set HASHMARK_CHROMIUM to its path.',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS });
}
