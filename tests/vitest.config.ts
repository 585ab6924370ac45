import { defineProject } from 'vitest/config';

// API tests run the real app over HTTP. Browser specs (e2e/) run under tests/e2e/run.mjs, not vitest.
export default defineProject({
  test: {
    name: 'tests',
    include: ['api/**/*.test.ts', 'docs/**/*.test.ts'],
    environment: 'node',
    env: { TZ: 'UTC' },
    testTimeout: 30000,
  },
});
