import { expect, test, type Page } from '@playwright/test';
import {
  createPatientWithEvaluation,
  csrfToken,
  expectAllSaved,
  expectNoSeriousA11yViolations,
  logIn,
  readEvaluation,
  saveEvaluation,
  stepLink,
} from './support';

// A 12-week iron recheck: the first visit (iron deficiency, IV ferric carboxymaltose) is recorded and
// signed through the API with the page's session; the follow-up is started, confirmed and completed in
// the browser, and the patient page then shows the ferritin trend across both visits.

const CRITERIA = {
  'criteria.urge': true,
  'criteria.rest': true,
  'criteria.movementRelief': true,
  'criteria.eveningWorse': true,
  'criteria.notMimic': true,
};

/** `YYYY-MM-DD` of today (the server runs in UTC) plus `days`. */
function utcDate(days: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days))
    .toISOString()
    .slice(0, 10);
}

/** The first visit, 12 weeks ago: iron deficiency treated with IV iron, signed. */
async function signedFirstVisit(page: Page): Promise<{ patientId: string; evaluationId: string }> {
  const { patientId, evaluationId } = await createPatientWithEvaluation(page.request, {
    name: 'Maren Holt',
    birthDate: '1969-02-17',
    sex: 'female',
  });
  await saveEvaluation(page, evaluationId, {
    answers: {
      ...CRITERIA,
      familyHistory: true,
      onsetAge: 41,
      'irls.total': 24,
      'labs.drawDate': utcDate(-84),
      'lab.ferritin': 40,
      'lab.tsat': 15,
    },
  });
  await saveEvaluation(page, evaluationId, {
    plan: {
      selected: ['iron.iv-fcm'],
      medications: [
        { id: 'iron.iv-fcm', dose: 1000, unit: 'mg', frequency: 'single-dose', startDate: utcDate(-84) },
      ],
      followUpDate: utcDate(0),
      reviewed: true,
    },
  });
  const { version } = await readEvaluation(page, evaluationId);
  const signed = await page.request.post(`/api/evaluations/${evaluationId}/sign`, {
    headers: { 'X-CSRF-Token': await csrfToken(page.request), 'If-Match': `"${version}"` },
    data: {},
  });
  expect(signed.status(), await signed.text()).toBe(200);
  return { patientId, evaluationId };
}

test('a follow-up visit: start from the signed visit, confirm the carried history, new ferritin, trend', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await logIn(page);
  const first = await signedFirstVisit(page);

  await test.step('patient page: the recheck is due and says what for; start the follow-up', async () => {
    await page.goto(`/patients/${first.patientId}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Maren Holt' })).toBeVisible();
    const next = page.getByRole('region', { name: /^Next recheck: .* — due now$/ });
    await expect(next).toContainText('Recheck ferritin and TSAT 8 weeks after IV iron');
    await expect(page.getByRole('button', { name: 'Start blank' })).toBeVisible();
    await page.getByRole('button', { name: 'Start follow-up' }).click();
    await expect(page).toHaveURL(/\/evaluations\/[^/]+\/history$/);
  });

  const followUpId = /\/evaluations\/([^/]+)\//.exec(page.url())?.[1] ?? '';
  expect(followUpId).not.toBe(first.evaluationId);

  await test.step('history: the stable history is carried and marked (axe)', async () => {
    const diagnosis = page.getByRole('region', { name: 'IRLSSG diagnostic criteria' });
    await expect(diagnosis.getByText(/^Carried from \d{1,2} \w+ \d{4}$/)).toHaveCount(5);
    await expect(
      page.getByRole('radiogroup', { name: 'Urge to move the legs' }).getByRole('radio', { name: 'Yes' }),
    ).toBeChecked();
    // Measured values are never carried: the IRLS score starts empty.
    await expect(page.getByRole('textbox', { name: 'IRLS total score' })).toHaveValue('');
    await expectNoSeriousA11yViolations(page, 'workspace: carried history');
  });

  await test.step('confirm the carried history: one item, then each group', async () => {
    const symptoms = page.getByRole('region', { name: 'Symptom profile' });
    await symptoms.getByRole('button', { name: 'Confirm Age at onset' }).click();
    await expect(symptoms.getByRole('button', { name: 'Confirm Age at onset' })).toHaveCount(0);

    const confirmAll = page.getByRole('button', { name: /^Confirm all in this group/ });
    while ((await confirmAll.count()) > 0) await confirmAll.first().click();
    await expect(page.getByText(/^Carried from /)).toHaveCount(0);
    await expectAllSaved(page);

    const stored = await readEvaluation(page, followUpId);
    expect(stored.answers).toMatchObject({ ...CRITERIA, familyHistory: true, onsetAge: 41 });
    const stillCarried = Object.entries(stored.answerMeta).filter(([, meta]) => meta.carriedFrom);
    // Only stages not visited may still hold carried answers; the history has none.
    expect(stillCarried.map(([code]) => code).filter((code) => code.startsWith('criteria.'))).toEqual([]);
  });

  await test.step('labs: the recheck ferritin', async () => {
    await stepLink(page, 'Labs').click();
    await page.getByRole('textbox', { name: 'Ferritin', exact: true }).fill('95');
    await page.getByRole('textbox', { name: 'Transferrin saturation (TSAT)', exact: true }).fill('24');
    await expectAllSaved(page);
  });

  await test.step('patient page: the ferritin trend holds both values (table; axe)', async () => {
    await page.goto(`/patients/${first.patientId}`);
    const trends = page.getByRole('region', { name: 'Trends' });
    await expect(trends.getByRole('figure', { name: /^Ferritin/ })).toBeVisible();
    await trends.getByRole('button', { name: 'Show the values as a table' }).click();
    const table = trends.getByRole('table', { name: 'Trend values' });
    await expect(table).toBeVisible();

    const header = await table.getByRole('row').first().locator('th').allTextContents();
    const ferritin = header.indexOf('Ferritin (ng/mL)');
    expect(ferritin).toBeGreaterThan(0);
    const rows = table.getByRole('row');
    const values: string[] = [];
    const dates: string[] = [];
    for (let i = 1; i < (await rows.count()); i++) {
      const cells = await rows.nth(i).locator('th, td').allTextContents();
      if (cells[ferritin] !== '—') {
        values.push(cells[ferritin]!);
        dates.push(cells[0]!);
      }
    }
    expect(values).toEqual(['40', '95']);
    expect(new Set(dates).size).toBe(2);
    await expect(table).toContainText('Started IV ferric carboxymaltose');
    await expectNoSeriousA11yViolations(page, 'patient page with trends');
  });
});
