import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // CLI and worker tests run the compiled lib/; compile it once per run.
    globalSetup: ['tests/setup/compile.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
