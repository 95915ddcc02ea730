import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { BuildOptions, BuildResult } from './build.js';
import { checkSiteUrl, normalizeBasePath, type Checked } from './config/location.js';
import { didYouMean } from './content/index.js';
import { formatDiagnostics, hasErrors, summarize, type Diagnostic, type DiagnosticFormat } from './diagnostics.js';

/** Exit codes: 0 ok, 1 content or build errors, 2 usage errors, 70 internal error (a bug in Hashmark). */
export const EXIT = { ok: 0, errors: 1, usage: 2, internal: 70 } as const;

interface FlagSpec {
  type: 'string' | 'boolean';
  short?: string;
  value?: string;
  description: string;
}

const GLOBAL_FLAGS: Record<string, FlagSpec> = {
  root: { type: 'string', value: 'DIR', description: 'Project root (default: the current folder).' },
  content: { type: 'string', value: 'DIR', description: 'Folder of posts (default: <root>/content).' },
  out: { type: 'string', value: 'DIR', description: 'Output folder (default: <root>/dist).' },
  format: { type: 'string', value: 'text|github|json', description: 'How problems are printed (default: text).' },
  help: { type: 'boolean', short: 'h', description: 'Show help for this command.' },
};

interface CommandSpec {
  summary: string;
  usage: string;
  flags: Record<string, FlagSpec>;
  positionals?: boolean;
}

const COMMANDS: Record<string, CommandSpec> = {
  check: {
    summary: 'Build the site in memory and report every problem, broken links included; writes no output.',
    usage: 'hashmark check [flags]',
    flags: {},
  },
  build: {
    summary: 'Build the site into the output folder.',
    usage: 'hashmark build [flags]',
    flags: {
      base: { type: 'string', value: 'PATH', description: "Base path the site is served under, e.g. /blog/; /blog and blog mean the same (overrides the config's basePath)." },
      'site-url': { type: 'string', value: 'URL', description: "Site origin for feeds, the sitemap and canonical links, e.g. https://example.com; a path goes in --base (overrides the config's url)." },
      drafts: { type: 'boolean', description: 'Include posts marked as drafts.' },
      future: { type: 'boolean', description: 'Include posts dated after today.' },
      jobs: { type: 'string', value: 'N', description: 'Markdown worker threads (default: one per core).' },
      'cache-dir': { type: 'string', value: 'DIR', description: 'Render cache folder (default: <root>/.cache).' },
      'no-cache': { type: 'boolean', description: 'Do not read or write the render cache.' },
      'force-out': { type: 'boolean', description: 'Replace an existing output folder that Hashmark did not write (everything in it is deleted).' },
    },
  },
  dev: {
    summary: 'Serve the site locally and rebuild on every change.',
    usage: 'hashmark dev [flags]',
    flags: {
      port: { type: 'string', value: 'N', description: 'Port to listen on (default: 4321).' },
      host: { type: 'string', value: 'HOST', description: 'Address to bind (default: 127.0.0.1).' },
      open: { type: 'boolean', description: 'Open the site in a browser.' },
    },
  },
  new: {
    summary: 'Create a new post file from a title.',
    usage: 'hashmark new <title> [flags]',
    positionals: true,
    flags: {
      tags: { type: 'string', value: 'LIST', description: 'Tags, comma-separated, e.g. "Kafka,Patterns".' },
      featured: { type: 'boolean', description: 'Mark the post as featured.' },
      draft: { type: 'boolean', description: 'Mark the post as a draft.' },
    },
  },
  init: {
    summary: 'Create a new blog in an empty folder (default: the current folder).',
    usage: 'hashmark init [dir] [flags]',
    positionals: true,
    flags: {},
  },
};

const FORMATS: readonly DiagnosticFormat[] = ['text', 'github', 'json'];

class UsageError extends Error {}

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const io: Io = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
};

