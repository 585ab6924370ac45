import { expect, test, type Locator, type Page } from '@playwright/test';
import {
  createPatientWithEvaluation,
  dateField,
  logIn,
  readEvaluation,
  saveEvaluation,
  shownDate,
  typeDate,
} from './support';

// Dates typed on the keyboard, one key at a time, into every kind of date field (the one DateField,
// client/src/components/date-field.tsx): after each key, what is stored (read through the API with
// the page's session) or applied (the address bar) is the old date or the finished one, never a
// half-typed year or a cleared date. Chromium's own <input type="date"> used to report '' while a
// year was half-typed, which autosave stored as "0002-11-28" or as null.

/** Longer than autosave's debounce (800 ms, client/src/features/workup/autosave/autosave-queue.ts). */
const AUTOSAVE_PAUSE = 1_000;

/**
 * Types `keys` one at a time into the focused date segment, waiting `pause` after each, and checks
 * with `stored()` that what is stored is one of `allowed` every time.
 */
async function typeSlowly(
  page: Page,
  keys: string,
  stored: () => Promise<unknown>,
  allowed: unknown[],
  pause = AUTOSAVE_PAUSE,
) {
  for (const [i, key] of [...keys].entries()) {
    await page.keyboard.press(key);
    await page.waitForTimeout(pause);
    expect(allowed, `stored after key ${i + 1} of "${keys}"`).toContainEqual(await stored());
  }
}

function segment(field: Locator, name: 'Day' | 'Month' | 'Year'): Locator {
  return field.getByRole('spinbutton', { name });
}

/** A filter's value in the address bar (TanStack Router writes strings JSON-quoted). */
function searchParam(page: Page, name: string): string | null {
  const raw = new URL(page.url()).searchParams.get(name);
  if (raw === null) return null;
  try {
    return JSON.parse(raw) as string;
  } catch {
    return raw;
  }
}

