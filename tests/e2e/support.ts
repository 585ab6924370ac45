import AxeBuilder from '@axe-core/playwright';
import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import type { EvaluationDto } from '@rls/shared';

// Shared steps of the browser specs. The server runs with the demo clinic (RLS_DEMO=1): every demo
// account uses this password (README: demo accounts).
export const DEMO_PASSWORD = 'rls-demo-2026';

/** Signs in through the login form and waits for the role's start page. */
export async function logIn(page: Page, username: 'clinician' | 'admin' = 'clinician'): Promise<void> {
  await page.goto('/login');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const home = username === 'admin' ? /^Workload/ : 'Worklist';
  await expect(page.getByRole('heading', { level: 1, name: home })).toBeVisible();
}

/**
 * Runs axe on the page as it is now (every rule, not only WCAG tags) and fails with a readable list
 * when anything serious or critical is found.
 */
export async function expectNoSeriousA11yViolations(page: Page, where: string): Promise<void> {
  const started = Date.now();
  // A dialog fading in has half-transparent text: scan what the person sees once it has settled.
  await page.evaluate(() =>
    Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))),
  );
  const results = await new AxeBuilder({ page }).analyze();
  if (process.env.E2E_TIMINGS) console.log(`axe ${where}: ${Date.now() - started} ms`);
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} [${v.impact}] ${v.help}: ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    );
  expect(serious, `axe on ${where}`).toEqual([]);
}

/** Presses Tab (or Shift+Tab) until `target` has focus; fails if it is not reachable by keyboard. */
export async function tabTo(page: Page, target: Locator, opts: { backwards?: boolean; max?: number } = {}) {
  const key = opts.backwards ? 'Shift+Tab' : 'Tab';
  const max = opts.max ?? 250;
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press(key);
  }
  throw new Error(`Not reachable with ${key} within ${max} presses: ${target.toString()}`);
}

/** The workspace's step links ("History 6/39", …). */
export function stepLink(page: Page, step: string): Locator {
  return page
    .getByRole('navigation', { name: 'Workup steps' })
    .getByRole('link', { name: new RegExp(`^${step}`) });
}

/** Waits until autosave has stored every edit. */
export async function expectAllSaved(page: Page): Promise<void> {
  await expect(page.getByRole('status').filter({ hasText: /^(All changes saved|Saved \d)/ })).toBeVisible({
    timeout: 15_000,
  });
}

/** The CSRF token of the page's session (for API calls made with `page.request`). */
export async function csrfToken(request: APIRequestContext): Promise<string> {
  const response = await request.get('/api/session');
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { csrfToken: string };
  return body.csrfToken;
}

/** The evaluation as stored, read through the API with the page's session. */
export async function readEvaluation(page: Page, evaluationId: string): Promise<EvaluationDto> {
  const response = await page.request.get(`/api/evaluations/${evaluationId}`);
  expect(response.status()).toBe(200);
  return (await response.json()) as EvaluationDto;
}

/** PATCH with If-Match of the stored version. */
export async function saveEvaluation(
  page: Page,
  evaluationId: string,
  body: Record<string, unknown>,
): Promise<void> {
  const { version } = await readEvaluation(page, evaluationId);
  const saved = await page.request.patch(`/api/evaluations/${evaluationId}`, {
    headers: { 'X-CSRF-Token': await csrfToken(page.request), 'If-Match': `"${version}"` },
    data: body,
  });
  expect(saved.status(), await saved.text()).toBe(200);
}

/** A unique MRN for this run, shaped like the demo clinic's (`MRN-` and digits). */
export function uniqueMrn(): string {
  const digits = `${Date.now() % 1e7}`.padStart(7, '0');
  return `MRN-${digits}${Math.floor(Math.random() * 10)}`;
}

/** Creates a patient and a draft evaluation through the API; returns their ids. */
export async function createPatientWithEvaluation(
  request: APIRequestContext,
  patient: { name: string; birthDate: string; sex: 'female' | 'male' | 'other' | 'unknown' },
): Promise<{ patientId: string; evaluationId: string; mrn: string }> {
  const headers = { 'X-CSRF-Token': await csrfToken(request) };
  const mrn = uniqueMrn();
  const created = await request.post('/api/patients', { headers, data: { mrn, ...patient } });
  expect(created.status()).toBe(201);
  const { id: patientId } = (await created.json()) as { id: string };
  const started = await request.post(`/api/patients/${patientId}/evaluations`, { headers, data: {} });
  expect(started.status()).toBe(201);
  const { id: evaluationId } = (await started.json()) as { id: string };
  return { patientId, evaluationId, mrn };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2027-02-18` → `18 Feb 2027`, as the app's date field shows it (`dd MMM yyyy`). */
export function shownDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d} ${MONTHS[Number(m) - 1]} ${y}`;
}

/**
 * The app's date field (client/src/components/date-field.tsx) by its label: a group of day, month
 * and year segments.
 */
export function dateField(scope: Page | Locator, name: string | RegExp): Locator {
  return scope.getByRole('group', { name });
}

/**
 * Types `iso` into a date field the way a person does: click the day, type the digits (day, month,
 * year), then Tab out, which is when the field takes the date.
 */
export async function typeDate(page: Page, field: Locator, iso: string): Promise<void> {
  const [y, m, d] = iso.split('-');
  await field.getByRole('spinbutton', { name: 'Day' }).click();
  await page.keyboard.type(`${d}${m}${y}`);
  await page.keyboard.press('Tab');
}
