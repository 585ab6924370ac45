/**
 * What clinicians wait for, timed in headless Chromium (/usr/bin/chromium, else as tests/e2e/chromium.ts finds one) with the client's Performance API marks
 * (client/src/lib/perf-marks.ts) against a running, built server:
 *
 * - firstRowsMs: per fresh page load of /worklist, the `rls:worklist-rows` mark (rows painted)
 *   relative to navigation start;
 * - stageSwitchMs: per click on a workup step, the `rls:stage-switch` measure (click → new step
 *   painted), cycling through the steps of the first worklist row's evaluation.
 *
 *   npx tsx tests/bench/browser-timing.ts <baseUrl> [username] [password] [iterations]
 */
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { chromiumArgs, chromiumExecutable } from '../e2e/chromium';

/** The workup steps a stage switch cycles through (each click leaves the current one). */
const STEPS = ['history', 'exam', 'labs', 'imaging', 'assessment', 'plan', 'sign'] as const;

async function logIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 30_000 });
}

/** Waits for the named performance entries to reach `count` and answers them. */
async function entries(page: Page, name: string, type: 'mark' | 'measure', count: number) {
  await page.waitForFunction(
    ([n, t, c]) => performance.getEntriesByName(n, t as string).length >= c,
    [name, type, count] as const,
    { timeout: 30_000 },
  );
  return page.evaluate(
    ([n, t]) =>
      performance.getEntriesByName(n, t).map((e) => ({ startTime: e.startTime, duration: e.duration })),
    [name, type] as const,
  );
}

export async function measureBrowser(opts: {
  baseUrl: string;
  username: string;
  password: string;
  iterations: number;
}): Promise<{ firstRowsMs: number[]; stageSwitchMs: number[] }> {
  const baseUrl = opts.baseUrl.replace(/\/$/, '');
  const browser = await chromium.launch({
    executablePath: chromiumExecutable(),
    headless: true,
    args: chromiumArgs,
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await logIn(page, baseUrl, opts.username, opts.password);

    // Time to first rows: a fresh page load each time (the browser cache keeps the assets, as a
    // clinician's browser does between visits).
    const firstRowsMs: number[] = [];
    for (let i = 0; i < opts.iterations; i++) {
      await page.goto(`${baseUrl}/worklist`);
      const [mark] = await entries(page, 'rls:worklist-rows', 'mark', 1);
      firstRowsMs.push(mark!.startTime);
    }

    // The evaluation of the first worklist row that has one (an open one if the page has any).
    const res = await page.request.get(`${baseUrl}/api/patients`);
    if (!res.ok()) throw new Error(`GET /api/patients answered ${res.status()}`);
    const list = (await res.json()) as {
      items: Array<{ evaluation: { id: string; status: string } | null }>;
    };
    const withEvaluation = list.items.filter((item) => item.evaluation);
    const chosen = withEvaluation.find((item) => item.evaluation!.status !== 'signed') ?? withEvaluation[0];
    if (!chosen) throw new Error('no worklist row with an evaluation to open');
    const evaluationId = chosen.evaluation!.id;

    await page.goto(`${baseUrl}/evaluations/${evaluationId}/${STEPS[0]}`);
    await page.getByRole('navigation', { name: 'Workup steps' }).waitFor();
    await page.getByRole('heading', { level: 2 }).first().waitFor();

    const stageSwitchMs: number[] = [];
    const nav = page.getByRole('navigation', { name: 'Workup steps' });
    for (let i = 0; i < opts.iterations; i++) {
      const step = STEPS[(i + 1) % STEPS.length]!;
      await nav.locator(`a[href$="/${step}"]`).click();
      const measures = await entries(page, 'rls:stage-switch', 'measure', i + 1);
      stageSwitchMs.push(measures[i]!.duration);
    }
    await context.close();
    return { firstRowsMs, stageSwitchMs };
  } finally {
    await browser.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [baseUrl = 'http://127.0.0.1:3000', username = 'clinician', password = 'rls-demo-2026', n = '10'] =
    process.argv.slice(2);
  const result = await measureBrowser({ baseUrl, username, password, iterations: Number(n) });
  const summary = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return `median ${s[Math.floor(s.length / 2)]!.toFixed(1)} ms, max ${s[s.length - 1]!.toFixed(1)} ms (n=${s.length})`;
  };
  console.log(`first worklist rows: ${summary(result.firstRowsMs)}`);
  console.log(`stage switch:        ${summary(result.stageSwitchMs)}`);
}
