// Types for the tests that import bench/lib/measure.mjs (plain JavaScript, run by node without a compile).
export interface ThreadCpu {
  mainThreadMs: number | null;
  processMs: number;
  childrenMs: number | null;
  unwaitedMs: number | null;
}
export interface Measurement {
  ok: boolean;
  wallMs: number;
  cpuMs: number | null;
  rssMb: number | null;
  error: string;
  threads: ThreadCpu | null;
}
export declare const THREAD_CPU_PRELOAD: string;
export declare function parseThreadCpu(text: string): ThreadCpu | null;
export declare function hasGnuTime(): boolean;
export declare function measure(
  command: string,
  args: string[],
  options: { cwd: string; useTime: boolean; timeoutMs?: number; env?: NodeJS.ProcessEnv; cpuFile?: boolean },
): Measurement;
