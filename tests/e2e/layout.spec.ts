import { expect, test, type Page } from '@playwright/test';
import { createPatientWithEvaluation, csrfToken, expectAllSaved, logIn } from './support';

// Layout on the screens clinics use: at 1024 × 768 and 1440 × 900 no page scrolls sideways — neither
// the page itself nor anything inside it (a table, the assessment panel) — with the demo clinic's
// full tables. At 1024 px the live assessment opens beside the form and stays in view while typing.

const VIEWPORTS = [
  { width: 1024, height: 768 },
  { width: 1440, height: 900 },
] as const;

const WORKSPACE_STEPS = ['history', 'exam', 'labs', 'imaging', 'assessment', 'plan', 'sign'] as const;

/**
 * Fails when the page, or any element inside it that scrolls on its own, is wider than its box.
 * Text inputs are left out: a long value scrolling inside its field is how a field works.
 */
async function expectNoSidewaysScroll(page: Page, where: string): Promise<void> {
  const found = await page.evaluate(() => {
    const root = document.documentElement;
    const inner: string[] = [];
    for (const el of document.body.querySelectorAll<HTMLElement>('*')) {
      if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) continue;
      const overflowX = getComputedStyle(el).overflowX;
      if (overflowX !== 'auto' && overflowX !== 'scroll') continue;
      if (el.scrollWidth > el.clientWidth) {
        const name = el.getAttribute('aria-label') ?? el.className.toString().split(' ')[0] ?? '';
        inner.push(`<${el.tagName.toLowerCase()} ${name}> ${el.scrollWidth} > ${el.clientWidth}`);
      }
    }
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, inner };
  });
  expect(found.scrollWidth, `${where}: the page scrolls sideways`).toBeLessThanOrEqual(found.clientWidth);
  expect(found.inner, `${where}: something inside the page scrolls sideways`).toEqual([]);
}

/** Opens a page and waits until its data is on screen (no loading skeleton or spinner left). */
async function visit(page: Page, path: string, heading: string | RegExp): Promise<void> {
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  await page.waitForLoadState('networkidle');
  await expect(page.getByRole('progressbar')).toHaveCount(0);
}

interface PatientListPage {
  items: { id: string; name: string; evaluation: { id: string } | null }[];
}

/** A demo patient's id and the id of their newest evaluation. */
async function demoPatient(page: Page, name: string): Promise<{ patientId: string; evaluationId: string }> {
  const response = await page.request.get(`/api/patients?query=${encodeURIComponent(name)}`);
  expect(response.status()).toBe(200);
  const list = (await response.json()) as PatientListPage;
  const patient = list.items.find((p) => p.name === name);
  expect(patient?.evaluation, `demo patient ${name} with an evaluation`).toBeTruthy();
  return { patientId: patient!.id, evaluationId: patient!.evaluation!.id };
}

