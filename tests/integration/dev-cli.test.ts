import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join(repo, 'bin', 'hashmark.js');
const fixture = path.join(repo, 'tests', 'fixtures', 'sites', 'dev-small');
let root: string;

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'hashmark-cli-'));
  cpSync(fixture, root, { recursive: true });
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function hashmark(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args, '--root', root], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', HASHMARK_DEBUG: '' },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('hashmark new', () => {
  it('writes one post that hashmark check accepts, and prints its path', () => {
    const made = hashmark(['new', 'A Fresh Post', '--tags', 'Kafka,Patterns']);
    expect(made.code).toBe(0);
    expect(made.stdout.split('\n')[0]).toBe('content/a-fresh-post.md');
    // A draft, and how to publish it: the line of its `#draft` value.
    const text = readFileSync(path.join(root, 'content', 'a-fresh-post.md'), 'utf8');
    const line = text.split('\n').indexOf('#draft') + 2;
    expect(text.split('\n')[line - 1]).toBe('true');
    expect(made.stdout).toContain(`line ${line}`);
    expect(made.stdout).toMatch(/hashmark dev` shows it/);
    expect(readFileSync(path.join(root, 'content', 'a-fresh-post.md'), 'utf8')).toContain('#tags\n["Kafka","Patterns"]\n');
    const checked = hashmark(['check']);
    expect(checked.stdout + checked.stderr).toMatch(/Checked 3 posts and \d+ pages: no problems\./);
    expect(checked.code).toBe(0);
  });

  it('refuses to overwrite with exit 1 and a message naming the file', () => {
    expect(hashmark(['new', 'A Fresh Post', '--publish']).code).toBe(0);
    const again = hashmark(['new', 'A Fresh Post', '--draft']);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('content/a-fresh-post.md');
    expect(again.stdout).toContain('post-exists');
    expect(readFileSync(path.join(root, 'content', 'a-fresh-post.md'), 'utf8')).not.toContain('#draft');
  });

  it('with --page writes content/pages/<slug>.md in the menu, prints its URL, and the build puts it in the menu', () => {
    const made = hashmark(['new', '--page', 'About Us']);
    expect(made.code).toBe(0);
    expect(made.stdout.split('\n')[0]).toBe('content/pages/about-us.md');
    expect(made.stdout).toContain('/about-us/');
    const again = hashmark(['new', '--page', 'About Us']);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('post-exists');
    expect(hashmark(['new', '--page', 'Tags']).stdout).toContain('invalid-title');
    expect(hashmark(['new', '--page', 'X', '--tags', 'a']).code).toBe(2);
    const built = hashmark(['build']);
    expect(built.code).toBe(0);
    const home = readFileSync(path.join(root, 'dist', 'index.html'), 'utf8');
    expect(/<nav class="site-nav"[\s\S]*?<\/nav>/.exec(home)![0]).toContain('<a href="/about-us/">About Us</a>');
  });

  it('asks for a title with exit 2', () => {
    const r = hashmark(['new']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('needs the post title');
  });
});

describe('hashmark check', () => {
  it('reports a broken link against the post file and line, writes no output, exits 1', () => {
    const post = path.join(root, 'content', 'second-post.md');
    writeFileSync(post, `${readFileSync(post, 'utf8')}\nSee [the missing post](/posts/missing/).\n`);
    const r = hashmark(['check', '--format', 'github']);
    expect(r.code).toBe(1);
    // second-post.md has 11 lines before the appended blank line and link.
    expect(r.stdout).toMatch(/^::error file=content\/second-post\.md,line=13,col=\d+,title=broken-link::.*\/posts\/missing\//m);
    expect(existsSync(path.join(root, 'dist'))).toBe(false);
  });
});

describe('hashmark dev', () => {
  it('prints its address, serves the site and exits 0 on SIGINT', async () => {
    const child = spawn(process.execPath, [bin, 'dev', '--root', root, '--port', '0'], {
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (chunk: string) => {
          out += chunk;
          const m = /serving (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.on('exit', (code) => reject(new Error(`exited early with ${code}: ${out}`)));
      });
      const res = await fetch(new URL('posts/second-post/', url));
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("The second post's only paragraph.");
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    }
  });
});
