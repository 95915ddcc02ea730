import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../atomic-file.js';

/**
 * What each namespace folder holds, for the README.txt at the top of the cache folder. A namespace
 * `name` lives in `name.v<version>/`; a new store adds its line here.
 */
export const NAMESPACE_NOTES: Readonly<Record<string, string>> = {
  render: 'rendered post bodies (HTML, table of contents, counts, warnings), one entry per body, and an index of the last build\'s entries; the version holds a hash of the Markdown pipeline and its options',
  content: 'parsed and validated posts, one entry per content folder, used while a post file keeps its size, times and inode',
  related: 'the related posts of every post, keyed by every post\'s tags',
  assets: 'the theme\'s client files as Vite built them, keyed by every file under templates/assets/',
  'wide-templates': 'the mark that the templates read fields of listed posts they do not name, keyed by the templates',
  config: 'site.config.ts as plain settings, keyed by its text, and the TypeScript loader\'s own cache (jiti/)',
  'build-state': 'what the last successful build reported, keyed by all its inputs, so a build with nothing changed is done at once',
  links: 'the ids and links of every page the last build had, keyed by page key, so a whole link check need not render kept pages again',
  'links-state': 'the broken links the last link check reported, keyed by every page key and output path',
  'link-verdicts': 'each page\'s broken links from the last link check, with a digest of what links resolve against, so an edit checks only the pages it changed',
  images: 'each local image\'s size and its AVIF/WebP files, keyed by the image\'s content and the images settings, and the last build\'s image file identities',
  'site-key': 'the key of the templates, settings and theme assets the last build rendered with, so a build whose templates changed starts its page workers at once',
  search: 'the search index, one entry per shard of posts and one for Pagefind\'s runtime files, keyed by the posts the shard indexes',
};

export const README_NAME = 'README.txt';

/** The README's text: fixed by the code, so it is written once and rewritten only after an upgrade. */
export function readmeText(): string {
  const width = Math.max(...Object.keys(NAMESPACE_NOTES).map((name) => name.length)) + 5;
  const lines = Object.entries(NAMESPACE_NOTES).map(([name, note]) => `${`${name}.v*/`.padEnd(width)} ${note}. Safe to delete.`);
  return [
    "Hashmark's build cache. Everything here only saves time: deleting any folder, or all of this",
    'folder, makes the next build slower, never different. A folder name ends in the version of its',
    'format (content.v2/); folders of other versions are removed when the store opens.',
    '',
    ...lines,
    '',
    "Other entries belong to Hashmark's other caches and are just as safe to delete.",
    '',
  ].join('\n');
}

const written = new Set<string>();

/** Writes README.txt into an existing cache folder unless it already says the same; once per process. */
export function ensureReadme(cacheDir: string): void {
  if (written.has(cacheDir)) return;
  const file = join(cacheDir, README_NAME);
  const text = readmeText();
  try {
    if (readFileSync(file, 'utf8') === text) {
      written.add(cacheDir);
      return;
    }
  } catch {
    // Missing: written below.
  }
  // Never the first thing in a cache folder: a store that only reads must not make one.
  if (!existsSync(cacheDir)) return;
  if (writeFileAtomic(file, text)) written.add(cacheDir);
}
