// @ts-check
// `--images N`: N of Hashmark's posts become bundles with one generated photo-like image each (PNG
// and JPEG alternately, 1600–2400 px wide), so the images stage has real work. Hashmark only: the
// peers' figures stay comparable with earlier runs, and the image phase is reported on its own.
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { hashmarkFileName } from './emit.mjs';

/** @typedef {import('./corpus.mjs').BenchPost} BenchPost */

/**
 * @param {string} contentDir  Hashmark's content folder, already written
 * @param {BenchPost[]} posts
 * @param {number} count  how many posts get an image
 * @param {Set<BenchPost>} keep  posts that must stay single files (the "one post changed" scenario edits them)
 */
export async function addBenchImages(contentDir, posts, count, keep) {
  const chosen = posts.filter((post) => !keep.has(post)).slice(0, count);
  for (const [i, post] of chosen.entries()) {
    const name = hashmarkFileName(post);
    // A bundle's slug is its folder name as written (no date prefix is dropped), so the folder is the slug.
    const bundle = path.join(contentDir, post.slug);
    mkdirSync(bundle, { recursive: true });
    renameSync(path.join(contentDir, name), path.join(bundle, 'index.txt'));
    const jpeg = i % 2 === 1;
    const file = `photo.${jpeg ? 'jpg' : 'png'}`;
    await photo(1600 + (i % 3) * 400, 1000 + (i % 2) * 200, jpeg, path.join(bundle, file), i);
    appendFileSync(path.join(bundle, 'index.txt'), `\n\n![A generated photo for the benchmark](${file})\n`);
  }
  return chosen.length;
}

/** Smooth gradients with fine noise: compresses like a photo, not like a flat fill. */
async function photo(width, height, jpeg, file, seed) {
  const channels = 3;
  const data = Buffer.alloc(width * height * channels);
  let s = seed * 2654435761 + 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      s = (s * 1103515245 + 12345) & 0x7fffffff;
      const o = (y * width + x) * channels;
      data[o] = (x * 255) / width;
      data[o + 1] = (y * 255) / height;
      data[o + 2] = ((x + y + seed * 37) % 256) ^ (s & 0x1f);
    }
  }
  const image = sharp(data, { raw: { width, height, channels } });
  await (jpeg ? image.jpeg({ quality: 88 }) : image.png()).toFile(file);
}

/**
 * The image phase on its own: one cold build into a fresh cache, then a warm one, each summary's
 * images part (what the CLI prints: files processed, AVIF/WebP made, seconds, CPU ÷ wall).
 * @param {string} bin  the Hashmark CLI
 * @param {string} root  the benchmark project
 * @returns {{ cold: string, warm: string }}
 */
export function imagePhase(bin, root) {
  const cache = path.join(root, '.cache-image-phase');
  rmSync(cache, { recursive: true, force: true });
  const run = () => {
    const args = [bin, 'build', '--root', root, '--content', path.join(root, 'content'), '--out', path.join(root, 'dist'), '--cache-dir', cache];
    const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
    const line = `${result.stdout}\n${result.stderr}`.split('\n').find((l) => l.startsWith('Built ')) ?? `exit ${result.status}`;
    return line;
  };
  const cold = run();
  // Touch nothing: the warm build must not decode a single image (its summary then has no images part).
  const warm = run();
  rmSync(cache, { recursive: true, force: true });
  return { cold, warm };
}
