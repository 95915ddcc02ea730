// Types for the tests that import scripts/test-prerequisites.mjs (plain JavaScript, so npm can run it before any compile).
export declare const DEFAULT_CHROMIUM: string;
export declare const CHROMIUM_PACKAGE: string;
export declare const JAVA_PACKAGE: string;

export interface Found {
  chromium: { path: string; fromEnv: boolean; found: boolean; onPath?: string };
  java: boolean;
  install: { possible: boolean; why?: string };
}

export type Plan = { action: 'ready' } | { action: 'install'; packages: string[] } | { action: 'stop'; message: string };

export declare function plan(found: Found): Plan;
export declare function installAbility(env?: NodeJS.ProcessEnv): { possible: boolean; why?: string };
