import { defineProject } from 'vitest/config';

export default defineProject({
  // No module mocks or global stubs, and server state is per AppContext: files can share a worker.
  test: {
    name: 'server',
    include: ['src/**/*.test.ts'],
    environment: 'node',
    env: { TZ: 'UTC' },
    isolate: false,
  },
});
