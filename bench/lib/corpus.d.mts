// Types for the tests that import bench/lib/corpus.mjs (plain JavaScript, run by node without a compile).
export type Profile = 'standard' | 'light';
export declare const PROFILES: readonly Profile[];
export declare const DEFAULT_SEED: number;
export declare const TAG_POOL: string[];
export interface BenchPost {
  index: number;
  slug: string;
  title: string;
  description: string;
  date: string;
  tags: string[];
  featured: boolean;
  body: string;
}
export declare function generatePost(index: number, seed?: number, profile?: Profile): BenchPost;
export declare function slugify(text: string): string;
