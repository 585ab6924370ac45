import fs from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import {
  createPatientWithEvaluation,
  expectAllSaved,
  expectNoSeriousA11yViolations,
  logIn,
  readEvaluation,
  saveEvaluation,
} from './support';

// Lab results imported from a laboratory's CSV export in the labs stage (issue 15): the preview shows
// what will be filled (a haemoglobin in g/L converted to g/dL, a ferritin replacing the value already
// entered) and what is skipped (an unknown LOINC) with its reason; Apply stores them through the
// workspace's save path and the fields show them at once and after a reload. The evaluation's FHIR
// export downloads as a Bundle from the workspace and from the print view.

const CSV = [
  'loinc,value,unit,date',
  '718-7,135,g/L,2026-11-18',
  '2276-4,32,ng/mL,2026-11-18',
  '9999-9,7,mg/dL,2026-11-18',
  '',
].join('\n');

/** The labs fields as stored: haemoglobin as entered in g/L with its g/dL value, ferritin 32. */
async function expectImportedFields(page: Page): Promise<void> {
  const haemoglobin = page.getByRole('textbox', { name: 'Haemoglobin', exact: true });
  await expect(haemoglobin).toHaveValue('135');
  await expect(page.getByText(/^= 13\.5 g\/dL/)).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Ferritin', exact: true })).toHaveValue('32');
}

test.describe('lab import and FHIR export', () => {
  test('a CSV is previewed, its unknown row skipped with the reason, and applied', async ({ page }) => {
    await logIn(page);
    const { evaluationId } = await createPatientWithEvaluation(page.request, {
      name: 'Ines Marlow',
      birthDate: '1964-08-22',
      sex: 'female',
    });
    await saveEvaluation(page, evaluationId, { answers: { 'lab.ferritin': 40 } });
    await page.goto(`/evaluations/${evaluationId}/labs`);
    await expect(page.getByRole('heading', { level: 2, name: 'Laboratory' })).toBeVisible();

    await page.getByRole('button', { name: 'Import lab results' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import lab results' });
    await dialog.locator('input[type="file"]').setInputFiles({
      name: 'lab-results.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(CSV),
    });
    await expect(dialog.getByText('lab-results.csv')).toBeVisible();
    await dialog.getByRole('button', { name: 'Preview' }).click();

    const table = dialog.getByRole('table', { name: 'Results to fill' });
    const haemoglobin = table.getByRole('row', { name: /Haemoglobin/ });
    await expect(haemoglobin).toContainText('135 g/L');
    await expect(haemoglobin).toContainText('13.5 g/dL');
    await expect(haemoglobin).toContainText('converted from g/L');
    await expect(haemoglobin).toContainText('empty');
    await expect(haemoglobin).toContainText('18 Nov 2026');
    const ferritin = table.getByRole('row', { name: /Ferritin/ });
    await expect(ferritin).toContainText('32 ng/mL');
    await expect(ferritin).toContainText('40 ng/mL');
    await expect(ferritin).toContainText('will be replaced');
    const skipped = dialog.getByRole('region', { name: 'Not imported (1)' });
    await expect(skipped).toContainText(/Row 3 \(LOINC 9999-9\): \S.+/);
    await expect(dialog.getByText(/^2 results will be filled/)).toBeFocused();
    await expectNoSeriousA11yViolations(page, 'lab import preview');

    // The preview stored nothing.
    expect((await readEvaluation(page, evaluationId)).answers['lab.hemoglobin']).toBeUndefined();

    await dialog.getByRole('button', { name: 'Apply 2 results' }).click();
    await expect(dialog).toBeHidden();
    await expect(
      page.getByText(/^Imported 2 lab results from lab-results\.csv; 1 row was skipped/),
    ).toBeVisible();
    await expectImportedFields(page);
    await expectAllSaved(page);

    const stored = await readEvaluation(page, evaluationId);
    expect(stored.answers['lab.hemoglobin']).toBeCloseTo(13.5, 10);
    expect(stored.answerMeta['lab.hemoglobin']).toMatchObject({ value: 135, unit: 'g/L' });
    expect(stored.answers['lab.ferritin']).toBe(32);

    await page.reload();
    await expectImportedFields(page);
  });

  test('Download FHIR gives the evaluation as a FHIR Bundle, from the workspace and the print view', async ({
    page,
  }) => {
    await logIn(page);
    const { evaluationId } = await createPatientWithEvaluation(page.request, {
      name: 'Tobias Wren',
      birthDate: '1958-01-30',
      sex: 'male',
    });
    await saveEvaluation(page, evaluationId, { answers: { 'lab.ferritin': 58 } });
    await page.goto(`/evaluations/${evaluationId}/labs`);

    for (const where of ['workspace', 'print view']) {
      if (where === 'print view') {
        await page.getByRole('link', { name: 'Print view' }).click();
        await expect(page.getByRole('button', { name: 'Print' })).toBeVisible();
      }
      const downloading = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Download FHIR' }).click();
      const download = await downloading;
      expect(download.suggestedFilename(), where).toMatch(new RegExp(`${evaluationId}.*\\.json$`));
      // Nothing identifying in the address the file came from: an in-memory object URL.
      expect(download.url(), where).toMatch(/^blob:/);
      const bundle = JSON.parse(await fs.readFile(await download.path(), 'utf8')) as {
        resourceType: string;
        entry?: { resource: { resourceType: string; code?: { coding?: { code?: string }[] } } }[];
      };
      expect(bundle.resourceType, where).toBe('Bundle');
      const ferritin = bundle.entry?.find((e) => e.resource.code?.coding?.some((c) => c.code === '2276-4'));
      expect(ferritin?.resource.resourceType, where).toBe('Observation');
    }
    // The button is not on paper.
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('button', { name: 'Download FHIR' })).toBeHidden();
  });
});