test.describe('keyboard date entry', () => {
  test('a workup date (blood draw): typed fresh and over a saved date, never a partial save', async ({
    page,
  }) => {
    test.setTimeout(90_000);
    await logIn(page);
    const { evaluationId } = await createPatientWithEvaluation(page.request, {
      name: 'Ottilie Brandt',
      birthDate: '1961-04-09',
      sex: 'female',
    });
    const stored = async () => (await readEvaluation(page, evaluationId)).answers['labs.drawDate'] ?? null;
    await page.goto(`/evaluations/${evaluationId}/labs`);
    const field = dateField(page, 'Date of blood draw');

    await test.step('fresh: 2 8 1 1 2 0 2 5 — nothing stored until the field is left', async () => {
      await segment(field, 'Day').click();
      await typeSlowly(page, '28112025', stored, [null]);
      await expect(field).toContainText(shownDate('2025-11-28'));
      await page.keyboard.press('Tab');
      await expect.poll(stored).toBe('2025-11-28');
    });

    await test.step('over the saved date: the year retyped key by key (2, 20, 202, 2026)', async () => {
      await segment(field, 'Year').click();
      await typeSlowly(page, '2026', stored, ['2025-11-28', '2026-11-28']);
      await page.keyboard.press('Tab');
      await expect.poll(stored).toBe('2026-11-28');
      await expect(field).not.toHaveAttribute('aria-describedby', /.+/);
    });

    await test.step('a half-typed year left behind: an error, and the stored date stays', async () => {
      await segment(field, 'Year').click();
      await page.keyboard.press('2');
      await page.keyboard.press('Tab');
      await expect(field).toHaveAccessibleDescription(
        'Enter the year in full, e.g. 2026. The date stays 28 Nov 2026.',
      );
      await expect(field).toHaveAttribute('aria-invalid', 'true');
      await page.waitForTimeout(AUTOSAVE_PAUSE);
      expect(await stored()).toBe('2026-11-28');
      // Back to the year straight away: typed afresh, not appended to the "2".
      await segment(field, 'Year').click();
      await page.keyboard.type('2027', { delay: 50 });
      await page.keyboard.press('Tab');
      await expect.poll(stored).toBe('2027-11-28');
    });

    await test.step('31 Feb: an error, and the stored date stays', async () => {
      await segment(field, 'Day').click();
      await page.keyboard.type('31022026', { delay: 50 });
      await page.keyboard.press('Tab');
      await expect(field).toHaveAccessibleDescription(
        '31 Feb 2026 does not exist. The date stays 28 Nov 2027.',
      );
      await page.waitForTimeout(AUTOSAVE_PAUSE);
      expect(await stored()).toBe('2027-11-28');
    });

    await test.step('"Clear" is the way to remove it', async () => {
      await page.getByRole('button', { name: 'Clear Date of blood draw' }).click();
      await expect.poll(stored).toBeNull();
      await expect(field).not.toHaveAttribute('aria-invalid', 'true');
    });
  });

  test('the plan follow-up date: typed over a saved date, key by key, is never cleared', async ({ page }) => {
    test.setTimeout(90_000);
    await logIn(page);
    const { evaluationId } = await createPatientWithEvaluation(page.request, {
      name: 'Bartholomew Ince',
      birthDate: '1958-12-30',
      sex: 'male',
    });
    await saveEvaluation(page, evaluationId, { plan: { followUpDate: '2027-01-15' } });
    const stored = async () => (await readEvaluation(page, evaluationId)).plan.followUpDate;
    await page.goto(`/evaluations/${evaluationId}/plan`);
    const field = dateField(page, 'Follow-up date');
    await expect(field).toContainText(shownDate('2027-01-15'));

    await test.step('type 18 02 2027 over 15 Jan 2027', async () => {
      await segment(field, 'Day').click();
      await typeSlowly(page, '18022027', stored, ['2027-01-15', '2027-02-18']);
      await page.keyboard.press('Tab');
      await expect.poll(stored).toBe('2027-02-18');
    });

    await test.step('or picked in the calendar', async () => {
      await field.getByRole('button', { name: /^Choose date/ }).click();
      await page.getByRole('dialog').getByRole('gridcell', { name: '20' }).click();
      await expect.poll(stored).toBe('2027-02-20');
      await expect(field).toContainText(shownDate('2027-02-20'));
    });

    await test.step('emptied with the keyboard: nothing removed; "Clear" removes it', async () => {
      await segment(field, 'Day').click();
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Tab');
      await expect(field).toHaveAccessibleDescription(
        'Empty, but nothing was removed. The date stays 20 Feb 2027. Use Clear to remove it.',
      );
      await page.waitForTimeout(AUTOSAVE_PAUSE);
      expect(await stored()).toBe('2027-02-20');
      await page.getByRole('button', { name: 'Clear Follow-up date' }).click();
      await expect.poll(stored).toBeNull();
    });
  });

  test('the patient birth date: a partial date is refused, a complete one saved', async ({ page }) => {
    await logIn(page);
    const { patientId } = await createPatientWithEvaluation(page.request, {
      name: 'Cordelia Vance',
      birthDate: '1968-05-14',
      sex: 'female',
    });
    const stored = async () => {
      const response = await page.request.get(`/api/patients/${patientId}`);
      return ((await response.json()) as { birthDate: string }).birthDate;
    };
    await page.goto(`/patients/${patientId}`);
    await page.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit patient details' });
    const field = dateField(dialog, /Birth date/);
    await expect(field).toContainText('14 May 1968');

    await test.step('year typed over, half done, then Save: refused on the field', async () => {
      await segment(field, 'Year').click();
      await page.keyboard.press('1');
      await page.keyboard.press('9');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await expect(field).toHaveAccessibleDescription(
        'Enter the year in full, e.g. 2026. The date stays 14 May 1968.',
      );
      await expect(dialog).toBeVisible();
      expect(await stored()).toBe('1968-05-14');
    });

    await test.step('the date typed again, complete: saved', async () => {
      await segment(field, 'Day').click();
      await page.keyboard.type('15051968', { delay: 30 });
      await dialog.getByRole('button', { name: 'Save' }).click();
      await expect(dialog).toBeHidden();
      expect(await stored()).toBe('1968-05-15');
    });
  });

  test('the workload "From" filter is applied only when the date is complete', async ({ page }) => {
    await logIn(page, 'admin');
    await page.goto('/workload?from=%222026-01-05%22&to=%222026-03-29%22');
    const filters = page.getByRole('search', { name: 'Workload filters' });
    const from = dateField(filters, 'From');
    await expect(from).toContainText('05 Jan 2026');
    const applied = () => Promise.resolve(searchParam(page, 'from'));

    await test.step('the year typed over key by key: 2026-01-05 or 2025-01-05, nothing else', async () => {
      await segment(from, 'Year').click();
      await typeSlowly(page, '2025', applied, ['2026-01-05', '2025-01-05'], 300);
      await page.keyboard.press('Enter');
      await expect.poll(applied).toBe('2025-01-05');
      expect(searchParam(page, 'to')).toBe('2026-03-29');
    });

    await test.step('after the end date: an error, not applied', async () => {
      await typeDate(page, from, '2026-04-01');
      await expect(from).toHaveAccessibleDescription(
        'Must be on or before the end date (29 Mar 2026). The date stays 5 Jan 2025.',
      );
      expect(searchParam(page, 'from')).toBe('2025-01-05');
    });
  });

  test('the audit filter takes a typed date only when complete', async ({ page }) => {
    await logIn(page, 'admin');
    await page.goto('/audit');
    const filters = page.getByRole('form', { name: 'Audit filters' });
    const from = dateField(filters, 'From');
    const apply = filters.getByRole('button', { name: 'Apply' });

    await test.step('half-typed, then Apply: an error and no filter', async () => {
      await segment(from, 'Day').click();
      await page.keyboard.type('0903', { delay: 30 });
      await apply.click();
      await expect(from).toHaveAccessibleDescription('Incomplete date: enter day, month and year.');
      expect(searchParam(page, 'from')).toBeNull();
    });

    await test.step('completed, then Apply: filtered from that day', async () => {
      await segment(from, 'Year').click();
      await page.keyboard.type('2026', { delay: 30 });
      await apply.click();
      await expect.poll(() => searchParam(page, 'from')).toBe('2026-03-09');
      await expect(from).not.toHaveAttribute('aria-invalid', 'true');
    });

    await test.step('"Clear From" removes it', async () => {
      await filters.getByRole('button', { name: 'Clear From' }).click();
      await apply.click();
      await expect.poll(() => searchParam(page, 'from')).toBeNull();
    });
  });
});
