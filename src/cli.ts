import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runBuild } from './commands/build.js';
import { EXIT, io, stringFlag, UsageError, type Values } from './commands/common.js';
// The suggester alone: the content stage's index would load the whole stage before any command
// starts, and `build` starts its render worker before loading the build (see startEarly).
import { staleBundleFallback } from './cli-bundle.js';
import { didYouMean } from './content/suggest.js';
import { packageDirOf } from './worker-url.js';
import type { DiagnosticFormat } from './diagnostics.js';

export { buildSummary } from './commands/build.js';
export { EXIT } from './commands/common.js';

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
    summary: 'Start a post from a title, as a draft (content/<slug>.md); with --page, a page in the menu (content/pages/<slug>.md).',
    usage: 'hashmark new <title> [flags]\n       hashmark new --page <title> [flags]',
    positionals: true,
    flags: {
      page: { type: 'boolean', description: 'Create a page (About, Contact…) at /<slug>/, shown in the header menu.' },
      tags: { type: 'string', value: 'LIST', description: 'Tags, comma-separated, e.g. "Kafka,Patterns".' },
      featured: { type: 'boolean', description: 'Mark the post as featured.' },
      publish: { type: 'boolean', description: 'Start the post published instead of as a draft.' },
      draft: { type: 'boolean', description: 'Start the post as a draft (the default).' },
    },
  },
  init: {
    summary: 'Create a new blog in an empty folder (default: the current folder).',
    usage: 'hashmark init [dir] [flags]',
    positionals: true,
    flags: {},
  },
  eject: {
    summary: "Copy built-in theme files into templates/ to edit them (no file: list them); never overwrites the site's own.",
    usage: 'hashmark eject [file…] [flags]',
    positionals: true,
    flags: {
      all: { type: 'boolean', description: 'Copy every built-in theme file the site does not have.' },
    },
  },
};

const FORMATS: readonly DiagnosticFormat[] = ['text', 'github', 'json'];

/** Runs the CLI; never throws, never exits the process: the exit code is returned. */
export async function main(argv: string[]): Promise<number> {
  const unbundled = staleBundleFallback(import.meta.url);
  if (unbundled) return ((await import(unbundled.href)) as typeof import('./cli.js')).main(argv);
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
  // The other commands' modules are loaded when they run, so `build` loads only its own.
  switch (name) {
    case 'check':
      return (await import('./commands/check.js')).check(common);
    case 'build':
      return runBuild(common, args.values);
    case 'dev':
      return (await import('./commands/dev.js')).dev(common, args.values);
    case 'new':
      return (await import('./commands/new.js')).newCommand(common, args.values, args.positionals);
    case 'init':
      return (await import('./commands/new.js')).initCommand(common, args.positionals);
    case 'eject':
      return (await import('./commands/eject.js')).ejectCommand(common, args.values, args.positionals);
    default:
      throw new UsageError(`unknown command '${name}'.`);
  }
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
    const pkg = JSON.parse(readFileSync(path.join(packageDirOf(import.meta.url), 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
