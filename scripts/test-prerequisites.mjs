// Run by `npm test` (as its `pretest` script) before Vitest: the end-to-end tests need Chromium
// (driven by playwright-core) and Java (for the W3C Nu HTML checker), which npm does not install.
// Where it can (root with apt-get, as on CI) it installs the missing Debian packages; anywhere else it
// stops with the command to run, so a missing browser never shows up as skipped or half-run tests.
//
//   HASHMARK_CHROMIUM=/path   the Chromium the tests launch (default /usr/bin/chromium)
//   HASHMARK_NO_INSTALL=1     only report what is missing, never install
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_PACKAGE = 'chromium';
export const JAVA_PACKAGE = 'default-jre-headless';

/**
 * What to do, given what was found. Pure, so the choices can be tested without a machine that lacks things.
 * @param {{
 *   chromium: { path: string, fromEnv: boolean, found: boolean, onPath?: string },
 *   java: boolean,
 *   install: { possible: boolean, why?: string },
 * }} found
 * @returns {{ action: 'ready' } | { action: 'install', packages: string[] } | { action: 'stop', message: string }}
 */
export function plan(found) {
  const { chromium, java, install } = found;
  // A HASHMARK_CHROMIUM that names nothing cannot be fixed by installing: the tests would still launch that path.
  if (chromium.fromEnv && !chromium.found) {
    return {
      action: 'stop',
      message:
        `HASHMARK_CHROMIUM is set to ${chromium.path}, which is not an executable file.\n` +
        `Point it at a Chromium binary, or unset it to use Debian's chromium at ${DEFAULT_CHROMIUM}.` +
        (java ? '' : `\nJava is missing too: sudo apt-get install ${JAVA_PACKAGE}`),
    };
  }
  const packages = [];
  if (!chromium.found) packages.push(CHROMIUM_PACKAGE);
  if (!java) packages.push(JAVA_PACKAGE);
  if (packages.length === 0) return { action: 'ready' };
  if (install.possible) return { action: 'install', packages };

  const missing = [];
  if (!chromium.found) missing.push(`Chromium (not at ${chromium.path})`);
  if (!java) missing.push('Java (`java -version` did not run)');
  const lines = [
    `Missing: ${missing.join(' and ')}. The end-to-end tests (tests/e2e) need ${missing.length > 1 ? 'both' : 'it'}.`,
    `Not installing here: ${install.why ?? 'installing is not possible'}.`,
    'On Debian, install them with the line below, then run the tests again:',
    `  sudo apt-get install ${packages.join(' ')}`,
  ];
  if (!chromium.found) {
    lines.push(
      chromium.onPath
        ? `or use the Chromium found on PATH: export HASHMARK_CHROMIUM=${chromium.onPath}`
        : 'or point HASHMARK_CHROMIUM at a Chromium binary.',
    );
  }
  return { action: 'stop', message: lines.join('\n') };
}

/** Whether this process may install packages itself, and if not why. */
export function installAbility(env = process.env) {
  if (env.HASHMARK_NO_INSTALL && env.HASHMARK_NO_INSTALL !== '0') return { possible: false, why: 'HASHMARK_NO_INSTALL is set' };
  if (!findOnPath('apt-get', env)) return { possible: false, why: 'apt-get was not found (this installs Debian packages only)' };
  if (process.getuid?.() !== 0) return { possible: false, why: 'not running as root' };
  return { possible: true };
}

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findOnPath(name, env = process.env) {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

function look(env = process.env) {
  const fromEnv = Boolean(env.HASHMARK_CHROMIUM);
  const chromiumPath = env.HASHMARK_CHROMIUM || DEFAULT_CHROMIUM;
  const found = isExecutable(chromiumPath);
  const onPath = found ? undefined : ['chromium', 'chromium-browser', 'google-chrome'].map((n) => findOnPath(n, env)).find(Boolean);
  const java = spawnSync('java', ['-version'], { stdio: 'ignore', env }).status === 0;
  return { chromium: { path: chromiumPath, fromEnv, found, onPath }, java };
}

/** Runs a command quietly; on failure prints what it said, since the reason is in there. */
function run(command, args) {
  const result = spawnSync(command, args, {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status === 0) return true;
  const said = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-30).join('\n');
  console.error(`test prerequisites: \`${command} ${args.join(' ')}\` failed${result.error ? ` (${result.error.message})` : ''}:\n${said}`);
  return false;
}

function main() {
  const env = process.env;
  let decision = plan({ ...look(env), install: installAbility(env) });
  if (decision.action === 'install') {
    console.log(`test prerequisites: installing ${decision.packages.join(' ')} with apt-get for the end-to-end tests`);
    const ok = run('apt-get', ['update', '-qq']) && run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...decision.packages]);
    // Checked again rather than trusted: the package could install its binary elsewhere.
    decision = plan({ ...look(env), install: { possible: false, why: ok ? 'apt-get ran, yet they are still missing' : 'apt-get failed (above)' } });
  }
  if (decision.action === 'stop') {
    console.error(`test prerequisites: ${decision.message}`);
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
