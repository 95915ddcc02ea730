/** What the images stage knows of one image file: measured once per content, then cached. */
export interface ImageFacts {
  /** Displayed size (EXIF orientation applied), in CSS pixels at 1x. */
  width: number;
  height: number;
  /** sharp's name of the format: `png`, `jpeg`, `webp`, `gif`, `svg`, ... */
  format: string;
  /** More than one frame (animated GIF or WebP): passed through, never re-encoded. */
  animated: boolean;
  /** AVIF and WebP files made of it; empty when processing is off or the format is not re-encoded. */
  variants: Variant[];
}

export interface Variant {
  width: number;
  format: 'avif' | 'webp';
  /** Key of the file in the images namespace (the bytes, as written). */
  key: string;
  /** Its size in bytes, to tell a whole cached file from a damaged one. */
  bytes: number;
}

/** The images settings of site.config.ts, resolved. */
export interface ImageSettings {
  process: boolean;
  widths: number[];
  sizes: string;
  quality: { avif: number; webp: number };
  maxBytes: number;
}

/** What the HTML rewrite needs of one `<img>`. */
export interface ImageView {
  width: number;
  height: number;
  /** `<source>`s to put before the `<img>` inside a `<picture>`, most preferred first; none: a plain `<img>`. */
  sources: Array<{ type: string; srcset: string }>;
}
