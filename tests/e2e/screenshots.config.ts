import { defineConfig } from '@playwright/test';
import e2e from './playwright.config';

/**
 * `npm run screenshots`: only screenshots.spec.ts, which rewrites docs/screenshots/*.png (the README's
 * pictures) from the demo clinic. Same server, database and browser as the browser tests.
 */
export default defineConfig({
  ...e2e,
  testMatch: 'screenshots.spec.ts',
  testIgnore: [],
});
