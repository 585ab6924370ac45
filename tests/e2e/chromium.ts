import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { chromium } from 'playwright-core';

/**
 * The Chromium that browser tests (and anything else that launches one) drive, found in this order:
 *
 *   1. `CHROMIUM_PATH`, if set;
 *   2. the system's: /usr/bin/chromium (Debian's, what `.ci/run` installs), chromium-browser, google-chrome;
 *   3. Playwright's own, if `npx playwright install chromium` was run;
 *   4. otherwise it runs `npx playwright install chromium` (needs the internet) and uses that.
 *
 * If none works it stops with one line naming the ways to get one. The path found is put in
 * `CHROMIUM_PATH`, so Playwright's worker processes (which load the config again) skip the search.
 */
export function chromiumExecutable(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) stop(`CHROMIUM_PATH=${fromEnv} is not an executable file.`);
    return fromEnv;
  }
  const found = SYSTEM_CHROMIUM.find(isExecutable) ?? playwrightChromium() ?? installPlaywrightChromium();
  if (!found) {
    stop(
      'No Chromium for the browser tests: install one (`apt-get install chromium` or `npx playwright install chromium`), or set CHROMIUM_PATH to a Chromium or Chrome binary.',
    );
  }
  process.env.CHROMIUM_PATH = found;
  return found;
}

/** Launch flags for a headless Chromium in a container or on CI. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Where `npx playwright install chromium` puts the browser, if it is there. */
function playwrightChromium(): string | undefined {
  const file = chromium.executablePath();
  return isExecutable(file) ? file : undefined;
}

function installPlaywrightChromium(): string | undefined {
  console.error('No Chromium found: running `npx playwright install chromium`…');
  const result = spawnSync('npx', ['playwright', 'install', 'chromium'], { stdio: 'inherit' });
  return result.status === 0 ? playwrightChromium() : undefined;
}

function stop(message: string): never {
  console.error(message);
  process.exit(1);
}
