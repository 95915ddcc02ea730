import path from 'node:path';
import { type Common, EXIT, io, note, printDiagnostics, stringFlag, UsageError, type Values } from './common.js';

/**
 * Writes `content/<slug>.md`, a draft unless `--publish`, or with `--page` `content/pages/<slug>.md`
 * in the menu; prints its path, then how to publish it or where the page will be.
 */
export async function newCommand(common: Common, values: Values, positionals: string[]): Promise<number> {
  const what = values.page === true ? 'page' : 'post';
  if (positionals.length !== 1) {
    const example = what === 'page' ? '--page "About"' : '"My first post"';
    throw new UsageError(
      positionals.length === 0
        ? `'new' needs the ${what} title: hashmark new ${example}.`
        : `'new' takes one title; quote it when it has spaces: hashmark new ${what === 'page' ? '--page ' : ''}"${positionals.join(' ')}".`,
    );
  }
  const { newPage, newPost } = await import('../dev/index.js');
  if (what === 'page') {
    if (values.publish === true || values.draft === true || values.featured === true || values.tags !== undefined) {
      throw new UsageError("'new --page' takes no --tags, --featured, --draft or --publish: pages are in no list or feed.");
    }
    const page = await newPage({ root: common.root, contentDir: common.contentDir, title: positionals[0]! });
    printDiagnostics(page.diagnostics, common);
    if (!page.value) return EXIT.errors;
    io.out(`${page.value.file}
`);
    note(common, `The page will be at ${page.value.url}, and in the header menu (\`#menu\` is \`true\`; set it to \`false\` to leave it out).`);
    return EXIT.ok;
  }
  if (values.publish === true && values.draft === true) throw new UsageError("'new' takes --draft or --publish, not both.");
  const tags = stringFlag(values, 'tags');
  const created = await newPost({
    root: common.root,
    contentDir: common.contentDir,
    title: positionals[0]!,
    tags: tags === undefined ? [] : tags.split(','),
    featured: values.featured === true,
    draft: values.publish !== true,
  });
  printDiagnostics(created.diagnostics, common);
  if (!created.value) return EXIT.errors;
  io.out(`${created.value.file}\n`);
  const line = created.value.draftLine;
  if (line !== undefined) {
    note(common, 'It is a draft: `hashmark dev` shows it with a Draft badge; `hashmark build` leaves it out.');
    note(common, `To publish it, change \`true\` to \`false\` on line ${line} (after \`#draft\`) of ${created.value.file}.`);
  }
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
