import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Fault tests restart the Docker engine: vitest.faults.config.ts runs them alone, afterwards.
    exclude: ['test/faults/**', '**/node_modules/**'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Sandbox and browser suites share one Docker engine and two cores: keep files from piling up.
    maxWorkers: 2,
    fileParallelism: true,
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
