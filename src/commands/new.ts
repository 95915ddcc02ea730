import path from 'node:path';
import { type Common, EXIT, io, printDiagnostics, stringFlag, UsageError, type Values } from './common.js';

/** Writes `content/<slug>.md` and prints its path. */
export async function newCommand(common: Common, values: Values, positionals: string[]): Promise<number> {
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? `'new' needs the post title: hashmark new "My first post".`
        : `'new' takes one title; quote it when it has spaces: hashmark new "${positionals.join(' ')}".`,
    );
  }
  const { newPost } = await import('../dev/index.js');
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
export async function initCommand(common: Common, positionals: string[]): Promise<number> {
  if (positionals.length > 1) throw new UsageError(`'init' takes one folder; quote it when it has spaces: hashmark init "${positionals.join(' ')}".`);
  const { initProject, nextSteps } = await import('../init/index.js');
  const created = initProject({ dir: path.resolve(common.root, positionals[0] ?? '.') });
  if (!created.ok) {
    io.err(`hashmark init: ${created.problem}\n  hint: ${created.hint}\n`);
    return EXIT.errors;
  }
  io.out(nextSteps(created, process.cwd()));
  return EXIT.ok;
}
