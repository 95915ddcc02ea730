import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Plugin, ViteDevServer } from 'vite';
import type { Diagnostic } from '../diagnostics.js';
import { errorPage, overlayError } from './error-page.js';
import { DevSession, type ChangeOutcome, type DevSessionOptions } from './session.js';
import { watchProject, type ProjectWatcher } from './watch.js';

export interface DevServerOptions extends DevSessionOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 4321; 0 picks a free port. */
  port?: number;
  /** Fail instead of trying the next port when `port` is taken. Default false. */
  strictPort?: boolean;
  /** Open the site in the default browser once listening. */
  open?: boolean;
  /** Called with every problem after the first load and after each change. */
  onDiagnostics?: (diagnostics: Diagnostic[]) => void;
  /** Called after each batch of changes has been applied. */
  onChange?: (outcome: ChangeOutcome) => void;
  /** Called when a large site's background rendering ended: posts rendered, wall time. */
  onRendered?: (posts: number, ms: number) => void;
}

export interface DevServer {
  /** E.g. `http://127.0.0.1:4321/blog/`. */
  url: string;
  port: number;
  session: DevSession;
  vite: ViteDevServer;
  close(): Promise<void>;
}

/** Paths Vite itself answers: its client, pre-bundled modules, file system access for the client. */
const VITE_PATHS = /^\/(@vite\/|@id\/|@fs\/|__vite|node_modules\/)/;

/**
 * Starts `hashmark dev`: the site served from memory by a Vite server that only contributes the
 * browser client, the WebSocket and the error overlay. Pages render on request; file changes go
 * through the session, which redoes only what they affect, and then the browser reloads (a theme
 * stylesheet is swapped in place).
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const session = new DevSession(options);
  // Vite's code loads while the posts are read.
  const viteModule = import('vite');
  viteModule.catch(() => undefined);
  const first = await session.load();
  options.onDiagnostics?.(first);
  const { createServer } = await viteModule;

  const plugin: Plugin = {
    name: 'hashmark',
    configureServer(server) {
      // Runs before Vite's own middlewares: everything but Vite's client paths is the site.
      server.middlewares.use((req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => {
        serve(server, session, req, res).then(
          (handled) => {
            if (!handled) next();
          },
          (error: unknown) => next(error),
        );
      });
    },
  };

  const vite = await createServer({
    configFile: false,
    envFile: false,
    root: session.root,
    base: session.basePath,
    publicDir: false,
    appType: 'custom',
    logLevel: 'silent',
    clearScreen: false,
    // The session watches the project itself (see watch.ts); Vite's own watcher would also crawl dist/ and .cache/.
    server: {
      host: options.host ?? '127.0.0.1',
      port: options.port ?? 4321,
      strictPort: options.strictPort ?? false,
      watch: null,
      open: false,
    },
    optimizeDeps: { noDiscovery: true, include: [] },
    plugins: [plugin],
  });
  await vite.listen();
  const address = vite.httpServer?.address() as AddressInfo | null;
  const port = address?.port ?? options.port ?? 4321;
  const host = options.host ?? '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}${session.basePath}`;

  const announce = (diagnostics: Diagnostic[]): void => {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) vite.ws.send({ type: 'error', err: overlayError(errors, session.root) });
  };
  announce(first);
  if (options.onRendered) session.onRendered = options.onRendered;
  // Problems the background rendering finds (a large site's posts render after the server is up).
  session.onFilled = (diagnostics) => {
    options.onDiagnostics?.(diagnostics);
    announce(diagnostics);
    if (diagnostics.some((d) => d.severity === 'error')) vite.ws.send({ type: 'full-reload', path: '*' });
  };
  // Once the first request had its chance: compile the render paths before the author's first save.
  setTimeout(() => session.warm(), 50).unref();

  // Changes are applied one batch at a time, in order; events arriving meanwhile form the next batch.
  let queue: Promise<void> = Promise.resolve();
  const watcher: ProjectWatcher = watchProject({
    dirs: [session.layout.contentDir, session.layout.templatesDir, session.layout.publicDir],
    files: [session.layout.configFile],
    onChange(paths) {
      queue = queue.then(async () => {
        const outcome = await session.applyChanges(paths);
        if (outcome.kinds.length === 0) return;
        options.onChange?.(outcome);
        options.onDiagnostics?.(outcome.diagnostics);
        const errors = outcome.diagnostics.filter((d) => d.severity === 'error');
        if (errors.length > 0) {
          announce(errors);
          // The error page replaces the site; a reload shows it in tabs that had no overlay yet.
          vite.ws.send({ type: 'full-reload', path: '*' });
        } else if (outcome.cssOnly) {
          const timestamp = Date.now();
          vite.ws.send({
            type: 'update',
            updates: outcome.cssOnly.map((href) => {
              const p = `/${href.slice(session.basePath.length)}`;
              return { type: 'css-update' as const, path: p, acceptedPath: p, timestamp };
            }),
          });
        } else {
          vite.ws.send({ type: 'full-reload', path: '*' });
        }
      }).catch((error: unknown) => {
        // A bug in a stage must not end the session; the terminal shows it and the next save retries.
        process.stderr.write(`hashmark dev: internal error while applying changes: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      });
    },
  });

  if (options.open) vite.openBrowser();

  return {
    url,
    port,
    session,
    vite,
    async close() {
      watcher.close();
      await queue;
      // The indexer runs in its own process: let it finish rather than leave it behind.
      await session.close();
      await vite.close();
    },
  };
}

const transformed = new WeakMap<object, string>();

/**
 * Adds Vite's client (reloads, CSS swaps, the error overlay) to a page: all that Vite's own
 * transformIndexHtml does for these pages, which no other plugin transforms, at a fraction of its
 * cost (it parses the whole page: 13–25 ms for a 17 KB post, most of the edit-to-served budget).
 */
export function withViteClient(html: string, base: string): string {
  const tag = `<script type="module" src="${base}@vite/client"></script>`;
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (!head) return tag + html;
  const at = head.index + head[0].length;
  return `${html.slice(0, at)}\n${tag}${html.slice(at)}`;
}

async function serve(server: ViteDevServer, session: DevSession, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const rawUrl = req.url ?? '/';
  const pathname = rawUrl.split(/[?#]/)[0]!;
  const base = session.basePath;
  const inBase = pathname.startsWith(base) ? `/${pathname.slice(base.length)}` : pathname;
  if (VITE_PATHS.test(inBase) || VITE_PATHS.test(pathname)) return false;
  const response = await session.respond(pathname);
  const send = (status: number, type: string, body: string | Uint8Array): void => {
    res.statusCode = status;
    res.setHeader('Content-Type', type);
    res.setHeader('Cache-Control', 'no-store');
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  switch (response.kind) {
    case 'redirect':
      res.statusCode = 302;
      res.setHeader('Location', response.location);
      res.end();
      return true;
    case 'file':
      send(200, response.contentType, response.body);
      return true;
    case 'page': {
      // A page stays the same object until a change invalidates it: transform it (inject Vite's
      // client) once, not on every request, since authors' browsers and tools poll.
      let html = transformed.get(response);
      if (html === undefined) {
        html = withViteClient(response.html, base);
        transformed.set(response, html);
      }
      send(response.status, 'text/html; charset=utf-8', html);
      return true;
    }
    case 'errors':
      send(500, 'text/html; charset=utf-8', withViteClient(errorPage(response.diagnostics, session.root), base));
      return true;
  }
}
