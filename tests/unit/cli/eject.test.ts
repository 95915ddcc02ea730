import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli.js';
import { builtInThemeFiles } from '../../../src/theme.js';
import { repoRoot } from '../../support/tree.js';
import { captureOutput } from '../../support/output.js';

const output = captureOutput();

const site = (): string => mkdtempSync(path.join(os.tmpdir(), 'hashmark-eject-'));
const builtIn = (file: string): string => readFileSync(path.join(repoRoot, 'templates', file), 'utf8');

describe('hashmark eject', () => {
  it('lists the built-in theme files, marking those the site has', async () => {
    const root = site();
    mkdirSync(path.join(root, 'templates/partials'), { recursive: true });
    writeFileSync(path.join(root, 'templates/partials/header.liquid'), '<header></header>\n');
    expect(await main(['eject', '--root', root])).toBe(0);
    expect(output.out).toContain('  post.liquid\n');
    expect(output.out).toContain('  assets/theme.css\n');
    expect(output.out).toContain('  partials/header.liquid  (the site has its own)\n');
    expect(existsSync(path.join(root, 'templates/post.liquid'))).toBe(false);
  });

  it('copies the named files, with or without the extension', async () => {
    const root = site();
    expect(await main(['eject', '--root', root, 'partials/header', 'assets/theme.css'])).toBe(0);
    expect(readFileSync(path.join(root, 'templates/partials/header.liquid'), 'utf8')).toBe(builtIn('partials/header.liquid'));
    expect(readFileSync(path.join(root, 'templates/assets/theme.css'), 'utf8')).toBe(builtIn('assets/theme.css'));
    expect(output.out).toBe('templates/partials/header.liquid\ntemplates/assets/theme.css\n');
  });

  it('refuses to overwrite a file the site has, and exits 1', async () => {
    const root = site();
    mkdirSync(path.join(root, 'templates/partials'), { recursive: true });
    writeFileSync(path.join(root, 'templates/partials/header.liquid'), 'mine\n');
    expect(await main(['eject', '--root', root, 'partials/header.liquid', 'partials/footer.liquid'])).toBe(1);
    expect(readFileSync(path.join(root, 'templates/partials/header.liquid'), 'utf8')).toBe('mine\n');
    expect(output.err).toContain('templates/partials/header.liquid exists');
    expect(readFileSync(path.join(root, 'templates/partials/footer.liquid'), 'utf8')).toBe(builtIn('partials/footer.liquid'));
  });

  it('--all copies every file the site lacks and keeps its own', async () => {
    const root = site();
    mkdirSync(path.join(root, 'templates/partials'), { recursive: true });
    writeFileSync(path.join(root, 'templates/partials/header.liquid'), 'mine\n');
    expect(await main(['eject', '--root', root, '--all'])).toBe(0);
    for (const file of builtInThemeFiles()) {
      const copied = readFileSync(path.join(root, 'templates', file), 'utf8');
      expect(copied, file).toBe(file === 'partials/header.liquid' ? 'mine\n' : builtIn(file));
    }
  });

  it('names an unknown file as a usage error with a suggestion', async () => {
    const root = site();
    expect(await main(['eject', '--root', root, 'partials/heder.liquid'])).toBe(2);
    expect(output.err).toContain("Did you mean 'partials/header.liquid'?");
  });
});
