import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/tree.js';

/**
 * The journey of a blog that depends on Hashmark: pack the package, install the tarball with
 * production dependencies only into an empty project, then init, build, check and new through its bin.
 * Needs the npm registry (or the npm cache) for the dependencies.
 */

const env = { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };

function run(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 120_000 });
}

function ok(result: SpawnSyncReturns<string>, what: string): string {
  expect(result.status, `${what}\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result.stdout;
}

/** Starts `hashmark dev` on a free port, fetches each path once it serves, then stops it by its pid. */
async function devServes(project: string, paths: string[]): Promise<string[]> {
  const child = spawn(process.execPath, [path.join(project, 'node_modules/hashmark/bin/hashmark.js'), 'dev', '--port', '0'], { cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`dev did not start:\n${output}`)), 60_000);
      const read = (chunk: Buffer): void => {
        output += chunk.toString();
        const found = /serving (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)?.[1];
        if (found) {
          clearTimeout(timer);
          resolve(found);
        }
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
    });
    return await Promise.all(paths.map(async (p) => (await fetch(new URL(p, url))).text()));
  } finally {
    child.kill('SIGINT');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

describe('the package, installed from its tarball into an empty project', () => {
  it('packs, installs without devDependencies, and creates, builds, checks, serves and extends a blog', { timeout: 240_000 }, async () => {
    const temp = mkdtempSync(path.join(os.tmpdir(), 'hashmark-journey-'));
    const packDir = path.join(temp, 'pack');
    const project = path.join(temp, 'blog');
    mkdirSync(packDir);
    mkdirSync(project);

    // The test run's global setup has just compiled lib/; prepack would compile it again, in place,
    // while other test files run from it.
    const packed = JSON.parse(ok(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir], repoRoot), 'npm pack')) as Array<{
      filename: string;
      files: Array<{ path: string }>;
    }>;
    const shipped = packed[0]!.files.map((f) => f.path);
    expect(shipped).toEqual(expect.arrayContaining([
      'package.json', 'bin/hashmark.js', 'lib/cli.js', 'lib/index.js', 'lib/index.d.ts', 'lib/markdown/worker.bundle.js',
      'lib/markdown/worker.bundle.json', 'lib/markdown/renderer.bundle.cjs', 'lib/vendor/zod.js', 'templates/post.liquid', 'templates/assets/theme.ts', 'public/favicon.svg',
    ]));
    expect(shipped.filter((f) => /^(src|tests|content|scripts|bench|docs)\/|\.map$/.test(f))).toEqual([]);

    ok(run('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline', path.join(packDir, packed[0]!.filename)], project), 'npm install');
    const installed = path.join(project, 'node_modules');
    expect(existsSync(path.join(installed, 'hashmark', 'lib', 'cli.js'))).toBe(true);
    for (const dev of ['typescript', 'vitest', 'playwright-core']) expect(existsSync(path.join(installed, dev)), dev).toBe(false);

    // The render worker's single-file bundle must match the shipped lib/, else every build falls
    // back to the slower unbundled worker.
    const stamp = JSON.parse(readFileSync(path.join(installed, 'hashmark/lib/markdown/worker.bundle.json'), 'utf8')) as { lib: string };
    const fingerprint = ok(run(process.execPath, ['--input-type=module', '-e',
      "const m = await import('./node_modules/hashmark/lib/code-fingerprint.js'); process.stdout.write(m.libFingerprint(process.cwd() + '/node_modules/hashmark/lib'));"], project), 'fingerprint');
    expect(fingerprint).toBe(stamp.lib);
    // So must the CLI's bundle, else every command hands over to the unbundled lib/cli.js.
    const cliStamp = JSON.parse(readFileSync(path.join(installed, 'hashmark/lib/bundle/stamp.json'), 'utf8')) as { lib: string };
    expect(cliStamp.lib).toBe(fingerprint);

    // `--no`: never fetch a package of that name from the registry; the installed bin must answer.
    const init = ok(run('npx', ['--no', 'hashmark', 'init'], project), 'hashmark init');
    expect(init).toContain('npm run dev');
    const manifest = JSON.parse(readFileSync(path.join(project, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; scripts: Record<string, string> };
    expect(manifest.dependencies.hashmark).toMatch(/^file:.*\.tgz$/);
    expect(manifest.scripts.build).toBe('hashmark build');

    expect(ok(run('npx', ['--no', 'hashmark', 'build'], project), 'hashmark build')).toContain('Built 1 post');
    expect(existsSync(path.join(project, 'dist/index.html'))).toBe(true);
    expect(readFileSync(path.join(project, 'dist/posts/welcome/index.html'), 'utf8')).toContain('Welcome to your new blog');

    expect(ok(run('npx', ['--no', 'hashmark', 'check'], project), 'hashmark check')).toContain('no problems');

    // A new post is a draft; the message names the line that publishes it.
    const made = ok(run('npx', ['--no', 'hashmark', 'new', 'Second post', '--tags', 'Notes'], project), 'hashmark new');
    expect(made).toContain('content/second-post.md');
    expect(ok(run('npm', ['run', 'build'], project), 'npm run build')).toContain('Built 1 post');
    const line = Number(/on line (\d+)/.exec(made)?.[1]);
    const postFile = path.join(project, 'content/second-post.md');
    const lines = readFileSync(postFile, 'utf8').split('\n');
    expect(lines[line - 1]).toBe('true');
    lines[line - 1] = 'false';
    writeFileSync(postFile, lines.join('\n'));
    expect(ok(run('npm', ['run', 'build'], project), 'npm run build')).toContain('Built 2 posts');
    expect(existsSync(path.join(project, 'dist/posts/second-post/index.html'))).toBe(true);

    // An About page: in the menu of every page, the sitemap and search; in no feed or list.
    const page = ok(run('npm', ['run', 'new', '--', '--page', 'About'], project), 'new --page');
    expect(page).toContain('content/pages/about.md');
    expect(page).toContain('/about/');
    appendFileSync(path.join(project, 'content/pages/about.md'), '\nI keep quokkas in the garden.\n');
    ok(run('npm', ['run', 'build'], project), 'npm run build');
    const dist = path.join(project, 'dist');
    const html = (readdirSync(dist, { recursive: true, encoding: 'utf8' })).filter((f) => f.endsWith('.html') && !f.startsWith('pagefind'));
    expect(html).toEqual(expect.arrayContaining(['index.html', 'about/index.html', 'posts/second-post/index.html', 'tags/notes/index.html', '404.html']));
    const text = (file: string): string => readFileSync(path.join(dist, file), 'utf8');
    for (const file of html) expect(/<nav class="site-nav"[\s\S]*?<\/nav>/.exec(text(file))?.[0], file).toContain('<a href="/about/"');
    expect(text('about/index.html')).toContain('quokkas');
    expect(text('sitemap.xml')).toContain('/about/</loc>');
    const fragments = readdirSync(path.join(dist, 'pagefind/fragment')).map((f) => gunzipSync(readFileSync(path.join(dist, 'pagefind/fragment', f))).toString('utf8'));
    expect(fragments.filter((f) => f.includes('quokkas')).map((f) => /"url":"([^"]+)"/.exec(f)?.[1])).toEqual(['/about/']);
    for (const file of ['feed.xml', 'atom.xml', 'feed.json']) expect(text(file), file).not.toMatch(/:4321\/about\/|quokkas/);
    for (const file of ['index.html', 'tags/notes/index.html', 'archive/index.html']) {
      expect(/<main[\s\S]*<\/main>/.exec(text(file))?.[0], file).not.toMatch(/\/about\/|quokkas/);
    }

    // `hashmark dev` from the installed package serves the page, in the menu, and the posts.
    const [about, home] = await devServes(project, ['/about/', '/']);
    expect(about).toContain('quokkas');
    expect(/<nav class="site-nav"[\s\S]*?<\/nav>/.exec(home!)?.[0]).toContain('<a href="/about/"');
    expect(home).toContain('Second post');
  });
});
