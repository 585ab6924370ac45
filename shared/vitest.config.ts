import { defineProject } from 'vitest/config';

export default defineProject({
  // Pure functions without module state: test files can share a worker's modules (no per-file start-up).
  test: { name: 'shared', include: ['src/**/*.test.ts'], environment: 'node', isolate: false },
});
