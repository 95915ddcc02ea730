import type { SiteConfig } from '../config/index.js';
import { hasErrors, type Diagnostic } from '../diagnostics.js';
import { buildThemeAssets } from '../render/index.js';
import type { ThemeAssets } from '../render/types.js';

/**
 * The theme's built assets as dev serves them: stylesheets under stable names, so a CSS edit can
 * swap the stylesheet in the open page without reloading it.
 */
export class DevTheme {
  assets: ThemeAssets = { css: [], js: [], files: [] };
  /** Files by output path, under the stable dev names pages link to. */
  files = new Map<string, Uint8Array>();
  diagnostics: Diagnostic[] = [];

  constructor(
    private readonly root: string,
    private readonly templatesDir: string,
    private readonly cacheDir: string | null,
  ) {}

  async rebuild(config: SiteConfig): Promise<void> {
    const built = await buildThemeAssets({ root: this.root, templatesDir: this.templatesDir, cacheDir: this.cacheDir, basePath: config.basePath });
    this.diagnostics = built.diagnostics;
    if (hasErrors(built.diagnostics)) return;
    const files = new Map<string, Uint8Array>();
    const renamed = new Map<string, string>();
    for (const file of built.value.files) {
      const href = config.basePath + file.file;
      const dev = built.value.css.includes(href) ? stableName(file.file) : file.file;
      renamed.set(href, config.basePath + dev);
      files.set(dev, file.contents);
    }
    this.files = files;
    this.assets = { css: built.value.css.map((href) => renamed.get(href) ?? href), js: built.value.js, files: built.value.files };
  }

  /** The stylesheets that changed since `before`, when nothing else did; undefined when only a reload shows the change. */
  changedCss(before: ReadonlyMap<string, Uint8Array>, base: string): string[] | undefined {
    const changed: string[] = [];
    for (const href of this.assets.css) {
      const file = href.slice(base.length);
      const old = before.get(file);
      const now = this.files.get(file);
      if (!now) return undefined;
      if (!old || Buffer.compare(old, now) !== 0) changed.push(href);
    }
    // Anything but stylesheets changed (the theme script): only a reload shows it.
    for (const [file, bytes] of this.files) {
      if (this.assets.css.includes(base + file)) continue;
      const old = before.get(file);
      if (!old || Buffer.compare(old, bytes) !== 0) return undefined;
    }
    return changed;
  }
}

/** `assets/theme-1a2b3c4d.css` → `assets/theme.css`. */
function stableName(file: string): string {
  return file.replace(/-[A-Za-z0-9_-]{6,}(\.css)$/, '$1');
}
