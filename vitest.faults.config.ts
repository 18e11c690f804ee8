import { defineConfig } from 'vitest/config';

/**
 * Fault tests kill workers and restart the Docker engine, so they run after the main suite, one
 * file at a time, with nothing else sharing the engine.
 */
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
