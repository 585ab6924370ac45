import { tanstackRouterGenerator } from '@tanstack/router-plugin/vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

// The generator plugin writes src/routeTree.gen.ts (gitignored) before any test imports it, so a clean
// clone can run `vitest` without a prior build.
// The generator's scratch files go under node_modules, whatever the working directory.
const tmpDir = fileURLToPath(new URL('../node_modules/.cache/tanstack-router', import.meta.url));

export default defineProject({
  plugins: [tanstackRouterGenerator({ target: 'react', tmpDir }), react()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  test: {
    name: 'client',
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['./src/testing/setup-tests.ts'],
    // One jsdom and one copy of the npm packages (React, MUI, TanStack) per worker instead of per test
    // file: that start-up was about 4 s of every file. The app's own modules still start fresh in each
    // file (vi.resetModules() in setup-tests.ts), so module state and vi.mock stay per file.
    isolate: false,
    restoreMocks: true,
    // Full-app renders (router + query + MUI) are slow on a loaded 2-core CI machine.
    testTimeout: 30_000,
  },
});
