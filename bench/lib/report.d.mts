// Types for the tests that import bench/lib/report.mjs (plain JavaScript, run by node without a compile).
import type { Measurement } from './measure.mjs';
import type { Profile } from './corpus.mjs';
export type Scenario = 'cold' | 'cold1' | 'coldCache' | 'warm' | 'post' | 'template';
export interface Series {
  subject: 'hashmark' | 'eleventy' | 'hugo';
  scenario: Scenario;
  samples: Measurement[];
  error: string;
}
export interface Floor {
  sample: number;
  msPerPost: number;
  cpuMsPerPost: number;
  bodyBytesPerPost: number;
  htmlBytesPerPost: number;
}
export interface Pass {
  size: number;
  profile: Profile;
  series: Map<string, Series>;
  outputs: Map<string, { postPages: number; htmlFiles: number }>;
}
export declare const PREDICT_CORES: number;
export declare const COLD_FACTOR: number;
export declare const MAIN_SHARE_LIMIT: number;
export declare function totalCpuMs(m: Measurement): number | null;
export declare function floorSection(floors: Map<Profile, Floor | null>, floorSample: number, cores: number): string[];
export declare function passSection(pass: Pass, floor: Floor | null, machine: { cores: number; workers: number }): string[];
export declare function acceptance(passes: Pass[], floors: Map<Profile, Floor | null>, cores: number): string[];