/** Runs the CLI; never throws, never exits the process: the exit code is returned. */
export async function main(argv: string[]): Promise<number> {
  try {
    return await run(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`hashmark: ${error.message}\n`);
      return EXIT.usage;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.err(`hashmark: internal error: ${message}\n`);
    if (process.env.HASHMARK_DEBUG === '1' && error instanceof Error && error.stack) io.err(`${error.stack}\n`);
    else io.err('This is a bug in Hashmark. Run again with HASHMARK_DEBUG=1 to see where it happened.\n');
    return EXIT.internal;
  }
}

async function run(argv: string[]): Promise<number> {
  const split = splitCommand(argv);
  if (split.command === undefined) {
    if (split.rest.includes('--version')) {
      io.out(`${version()}\n`);
      return EXIT.ok;
    }
    const wantsHelp = split.rest.includes('--help') || split.rest.includes('-h');
    (wantsHelp ? io.out : io.err)(mainHelp());
    return wantsHelp ? EXIT.ok : EXIT.usage;
  }
  let name = split.command;
  let rest = split.rest;
  if (name === 'help') {
    const topic = rest.find((a) => !a.startsWith('-'));
    if (topic === undefined) {
      io.out(mainHelp());
      return EXIT.ok;
    }
    name = topic;
    rest = ['--help'];
  }
  const spec = COMMANDS[name];
  if (!spec) {
    const guess = didYouMean(name, Object.keys(COMMANDS));
    throw new UsageError(
      `unknown command '${name}'.${guess ? ` Did you mean '${guess}'?` : ''} Commands: ${Object.keys(COMMANDS).join(', ')}. Run 'hashmark --help'.`,
    );
  }
  const args = parseCommand(name, spec, rest);
  if (args.values.help === true) {
    io.out(commandHelp(name, spec));
    return EXIT.ok;
  }
  const format = args.values.format ?? 'text';
  if (typeof format !== 'string' || !(FORMATS as readonly string[]).includes(format)) {
    const guess = didYouMean(String(format), FORMATS);
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not '${String(format)}'.${guess ? ` Did you mean '${guess}'?` : ''}`);
  }
  const root = path.resolve(stringFlag(args.values, 'root') ?? process.cwd());
  const common = {
    root,
    contentDir: path.resolve(root, stringFlag(args.values, 'content') ?? 'content'),
    outDir: path.resolve(root, stringFlag(args.values, 'out') ?? 'dist'),
    format: format as DiagnosticFormat,
  };
  switch (name) {
    case 'check':
      return check(common);
    case 'build':
      return runBuild(common, args.values);
    case 'dev':
      return dev(common, args.values);
    case 'new':
      return newCommand(common, args.values, args.positionals);
    case 'init':
      return initCommand(common, args.positionals);
    default:
      throw new UsageError(`unknown command '${name}'.`);
  }
}

interface Common {
  root: string;
  contentDir: string;
  outDir: string;
  format: DiagnosticFormat;
}

type Values = Record<string, string | boolean | undefined>;

function stringFlag(values: Values, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

function printDiagnostics(diagnostics: Diagnostic[], common: Common): void {
  const color = common.format === 'text' && process.stdout.isTTY === true && process.env.NO_COLOR === undefined;
  io.out(formatDiagnostics(diagnostics, common.format, { root: common.root, color }));
}

/** Human lines go to stdout, except with --format json, where stdout must stay pure JSON. */
function note(common: Common, line: string): void {
  (common.format === 'json' ? io.err : io.out)(`${line}\n`);
}

/** The whole build, links included, into memory: every problem `build` would report, and nothing written to the output folder. */
async function check(common: Common): Promise<number> {
  const { build } = await import('./build.js');
  const { createMemoryWriter } = await import('./output/index.js');
  const progress = process.stderr.isTTY === true ? progressBar() : undefined;
  let result: BuildResult;
  try {
    result = await build({
      root: common.root,
      contentDir: common.contentDir,
      outDir: common.outDir,
      writer: createMemoryWriter(),
      ...(progress ? { onProgress: progress.update } : {}),
    });
  } finally {
    progress?.clear();
  }
  printDiagnostics(result.diagnostics, common);
  const count = result.posts + result.drafts.length + result.scheduled.length;
  const posts = `${count} post${count === 1 ? '' : 's'}`;
  if (result.diagnostics.length === 0) note(common, `Checked ${posts} and ${result.pages} page${result.pages === 1 ? '' : 's'}: no problems.`);
  else if (common.format !== 'text') note(common, `Checked ${posts}: ${summarize(result.diagnostics)}.`);
  return hasErrors(result.diagnostics) ? EXIT.errors : EXIT.ok;
}

/** Serves the site until Ctrl+C; problems are printed when they change, never ending the server. */
async function dev(common: Common, values: Values): Promise<number> {
  const portText = stringFlag(values, 'port');
  let port = 4321;
  if (portText !== undefined) {
    port = Number(portText);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535, not '${portText}'.`);
  }
  const host = stringFlag(values, 'host') ?? '127.0.0.1';
  const { startDevServer } = await import('./dev/index.js');
  // dev writes no output folder, but fills the cache: the same places are refused as for build.
  const { resolvePublicDir, resolveTemplatesDir } = await import('./project.js');
  const { guardProject, tagCacheDir } = await import('./output/guard.js');
  const cacheDir = path.join(common.root, '.cache');
  const refused = guardProject({
    root: common.root, contentDir: common.contentDir, templatesDir: resolveTemplatesDir(common.root), publicDir: resolvePublicDir(common.root),
    outDir: common.outDir, cacheDir,
  });
  if (refused.length > 0) {
    printDiagnostics(refused, common);
    return EXIT.errors;
  }
  tagCacheDir(cacheDir);
  let last = '';
  const show = (diagnostics: Diagnostic[]): void => {
    const color = common.format === 'text' && process.stdout.isTTY === true && process.env.NO_COLOR === undefined;
    const text = formatDiagnostics(diagnostics, common.format, { root: common.root, color });
    if (text === last) return;
    last = text;
    if (text === '' || (common.format === 'json' && diagnostics.length === 0)) note(common, 'No problems.');
    else io.out(text);
  };
  let server: Awaited<ReturnType<typeof startDevServer>>;
  try {
    server = await startDevServer({
      root: common.root,
      contentDir: common.contentDir,
      host,
      port,
      strictPort: portText !== undefined,
      open: values.open === true,
      onDiagnostics: show,
      onChange: (outcome) =>
        note(common, `${outcome.kinds.join(', ')} changed: updated in ${outcome.ms.toFixed(0)} ms (${outcome.cpuMs.toFixed(0)} ms CPU)`),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || /already in use/i.test(String(error))) {
      io.err(`hashmark dev: port ${port} on ${host} is in use. Stop the other server or pass another --port.\n`);
      return EXIT.errors;
    }
    throw error;
  }
  note(common, `hashmark dev: serving ${server.url} (drafts and scheduled posts are shown with a badge). Press Ctrl+C to stop.`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return EXIT.ok;
}

/** Writes `content/<slug>.md` and prints its path. */
async function newCommand(common: Common, values: Values, positionals: string[]): Promise<number> {
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? `'new' needs the post title: hashmark new "My first post".`
        : `'new' takes one title; quote it when it has spaces: hashmark new "${positionals.join(' ')}".`,
    );
  }
  const { newPost } = await import('./dev/index.js');
  const tags = stringFlag(values, 'tags');
  const created = await newPost({
    root: common.root,
    contentDir: common.contentDir,
    title: positionals[0]!,
    tags: tags === undefined ? [] : tags.split(','),
    featured: values.featured === true,
    draft: values.draft === true,
  });
  printDiagnostics(created.diagnostics, common);
  if (!created.value) return EXIT.errors;
  io.out(`${created.value.file}\n`);
  return EXIT.ok;
}

