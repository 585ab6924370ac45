import { defineProject } from 'vitest/config';

// API tests run the real app over HTTP. Browser specs (e2e/) run under Playwright
// (tests/e2e/playwright.config.ts), not vitest.
export default defineProject({
  test: {
    name: 'tests',
    // Each file builds its own app, database and clock, and the server keeps its state per AppContext,
    // with no module mocks or global stubs: files can share a worker (no per-file start-up).
    isolate: false,
    include: ['api/**/*.test.ts', 'docs/**/*.test.ts', 'lint/**/*.test.ts', 'reliability/**/*.test.ts'],
    environment: 'node',
    env: { TZ: 'UTC' },
    // The FHIR validator (@medplum/core 5, api/fhir-validator.ts) reads a global WebSocket at import:
    // Node 20 has it only behind this flag (Node 22 and later have it on).
    execArgv: typeof WebSocket === 'undefined' ? ['--experimental-websocket'] : [],
    testTimeout: 30000,
    // A server's start-up over a fresh PostgreSQL database (the demo seed: ~2,500 round trips) takes
    // seconds on a busy machine; the default 10 s for beforeAll was too tight there.
    hookTimeout: 60000,
  },
});
