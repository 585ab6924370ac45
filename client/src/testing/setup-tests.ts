import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

// `findBy…` and `waitFor` give up after 1 s by default. `npm test` runs these tests beside the browser
// tests on a 2-core CI machine, where a MUI dialog's exit and a refetch can take longer than that.
configure({ asyncUtilTimeout: 5_000 });

// The client project runs with `isolate: false` (vitest.config.ts): this worker's jsdom and npm
// packages carry over from the previous test file. The app's own modules must not: forget them, so this
// file gets fresh module state (CSRF token, session listeners, the signed-in user) and its own vi.mock.
vi.resetModules();
const { setCsrfToken } = await import('@/lib/api-client');
const { reportReachable } = await import('@/lib/connection');
const { discardUnsavedWork } = await import('@/lib/unsaved-work');

// jsdom has no scrolling; the router's scroll restoration calls it on every navigation.
window.scrollTo = () => {};

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setCsrfToken(null);
  // Edits kept by the autosave store and a lost connection belong to the test that made them.
  discardUnsavedWork();
  reportReachable();
});