for (const viewport of VIEWPORTS) {
  test.describe(`at ${viewport.width} × ${viewport.height}`, () => {
    test.use({ viewport });

    test('no clinician page scrolls sideways', async ({ page }) => {
      test.setTimeout(180_000);
      await logIn(page, 'clinician');
      await visit(page, '/worklist', 'Worklist');
      await expect(page.getByRole('table', { name: 'Patients' }).getByRole('row')).toHaveCount(26);
      await expectNoSidewaysScroll(page, 'worklist');

      // A draft with findings in every stage, and a signed one with a pathologic duplex.
      const draft = await demoPatient(page, 'Kenji Watanabe');
      const signed = await demoPatient(page, 'Julian Weber');

      await visit(page, `/patients/${draft.patientId}`, 'Kenji Watanabe');
      await expectNoSidewaysScroll(page, 'patient page');
      // The trends as a table too (hidden, it is read by screen readers only).
      await page.getByRole('button', { name: 'Show the values as a table' }).click();
      await expect(page.getByRole('table', { name: 'Trend values' })).toBeVisible();
      await expectNoSidewaysScroll(page, 'patient page with the trends table');

      for (const step of WORKSPACE_STEPS) {
        await visit(page, `/evaluations/${draft.evaluationId}/${step}`, 'Kenji Watanabe');
        await expectNoSidewaysScroll(page, `workspace ${step}`);
        // Below 1200 px the assessment starts closed: open beside the form, nothing overflows either.
        const show = page.getByRole('button', { name: 'Show assessment' });
        if ((await show.count()) > 0) {
          await show.click();
          await expect(page.getByRole('complementary', { name: 'Live assessment' })).toBeVisible();
          await expectNoSidewaysScroll(page, `workspace ${step}, assessment open`);
        }
      }

      await visit(page, `/evaluations/${signed.evaluationId}/imaging`, 'Julian Weber');
      await expectNoSidewaysScroll(page, 'signed evaluation');

      await visit(page, `/evaluations/${signed.evaluationId}/print`, 'RLS workup report');
      await expect(page.getByRole('table', { name: 'Venous duplex: reflux time' })).toBeVisible();
      await expectNoSidewaysScroll(page, 'print view');
      await page.getByRole('checkbox', { name: 'Include all recorded answers' }).check();
      await expectNoSidewaysScroll(page, 'print view with every answer');
      // On paper too: A4 and Letter less 2 × 15 mm margins, at 96 px/in (the duplex beside the ABI).
      await page.emulateMedia({ media: 'print' });
      for (const width of [680, 703]) {
        await page.setViewportSize({ width, height: 1000 });
        await expectNoSidewaysScroll(page, `print view on paper ${width} px wide`);
      }
      await page.emulateMedia({ media: 'screen' });
      await page.setViewportSize(viewport);

      await visit(page, '/account', 'Account');
      await expectNoSidewaysScroll(page, 'account (clinician)');
    });

    test('no administrator page scrolls sideways', async ({ page }) => {
      test.setTimeout(120_000);
      await logIn(page, 'admin');
      await visit(page, '/workload', /^Workload/);
      await expect(page.getByRole('table', { name: 'Per clinician' })).toBeVisible();
      await expectNoSidewaysScroll(page, 'workload');

      await visit(page, '/workload/evaluations?kind=open', 'Open evaluations');
      await expectNoSidewaysScroll(page, 'workload: open evaluations');
      await visit(page, '/workload/evaluations?kind=signed', 'Evaluations signed');
      await expectNoSidewaysScroll(page, 'workload: signed evaluations');

      await visit(page, '/users', 'Users');
      await expect(page.getByRole('table', { name: 'Users' })).toBeVisible();
      await expectNoSidewaysScroll(page, 'users');

      await visit(page, '/audit', 'Audit trail');
      await expect(page.getByRole('table', { name: 'Audit trail' }).getByRole('row').nth(10)).toBeVisible();
      await expectNoSidewaysScroll(page, 'audit');

      await visit(page, '/account', 'Account');
      await expectNoSidewaysScroll(page, 'account (administrator)');
    });
  });
}

test.describe('at 1024 × 768, the live assessment', () => {
  test.use({ viewport: { width: 1024, height: 768 } });

  test('opens beside the form and stays in view while typing further down', async ({ page }) => {
    await logIn(page, 'clinician');
    const { evaluationId } = await createPatientWithEvaluation(page.request, {
      name: 'Ottilie Brandt',
      birthDate: '1963-05-02',
      sex: 'female',
    });
    await page.goto(`/evaluations/${evaluationId}/history`);
    await expect(page.getByRole('heading', { level: 2, name: 'History' })).toBeVisible();

    // Closed at this width, so the form keeps its width; one click opens it, no scrolling needed.
    const panel = page.getByRole('complementary', { name: 'Live assessment' });
    await expect(panel).toHaveCount(0);
    const toggle = page.getByRole('button', { name: 'Show assessment' });
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await toggle.click();
    await expect(page.getByRole('button', { name: 'Hide assessment' })).toHaveAttribute(
      'aria-expanded',
      'true',
    );
    const assessment = panel.getByRole('region', { name: 'Assessment' });
    await expect(assessment.getByRole('heading', { name: 'Assessment' })).toBeInViewport();
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    const box = (await panel.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(1024);
    expect(box.x).toBeGreaterThan(500); // beside the form, not under it

    // Typing a value far down the stage scrolls the page; the panel stays in view and follows.
    const irls = page.getByRole('textbox', { name: 'IRLS total score' });
    await irls.scrollIntoViewIfNeeded();
    await irls.fill('27');
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(200);
    await expect(assessment.getByText('Severe RLS (IRLS 21–30)')).toBeInViewport();
    await expect(assessment.getByRole('heading', { name: 'Assessment' })).toBeInViewport();
    await expectNoSidewaysScroll(page, 'history with the assessment open');
    await expectAllSaved(page);

    // Stored as typed: the panel showed the live result of the same answer.
    const response = await page.request.get(`/api/evaluations/${evaluationId}`, {
      headers: { 'X-CSRF-Token': await csrfToken(page.request) },
    });
    const stored = (await response.json()) as { answers: Record<string, unknown> };
    expect(stored.answers['irls.total']).toBe(27);
  });
});
