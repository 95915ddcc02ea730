// Types for the tests that import bench/lib/scaling.mjs (plain JavaScript, run by node without a compile).
export declare const MODEL: string;
export declare function serialFraction(wall1Ms: number, wallPMs: number, p?: number): number;
export interface Prediction {
  serialFraction: number;
  wallMs: number;
  speedup: number;
  limit: 'amdahl' | 'main thread';
}
export declare function predictScaling(m: { wall1Ms: number; wall2Ms: number; workers?: number; mainThreadMs: number; cores: number }): Prediction;
