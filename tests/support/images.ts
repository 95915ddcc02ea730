import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

/** A raster image with some detail (a gradient with noise), so encoders have real work and real savings. */
export async function raster(width: number, height: number, format: 'png' | 'jpeg'): Promise<Buffer> {
  const channels = 3;
  const data = Buffer.alloc(width * height * channels);
  let seed = 7;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const i = (y * width + x) * channels;
      data[i] = (x * 255) / width;
      data[i + 1] = (y * 255) / height;
      data[i + 2] = seed & 0x3f;
    }
  }
  const image = sharp(data, { raw: { width, height, channels } });
  return format === 'png' ? image.png().toBuffer() : image.jpeg({ quality: 90 }).toBuffer();
}

/** A two-frame animated GIF. */
export async function animatedGif(width: number, height: number): Promise<Buffer> {
  const frame = (r: number) => sharp({ create: { width, height, channels: 3, background: { r, g: 40, b: 90 } } }).png().toBuffer();
  const frames = await Promise.all([frame(250), frame(10)]);
  return sharp(frames, { join: { animated: true } }).gif({ loop: 0, delay: [200, 200] }).toBuffer();
}

export function svg(width: number, height: number): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}"><rect width="${width}" height="${height}" fill="#369"/></svg>\n`;
}

/** Writes files under `root`, creating folders. */
export function put(root: string, files: Record<string, string | Buffer>): void {
  for (const [file, contents] of Object.entries(files)) {
    const abs = path.join(root, file);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, contents);
  }
}
