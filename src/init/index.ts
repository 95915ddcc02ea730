import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { packageDirOf } from '../worker-url.js';
import { BLOG_SCRIPTS, DEPLOY_WORKFLOW, GITIGNORE, SITE_CONFIG, welcomePost } from './files.js';

export interface InitOptions {
  /** The blog's folder; created when missing. */
  dir: string;
  /** For the welcome post's date, taken in UTC (the config's default time zone); default the clock. */
  now?: Date;
  /** The Hashmark version package.json depends on; default the running one's. */
  version?: string;
}

export type InitResult =
  | { ok: true; dir: string; files: string[]; needsInstall: boolean }
  | { ok: false; problem: string; hint: string };

/**
 * What `git init` and `npm install hashmark` leave in a folder. Such a folder counts as empty, so
 * "install the package, then `npx hashmark init`" works; package.json is then merged, not replaced.
 */
const TOLERATED = new Set(['.git', 'node_modules', 'package.json', 'package-lock.json']);

const EMPTY_HINT =
  'Run it with a new folder, e.g. `hashmark init my-blog`. A folder holding only .git, node_modules, package.json and package-lock.json (what `git init` and `npm install hashmark` make) counts as empty.';

/**
 * Creates a blog in an empty folder: a welcome post, site.config.ts, package.json, .gitignore and a
 * GitHub Pages workflow. Everything is checked before the first write, so a refusal writes nothing.
 */
export function initProject(options: InitOptions): InitResult {
  const dir = path.resolve(options.dir);
  const shown = dir.split(path.sep).join('/');
  let entries: string[] = [];
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) return { ok: false, problem: `${shown} is a file, not a folder; nothing was written.`, hint: EMPTY_HINT };
    entries = readdirSync(dir);
  }
  const others = entries.filter((e) => !TOLERATED.has(e)).sort();
  if (others.length > 0) {
    const listed = others.length > 5 ? `${others.slice(0, 5).join(', ')}, …` : others.join(', ');
    return { ok: false, problem: `${shown} is not empty (it holds ${listed}); nothing was written.`, hint: EMPTY_HINT };
  }

  const version = options.version ?? hashmarkVersion();
  const manifest = blogManifest(dir, version);
  if (!manifest.ok) return manifest;

  const date = (options.now ?? new Date()).toISOString().slice(0, 10);
  const files: Array<[string, string]> = [
    ['content/welcome.md', welcomePost(date)],
    ['site.config.ts', SITE_CONFIG],
    ['.gitignore', GITIGNORE],
    ['.github/workflows/deploy.yml', DEPLOY_WORKFLOW],
  ];
  try {
    for (const [file, text] of files) {
      const abs = path.join(dir, file);
      mkdirSync(path.dirname(abs), { recursive: true });
      // `wx`: never replace a file that appeared since the folder was found empty.
      writeFileSync(abs, text, { flag: 'wx' });
    }
    writeFileSync(path.join(dir, 'package.json'), manifest.text, { flag: manifest.existed ? 'w' : 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return { ok: false, problem: `${shown} could not be written (${code}).`, hint: 'Check that the folder is writable and that nothing else is writing into it.' };
  }
  const needsInstall = manifest.addedDependency || !existsSync(path.join(dir, 'node_modules', 'hashmark', 'package.json'));
  return { ok: true, dir, files: [...files.map(([file]) => file), 'package.json'], needsInstall };
}

type Manifest = { ok: true; text: string; existed: boolean; addedDependency: boolean } | { ok: false; problem: string; hint: string };

/** A new package.json, or the one `npm install hashmark` made with the blog's scripts added. */
function blogManifest(dir: string, version: string): Manifest {
  const file = path.join(dir, 'package.json');
  let pkg: Record<string, unknown> = { name: packageName(path.basename(dir)), private: true, type: 'module' };
  const existed = existsSync(file);
  if (existed) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      parsed = undefined;
    }
    if (!isRecord(parsed)) return { ok: false, problem: 'package.json is not a JSON object; nothing was written.', hint: 'Fix or remove package.json, then run hashmark init again.' };
    pkg = { ...parsed };
    pkg.private ??= true;
    pkg.type ??= 'module';
  }
  const scripts = isRecord(pkg.scripts) ? pkg.scripts : {};
  const clash = Object.keys(BLOG_SCRIPTS).filter((name) => scripts[name] !== undefined && scripts[name] !== BLOG_SCRIPTS[name]);
  if (clash.length > 0) {
    return {
      ok: false,
      problem: `package.json already has ${clash.map((n) => `a "${n}" script`).join(', ')}; nothing was written.`,
      hint: `Remove ${clash.length === 1 ? 'it' : 'them'}, or run hashmark init in a new folder.`,
    };
  }
  pkg.scripts = { ...scripts, ...BLOG_SCRIPTS };
  // A dependency already there (a tarball, a path, a pinned version) is the user's choice: kept.
  const dependencies = isRecord(pkg.dependencies) ? pkg.dependencies : {};
  const devDependencies = isRecord(pkg.devDependencies) ? pkg.devDependencies : {};
  const addedDependency = dependencies.hashmark === undefined && devDependencies.hashmark === undefined;
  if (addedDependency) pkg.dependencies = { ...dependencies, hashmark: `^${version}` };
  return { ok: true, text: `${JSON.stringify(pkg, null, 2)}\n`, existed, addedDependency };
}

/** The lines printed after a successful init: what to run next, from the folder the user is in. */
export function nextSteps(result: { dir: string; files: string[]; needsInstall: boolean }, cwd: string): string {
  const relative = path.relative(cwd, result.dir);
  const steps: Array<[string, string]> = [];
  if (relative !== '') steps.push([`cd ${/[\s'"$`\\]/.test(relative) ? JSON.stringify(relative) : relative}`, '']);
  if (result.needsInstall) steps.push(['npm install', 'install Hashmark']);
  steps.push(
    ['npm run dev', 'serve the blog on http://127.0.0.1:4321 while you write'],
    ['npm run new -- "Title"', 'start a draft post dated today'],
    ['npm run new -- --page "About"', 'add a page to the header menu'],
    ['npm run build', 'build the site into dist/'],
  );
  const width = Math.max(...steps.map(([command]) => command.length));
  return [
    `Created a blog in ${result.dir.split(path.sep).join('/')}:`,
    ...result.files.map((file) => `  ${file}`),
    '',
    'Next steps:',
    ...steps.map(([command, why]) => (why ? `  ${command.padEnd(width)}  # ${why}` : `  ${command}`)),
    '',
    'Set title, url and author in site.config.ts. To publish on GitHub Pages, push to GitHub and set',
    'Settings → Pages → Source to "GitHub Actions"; .github/workflows/deploy.yml does the rest.',
    '',
  ].join('\n');
}

/** The version of the running Hashmark. */
export function hashmarkVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(packageDirOf(import.meta.url), 'package.json'), 'utf8')) as { version?: unknown };
  if (typeof pkg.version !== 'string') throw new Error("Hashmark's package.json has no version.");
  return pkg.version;
}

/** npm's rules for a name: lower case, URL-safe, not starting with `.` or `_`. */
function packageName(folder: string): string {
  const name = folder.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+|-+$/g, '').slice(0, 214);
  // npm refuses to install a package into a project of the same name.
  return name === '' ? 'blog' : name === 'hashmark' ? 'hashmark-blog' : name;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
