import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildResult } from '../../../src/build.js';
import { serveSite, type StaticServer } from './server.js';

export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const fixtureSite = (name: string): string => path.join(REPO_ROOT, 'tests/fixtures/sites', name);
export const invalidFixtureSite = (name: string): string => path.join(REPO_ROOT, 'tests/fixtures/sites-invalid', name);

export interface SiteOptions {
  /** Project root holding site.config.ts (and optionally templates/, public/). */
  root: string;
  /** Default `<root>/content`. */
  contentDir?: string;
  basePath?: string;
  /** Fail unless the build is clean; off for sites that are broken on purpose. */
  requireOk?: boolean;
}

export interface ServedSite {
  outDir: string;
  /** `http://127.0.0.1:PORT/base/` */
  url: string;
  origin: string;
  result: BuildResult;
  /** Absolute URL of a site path such as `posts/x/` (no leading slash: it is relative to the base path). */
  at(sitePath: string): string;
  close(): Promise<void>;
}

/**
 * Builds a site into a fresh temporary folder and serves it on 127.0.0.1.
 * The server starts first so the build can use its origin as the site URL: every absolute URL in
 * feeds, canonical links and the sitemap then points at this server and can be fetched as is.
 */
export async function buildAndServe(options: SiteOptions): Promise<ServedSite> {
  const basePath = options.basePath ?? '/';
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'hashmark-e2e-'));
  const outDir = path.join(tmp, 'dist');
  let server: StaticServer | undefined;
  try {
    server = await serveSite(outDir, basePath);
    const result = await build({
      root: options.root,
      ...(options.contentDir ? { contentDir: options.contentDir } : {}),
      outDir,
      basePath,
      siteUrl: server.origin,
      cacheDir: null,
      jobs: 1,
    });
    if ((options.requireOk ?? true) && !result.ok) {
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      throw new Error(
        `The e2e site ${options.root} did not build:\n` +
          errors.map((d) => `  ${d.file}${d.line ? `:${d.line}` : ''} ${d.code}: ${d.message}`).join('\n'),
      );
    }
    const served = server;
    return {
      outDir,
      url: served.url,
      origin: served.origin,
      result,
      at: (sitePath) => new URL(sitePath.replace(/^\//, ''), served.url).href,
      close: async () => {
        await served.close();
        rmSync(tmp, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await server?.close();
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
}
