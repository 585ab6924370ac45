import { defineConfig } from '@playwright/test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumArgs, chromiumExecutable } from './chromium';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const port = Number(process.env.E2E_PORT ?? 3917);
const baseURL = `http://127.0.0.1:${port}`;
// Test output and the server's throwaway database stay in this gitignored folder, which Playwright
// empties at the start of every run, before it starts the server.
const outputDir = path.join(root, 'tests/.artifacts/e2e');
const dbFile = path.join(outputDir, 'server.db');

/**
 * The browser tests of `npm test`. screenshots.spec.ts rewrites the README's pictures in docs/, so it
 * runs only under `npm run screenshots` (screenshots.config.ts), never as part of the tests.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  testIgnore: 'screenshots.spec.ts',
  outputDir,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL,
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: chromiumExecutable(), args: chromiumArgs },
    screenshot: 'only-on-failure',
    trace: 'off',
  },
  webServer: {
    command: `node ${path.join(root, 'server/dist/main.js')}`,
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    cwd: root,
    env: {
      NODE_ENV: 'production',
      RLS_DEMO: '1',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${dbFile}`,
      TZ: 'UTC',
      LOG_LEVEL: 'warn',
      // Production requires real keys (docs/decisions/017-security-hardening.md); these are test-only.
      RLS_AUDIT_KEY: Buffer.alloc(32, 'e2e-audit').toString('base64'),
      RLS_SECRET_KEY: Buffer.alloc(32, 'e2e-secret').toString('base64'),
    },
  },
});
