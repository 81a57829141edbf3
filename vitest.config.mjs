// Tool configs are the one place a default export is required.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Bounds for a hung test, not speed limits: CI runs two suites side by side on two cores (the Node
    // matrix), where a table-driven test that takes 12 s alone has taken over 30 s.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
