import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', './test/reporters/summary-line.ts'],
    // Every log line and audit event of the run is checked for secrets (test/leak).
    setupFiles: ['test/leak/setup.ts'],
    globalSetup: ['test/leak/global.ts'],
  },
});
