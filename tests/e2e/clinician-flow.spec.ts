import { expect, test } from '@playwright/test';
import {
  dateField,
  expectAllSaved,
  expectNoSeriousA11yViolations,
  logIn,
  stepLink,
  typeDate,
  uniqueMrn,
} from './support';

// One clinician visit from sign-in to a signed, printed and amended evaluation, through the UI only;
// the stored result is then read back through the API with the same session.

const PATIENT = { name: 'Harriet Lindqvist', birthDate: '1966-08-14' };
const CRITERIA = [
  'Urge to move the legs',
  'Starts or worsens at rest',
  'Relieved by movement',
  'Evening or night predominance',
  'Not solely explained by another condition',
];
const ORAL_IRON = /^Oral ferrous sulfate/;
const COMPRESSION = /^Graduated compression stockings/;
const OWN_ITEM = 'Recheck ferritin and TSAT in 12 weeks';
const FOLLOW_UP = '2027-02-18';
const REASON = 'Duplex report received: right leg reflux times added';

interface StoredEvaluation {
  id: string;
  status: string;
  version: number;
  answers: Record<string, unknown>;
  plan: {
    selected: string[];
    custom: string[];
    followUpDate: string | null;
    reviewed: boolean;
    medications: unknown[];
  };
  assessment: { findings: { code: string }[] };
  signedAt: string | null;
  signedBy: string | null;
  amendments: { reason: string; fromVersion: number }[];
}

