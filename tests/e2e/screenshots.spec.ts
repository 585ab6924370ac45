import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { csrfToken, expectAllSaved, logIn, uniqueMrn } from './support';

// Writes docs/screenshots/worklist.png and workspace.png from the demo clinic (README pictures).
// Runs only under `npm run screenshots` (screenshots.config.ts): `npm test` changes no tracked file.
// Nothing fails on the pictures themselves.

const shots = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots');

test('screenshots of the worklist and the workspace', async ({ page }) => {
  mkdirSync(shots, { recursive: true });
  await page.setViewportSize({ width: 1440, height: 1000 });
  await logIn(page);
  await expect(page.getByRole('table', { name: 'Patients' }).getByRole('row').nth(5)).toBeVisible();
  await page.screenshot({ path: path.join(shots, 'worklist.png') });

  // A visit in progress: history, exam and labs done, imaging half-way; the assessment shows findings.
  const headers = { 'X-CSRF-Token': await csrfToken(page.request) };
  const created = await page.request.post('/api/patients', {
    headers,
    data: { mrn: uniqueMrn(), name: 'Margarethe Olsen', birthDate: '1961-10-22', sex: 'female' },
  });
  expect(created.status()).toBe(201);
  const patient = (await created.json()) as { id: string };
  const started = await page.request.post(`/api/patients/${patient.id}/evaluations`, { headers, data: {} });
  const evaluation = (await started.json()) as { id: string; version: number };
  const saved = await page.request.patch(`/api/evaluations/${evaluation.id}`, {
    headers: { ...headers, 'If-Match': `"${evaluation.version}"` },
    data: {
      answers: {
        'criteria.urge': true,
        'criteria.rest': true,
        'criteria.movementRelief': true,
        'criteria.eveningWorse': true,
        'criteria.notMimic': true,
        course: 'chronic-persistent',
        clinicallySignificant: true,
        'irls.total': 26,
        onsetAge: 48,
        familyHistory: true,
        'meds.exacerbating': ['ssri-snri'],
        substances: ['caffeine'],
        comorbidities: ['venous-disease'],
        'exam.edema.left': true,
        'exam.edema.right': false,
        'exam.ceap.left': 'C3',
        'exam.ceap.right': 'C2',
        'exam.pulses.left': 'normal',
        'exam.pulses.right': 'normal',
        'lab.ferritin': { value: 38, unit: 'ug/L' },
        'lab.tsat': 16,
        'lab.hemoglobin': 12.4,
        'lab.egfr': 74,
        'lab.hba1c': 5.6,
        'duplex.performed': true,
        'duplex.refluxMs.gsv.left': 1200,
        'duplex.refluxMs.gsv.right': 300,
      },
    },
  });
  expect(saved.status()).toBe(200);

  await page.goto(`/evaluations/${evaluation.id}/imaging`);
  await expect(
    page.getByRole('region', { name: 'Assessment' }).first().getByText('Iron treatment indicated'),
  ).toBeVisible();
  await expectAllSaved(page);
  await page.screenshot({ path: path.join(shots, 'workspace.png') });
});