/** Creates a blog in `dir` (relative to --root, default the current folder); the work is in src/init/. */
async function initCommand(common: Common, positionals: string[]): Promise<number> {
  if (positionals.length > 1) throw new UsageError(`'init' takes one folder; quote it when it has spaces: hashmark init "${positionals.join(' ')}".`);
  const { initProject, nextSteps } = await import('./init/index.js');
  const created = initProject({ dir: path.resolve(common.root, positionals[0] ?? '.') });
  if (!created.ok) {
    io.err(`hashmark init: ${created.problem}\n  hint: ${created.hint}\n`);
    return EXIT.errors;
  }
  io.out(nextSteps(created, process.cwd()));
  return EXIT.ok;
}

async function runBuild(common: Common, values: Values): Promise<number> {
  const jobsText = stringFlag(values, 'jobs');
  let jobs: number | undefined;
  if (jobsText !== undefined) {
    jobs = Number(jobsText);
    if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs must be a whole number of at least 1, not '${jobsText}'.`);
  }
  const options: BuildOptions = {
    root: common.root,
    contentDir: common.contentDir,
    outDir: common.outDir,
    drafts: values.drafts === true,
    future: values.future === true,
  };
  const base = locationFlag(values, 'base', normalizeBasePath);
  const siteUrl = locationFlag(values, 'site-url', checkSiteUrl);
  const cacheDir = stringFlag(values, 'cache-dir');
  if (base !== undefined) options.basePath = base;
  if (siteUrl !== undefined) options.siteUrl = siteUrl;
  // Only `build` makes output to publish. `check` writes nothing and usually runs in CI beside a
  // build that warns already, and `dev` serves on localhost, where the default url is right.
  options.warnDefaultSiteUrl = true;
  if (jobs !== undefined) options.jobs = jobs;
  if (values['force-out'] === true) options.forceOut = true;
  if (values['no-cache'] === true) options.cacheDir = null;
  else if (cacheDir !== undefined) options.cacheDir = path.resolve(common.root, cacheDir);
  const progress = process.stderr.isTTY === true ? progressBar() : undefined;
  if (progress) options.onProgress = progress.update;
  let result: BuildResult;
  try {
    // Loaded on demand: `check` should not pay for the Markdown, template and Vite imports.
    const { build } = await import('./build.js');
    result = await build(options);
  } finally {
    progress?.clear();
  }
  printDiagnostics(result.diagnostics, common);
  note(common, buildSummary(result));
  return result.ok && !hasErrors(result.diagnostics) ? EXIT.ok : EXIT.errors;
}

/** A `--base` or `--site-url` value, checked by the config's own rule; a bad one is the command line's fault. */
function locationFlag(values: Values, flag: 'base' | 'site-url', check: (raw: string) => Checked): string | undefined {
  const raw = stringFlag(values, flag);
  if (raw === undefined) return undefined;
  const checked = check(raw);
  if (!checked.ok) throw new UsageError(`--${flag} ${checked.problem}. ${checked.flagHint}`);
  return checked.value;
}

/** `Built 9 posts, 40 pages: 3 written, 37 unchanged, 0 removed; 1 draft and 0 scheduled left out (x) in 1.23 s`. */
export function buildSummary(result: BuildResult): string {
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (!result.ok) {
    const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
    return `Build failed with ${plural(errors, 'error')}: nothing was written, the previous output is unchanged (${result.seconds.toFixed(2)} s)`;
  }
  let line = `Built ${plural(result.posts, 'post')}, ${plural(result.pages, 'page')}: ${result.written} written, ${result.unchanged} unchanged, ${result.removed} removed`;
  const left = [...result.drafts, ...result.scheduled];
  if (left.length > 0) {
    const names = left.length > 5 ? `${left.slice(0, 5).join(', ')}, …` : left.join(', ');
    line += `; ${plural(result.drafts.length, 'draft')} and ${result.scheduled.length} scheduled left out (${names})`;
  }
  return `${line} in ${result.seconds.toFixed(2)} s`;
}

function progressBar(): { update: (done: number, total: number) => void; clear: () => void } {
  let last = 0;
  let shown = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (done < total && now - last < 100) return;
      last = now;
      const width = 30;
      const filled = total > 0 ? Math.round((done / total) * width) : width;
      io.err(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} posts`);
      shown = true;
    },
    clear() {
      if (shown) io.err('\r\u001b[K');
    },
  };
}

