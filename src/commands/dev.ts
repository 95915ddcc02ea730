import path from 'node:path';
import { formatDiagnostics, type Diagnostic } from '../diagnostics.js';
import { type Common, EXIT, io, note, printDiagnostics, stringFlag, UsageError, type Values } from './common.js';

/** Serves the site until Ctrl+C; problems are printed when they change, never ending the server. */
export async function dev(common: Common, values: Values): Promise<number> {
  const portText = stringFlag(values, 'port');
  let port = 4321;
  if (portText !== undefined) {
    port = Number(portText);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535, not '${portText}'.`);
  }
  const host = stringFlag(values, 'host') ?? '127.0.0.1';
  const { startDevServer } = await import('../dev/index.js');
  // dev writes no output folder, but fills the cache: the same places are refused as for build.
  const { resolvePublicDir, resolveTemplatesDir } = await import('../project.js');
  const { guardProject, tagCacheDir } = await import('../output/guard.js');
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
      // The search index is built once every body is rendered: say when that is.
      onRendered: (posts, ms) => note(common, `${posts} posts rendered in the background in ${(ms / 1000).toFixed(1)} s.`),
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