test('a clinician works up a new patient: four stages, plan, sign, print, amend', async ({ page }) => {
  // The longest story of the suite (≈ 12 axe scans); everything else stays within the default timeout.
  test.setTimeout(300_000);
  const mrn = uniqueMrn();

  await test.step('sign in (axe: login, worklist)', async () => {
    await page.goto('/login');
    await expectNoSeriousA11yViolations(page, 'login');
    await logIn(page);
    await expect(page.getByRole('table', { name: 'Patients' })).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'worklist');
  });

  await test.step('create the patient and start an evaluation (axe: patient page)', async () => {
    await page.getByRole('button', { name: 'New patient' }).click();
    const dialog = page.getByRole('dialog', { name: 'New patient' });
    await dialog.getByLabel('MRN').fill(mrn);
    await dialog.getByLabel('Full name').fill(PATIENT.name);
    await typeDate(page, dateField(dialog, /Birth date/), PATIENT.birthDate);
    await dialog.getByRole('combobox', { name: 'Sex' }).click();
    await page.getByRole('option', { name: 'Female' }).click();
    await dialog.getByRole('button', { name: 'Add patient' }).click();

    await expect(page.getByRole('heading', { level: 1, name: PATIENT.name })).toBeVisible();
    await expect(page.getByText(mrn).first()).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'patient page');
    await page.getByRole('button', { name: 'Start evaluation' }).click();
    await expect(page).toHaveURL(/\/evaluations\/[^/]+\/history$/);
  });

  const evaluationId = /\/evaluations\/([^/]+)\//.exec(page.url())?.[1] ?? '';
  expect(evaluationId).not.toBe('');
  const assessment = page.getByRole('region', { name: 'Assessment' }).first();

  await test.step('history: all five criteria yes, IRLS 24 (axe)', async () => {
    for (const criterion of CRITERIA) {
      await page.getByRole('radiogroup', { name: criterion }).getByRole('radio', { name: 'Yes' }).check();
    }
    await page.getByRole('textbox', { name: 'IRLS total score' }).fill('24');
    await expect(assessment.getByText('IRLSSG criteria met')).toBeVisible();
    await expect(assessment.getByText('Severe RLS (IRLS 21–30)')).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'workspace: history');
  });

  await test.step('exam: CEAP C3 on the left (axe)', async () => {
    await stepLink(page, 'Exam').click();
    await page
      .getByRole('combobox', { name: 'CEAP clinical class Left' })
      .selectOption({ label: 'C3 — oedema' });
    await expect(assessment.getByText('Chronic venous insufficiency (CEAP ≥ C3)')).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'workspace: exam');
  });

  await test.step('labs: ferritin 40, TSAT 15 → iron treatment (axe)', async () => {
    await stepLink(page, 'Labs').click();
    await page.getByRole('textbox', { name: 'Ferritin', exact: true }).fill('40');
    await page.getByRole('textbox', { name: 'Transferrin saturation (TSAT)', exact: true }).fill('15');
    await expect(assessment.getByText('Iron treatment indicated')).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'workspace: labs');
  });

  await test.step('imaging: duplex with GSV reflux 800 ms left, ABI 1.05 both (axe)', async () => {
    await stepLink(page, 'Imaging').click();
    await page
      .getByRole('radiogroup', { name: 'Venous duplex performed' })
      .getByRole('radio', { name: 'Yes' })
      .check();
    await page.getByRole('textbox', { name: 'GSV Left' }).fill('800');
    await page.getByRole('textbox', { name: 'ABI Left' }).fill('1.05');
    await page.getByRole('textbox', { name: 'ABI Right' }).fill('1.05');
    await expect(assessment.getByText('Superficial venous reflux')).toBeVisible();
    await expect(assessment.getByText('Iron treatment indicated')).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'workspace: imaging');
  });

  await test.step('assessment step (axe)', async () => {
    await stepLink(page, 'Assessment').click();
    await expect(page.getByText('Superficial venous reflux').first()).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'workspace: assessment');
  });

  await test.step('plan: tick options, own item, follow-up date, reviewed (axe)', async () => {
    await stepLink(page, 'Plan').click();
    const iron = page.getByRole('group', { name: 'Iron treatment indicated' });
    await iron.getByRole('checkbox', { name: ORAL_IRON }).check();
    await page
      .getByRole('group', { name: 'Chronic venous insufficiency (CEAP ≥ C3)' })
      .getByRole('checkbox', { name: COMPRESSION })
      .check();
    await page.getByRole('textbox', { name: 'New plan item' }).fill(OWN_ITEM);
    await page.getByRole('button', { name: 'Add item' }).click();
    await expect(page.getByRole('list', { name: 'Own plan items' }).getByText(OWN_ITEM)).toBeVisible();
    await typeDate(page, dateField(page, 'Follow-up date'), FOLLOW_UP);
    await page.getByRole('switch', { name: 'Plan reviewed' }).check();
    await expectAllSaved(page);
    await expectNoSeriousA11yViolations(page, 'workspace: plan');
  });

  await test.step('sign: nothing blocks, confirm in the dialog (axe: sign step and dialog)', async () => {
    await stepLink(page, 'Sign').click();
    await expect(page.getByText('Nothing blocks signing', { exact: false })).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'workspace: sign');
    await page.getByRole('button', { name: 'Sign evaluation' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign this evaluation?' });
    await expect(dialog).toContainText('Iron treatment indicated');
    await expect(dialog).toContainText('Superficial venous reflux');
    await expect(dialog).toContainText(OWN_ITEM);
    await expect(dialog).toContainText('Follow-up: 18 Feb 2027');
    await expectNoSeriousA11yViolations(page, 'sign dialog');
    await dialog.getByRole('button', { name: 'Sign', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(
      page.getByText(/^Signed by Dr\. .+ on \d{1,2} \w{3} \d{4}, \d{2}:\d{2}$/).first(),
    ).toBeVisible();
    // Read-only now: the plan can no longer be ticked.
    await stepLink(page, 'Plan').click();
    await expect(page.getByRole('checkbox', { name: ORAL_IRON })).toBeDisabled();
  });

  await test.step('print view: the whole report, no app chrome, fits A4 and Letter (axe)', async () => {
    await page.getByRole('link', { name: 'Print view' }).first().click();
    const report = page.getByRole('article', { name: 'RLS workup report' });
    await expect(report).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
    for (const text of [
      PATIENT.name,
      mrn,
      '14 Aug 1966',
      'Female',
      'Iron treatment indicated',
      'Superficial venous reflux',
    ]) {
      await expect(report).toContainText(text);
    }
    await expect(report.getByRole('table', { name: 'Key values' })).toContainText('40 ng/mL');
    await expect(report.getByRole('table', { name: 'Key values' })).toContainText('15 %');
    await expect(report.getByRole('table', { name: 'Key values' })).toContainText('24 / 40 (severe)');
    await expect(report.getByRole('region', { name: 'Plan' })).toContainText(OWN_ITEM);
    await expect(report.getByRole('region', { name: 'Plan' })).toContainText('18 Feb 2027');
    await expect(report.getByRole('region', { name: 'Signature' })).toContainText('Electronically signed by');
    await expectNoSeriousA11yViolations(page, 'print view');

    // Printable width: A4 210 mm and Letter 8.5 in, each less 2 × 15 mm margins, at 96 px/in.
    await page.emulateMedia({ media: 'print' });
    for (const [paper, widthPx] of [
      ['A4', 680],
      ['Letter', 703],
    ] as const) {
      await page.setViewportSize({ width: widthPx, height: 1000 });
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, `report wider than ${paper} paper`).toBeLessThanOrEqual(0);
    }
    await expect(page.getByRole('button', { name: 'Print' })).toBeHidden();
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goBack();
  });

  await test.step('amend with a reason; the signed version stays readable (axe: version view)', async () => {
    await stepLink(page, 'Sign').click();
    await page.getByRole('button', { name: 'Amend' }).click();
    const dialog = page.getByRole('dialog', { name: 'Amend signed evaluation' });
    await dialog.getByRole('button', { name: 'Start amendment' }).click();
    await expect(dialog.getByText('Enter the reason for the amendment.')).toBeVisible();
    await dialog.getByRole('textbox', { name: 'Reason for amendment' }).fill(REASON);
    await dialog.getByRole('button', { name: 'Start amendment' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText('Amendment 1 in progress')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Sign evaluation' })).toBeVisible();

    await page.getByRole('link', { name: /^Signed \d{1,2} \w{3} \d{4} \(original\)$/ }).click();
    await expect(page.getByText(/read-only snapshot/)).toBeVisible();
    await expect(page.getByRole('region', { name: 'Recorded answers' })).toContainText('GSV (left)');
    await expectNoSeriousA11yViolations(page, 'signed version view');
    await page.goBack();
  });

  await test.step('the API returns what was entered (same session)', async () => {
    const response = await page.request.get(`/api/evaluations/${evaluationId}`);
    expect(response.status()).toBe(200);
    const current = (await response.json()) as StoredEvaluation;
    expect(response.headers()['etag']).toBe(`"${current.version}"`);
    expect(current.status).toBe('amending');
    expect(current.answers).toMatchObject({
      'criteria.urge': true,
      'criteria.rest': true,
      'criteria.movementRelief': true,
      'criteria.eveningWorse': true,
      'criteria.notMimic': true,
      'irls.total': 24,
      'exam.ceap.left': 'C3',
      'lab.ferritin': 40,
      'lab.tsat': 15,
      'duplex.performed': true,
      'duplex.refluxMs.gsv.left': 800,
      'abi.left': 1.05,
      'abi.right': 1.05,
    });
    expect(current.plan).toEqual({
      selected: ['iron.oral-ferrous-sulfate', 'venous.compression-stockings'],
      custom: [OWN_ITEM],
      followUpDate: FOLLOW_UP,
      reviewed: true,
      // No dose entered for the ticked medicine: no treatment course.
      medications: [],
    });
    expect(current.amendments).toHaveLength(1);
    expect(current.amendments[0]?.reason).toBe(REASON);

    const signedVersion = current.amendments[0]?.fromVersion ?? 0;
    const snapshotResponse = await page.request.get(
      `/api/evaluations/${evaluationId}/versions/${signedVersion}`,
    );
    expect(snapshotResponse.status()).toBe(200);
    const snapshot = (await snapshotResponse.json()) as StoredEvaluation;
    expect(snapshot.status).toBe('signed');
    expect(snapshot.version).toBe(signedVersion);
    expect(snapshot.signedAt).not.toBeNull();
    expect(snapshot.signedBy).not.toBeNull();
    expect(snapshot.answers).toEqual(current.answers);
    expect(snapshot.plan).toEqual(current.plan);
    expect(snapshot.assessment.findings.map((f) => f.code)).toEqual(
      expect.arrayContaining([
        'rls.criteria-met',
        'irls.severe',
        'iron.treat',
        'venous.superficial-reflux',
        'venous.cvi',
      ]),
    );
    // A version that was never signed has no snapshot.
    expect(
      (await page.request.get(`/api/evaluations/${evaluationId}/versions/${signedVersion + 1}`)).status(),
    ).toBe(404);
  });
});
