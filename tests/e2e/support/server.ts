import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/feed+json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
};

export interface StaticServer {
  /** e.g. `http://127.0.0.1:41234/blog/`: always ends in "/". */
  url: string;
  origin: string;
  close(): Promise<void>;
}

/**
 * Serves a built site the way static hosts do: clean URLs (`/x/` → `x/index.html`), `404.html` with status 404
 * for anything missing, and the whole site under `basePath` (GitHub Pages project sites).
 */
export async function serveSite(dir: string, basePath = '/'): Promise<StaticServer> {
  const root = path.resolve(dir);
  const server = http.createServer((req, res) => {
    const send404 = (): void => {
      res.writeHead(404, { 'content-type': TYPES['.html']! });
      createReadStream(path.join(root, '404.html')).pipe(res);
    };
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (!pathname.startsWith(basePath)) return send404();
    let file = path.join(root, pathname.slice(basePath.length));
    if (!file.startsWith(root)) return send404();
    if (pathname.endsWith('/')) file = path.join(file, 'index.html');
    let stat;
    try {
      stat = statSync(file);
    } catch {
      return send404();
    }
    if (stat.isDirectory()) {
      // Hosts redirect `/x` to `/x/` when x is a folder.
      res.writeHead(301, { location: `${pathname}/` });
      return res.end();
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: `${origin}${basePath}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
