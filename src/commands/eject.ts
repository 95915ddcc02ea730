import { existsSync } from 'node:fs';
import path from 'node:path';
import { didYouMean } from '../content/index.js';
import { builtInThemeFiles, ejectThemeFiles, themeFileNamed } from '../theme.js';
import { type Common, EXIT, io, UsageError, type Values } from './common.js';

/**
 * `hashmark eject`: lists the built-in theme's files; with names (or --all) copies them into the
 * site's templates/, where they override the built-in ones. Never overwrites a file the site has.
 */
export function ejectCommand(common: Common, values: Values, positionals: string[]): number {
  const files = builtInThemeFiles();
  if (values.all !== true && positionals.length === 0) {
    io.out('Built-in theme files (hashmark eject <file>… copies them into templates/):\n');
    for (const file of files) {
      const own = existsSync(path.join(common.root, 'templates', file));
      io.out(`  ${file}${own ? '  (the site has its own)' : ''}\n`);
    }
    return EXIT.ok;
  }
  if (values.all === true && positionals.length > 0) throw new UsageError(`'eject --all' takes no file names.`);
  const chosen: string[] = [];
  for (const name of positionals) {
    const file = themeFileNamed(name, files);
    if (file === undefined) {
      const guess = didYouMean(name, files);
      throw new UsageError(`the built-in theme has no file '${name}'.${guess ? ` Did you mean '${guess}'?` : ''} Run 'hashmark eject' to list them.`);
    }
    if (!chosen.includes(file)) chosen.push(file);
  }
  const all = values.all === true;
  let refused = 0;
  for (const outcome of ejectThemeFiles(common.root, all ? files : chosen)) {
    if (outcome.copied) io.out(`templates/${outcome.file}\n`);
    // --all copies what the site lacks; a file named on purpose that cannot be copied is an error.
    else if (all) io.out(`templates/${outcome.file} (kept: the site has its own)\n`);
    else {
      refused++;
      io.err(`hashmark eject: templates/${outcome.file} exists and was left as it is.\n  hint: delete it first to take the built-in version again.\n`);
    }
  }
  return refused > 0 ? EXIT.errors : EXIT.ok;
}