/**
 * Finds the command: the first argument that is neither a flag nor a flag's value, so
 * `hashmark --root site check` works as well as `hashmark check --root site`.
 */
function splitCommand(argv: string[]): { command: string | undefined; rest: string[] } {
  const allFlags: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const spec of [GLOBAL_FLAGS, ...Object.values(COMMANDS).map((c) => c.flags)]) {
    for (const [flag, f] of Object.entries(spec)) allFlags[flag] = f.short ? { type: f.type, short: f.short } : { type: f.type };
  }
  const { tokens } = parseArgs({ args: argv, options: allFlags, strict: false, allowPositionals: true, tokens: true });
  const first = tokens.find((t) => t.kind === 'positional' || t.kind === 'option-terminator');
  if (!first || first.kind !== 'positional') return { command: undefined, rest: argv };
  return { command: first.value, rest: argv.filter((_, i) => i !== first.index) };
}

function parseCommand(name: string, spec: CommandSpec, rest: string[]): { values: Values; positionals: string[] } {
  const flags = { ...GLOBAL_FLAGS, ...spec.flags };
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [flag, f] of Object.entries(flags)) options[flag] = f.short ? { type: f.type, short: f.short } : { type: f.type };
  try {
    const parsed = parseArgs({ args: rest, options, strict: true, allowPositionals: spec.positionals === true });
    return { values: parsed.values as Values, positionals: parsed.positionals };
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = error instanceof Error ? error.message : String(error);
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const flag = /'([^']+)'/.exec(message)?.[1] ?? '';
      const bare = flag.replace(/^-+/, '').split('=')[0]!;
      const guess = didYouMean(bare, Object.keys(flags));
      throw new UsageError(
        `unknown flag '${flag}' for '${name}'.${guess ? ` Did you mean '--${guess}'?` : ''} Run 'hashmark ${name} --help' to list its flags.`,
      );
    }
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      const extra = /'([^']+)'/.exec(message)?.[1] ?? '';
      throw new UsageError(`'${name}' takes no argument '${extra}'. Run 'hashmark ${name} --help'.`);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      throw new UsageError(`${message.replace(/\.$/, '')}. Run 'hashmark ${name} --help'.`);
    }
    throw error;
  }
}

function flagLines(flags: Record<string, FlagSpec>): string[] {
  const entries = Object.entries(flags).map(([flag, f]) => {
    const left = `${f.short ? `-${f.short}, ` : ''}--${flag}${f.value ? ` ${f.value}` : ''}`;
    return [left, f.description] as const;
  });
  const width = Math.max(...entries.map(([left]) => left.length));
  return entries.map(([left, description]) => `  ${left.padEnd(width)}  ${description}`);
}

function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    'Usage: hashmark <command> [flags]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, spec]) => `  ${name.padEnd(width)}  ${spec.summary}`),
    '',
    'Flags for every command:',
    ...flagLines({ ...GLOBAL_FLAGS, version: { type: 'boolean', description: 'Print the version.' } }),
    '',
    "Run 'hashmark <command> --help' for a command's own flags.",
    'Exit codes: 0 ok, 1 content or build errors, 2 usage error, 70 internal error.',
    '',
  ].join('\n');
}

function commandHelp(name: string, spec: CommandSpec): string {
  const own = Object.keys(spec.flags).length > 0 ? ['', 'Flags:', ...flagLines(spec.flags)] : [];
  return [
    `Usage: ${spec.usage}`,
    '',
    spec.summary,
    ...own,
    '',
    'Flags for every command:',
    ...flagLines(GLOBAL_FLAGS),
    '',
    'Exit codes: 0 ok, 1 content or build errors, 2 usage error, 70 internal error.',
    '',
  ].join('\n');
}

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
