import { expect, test } from '@playwright/test';
import { suggestionCatalog, type EvaluationDto, type SuggestionId } from '@rls/shared';
import {
  createPatientWithEvaluation,
  dateField,
  expectAllSaved,
  expectNoSeriousA11yViolations,
  logIn,
  readEvaluation,
  saveEvaluation,
  shownDate,
  stepLink,
} from './support';

// The safety layer (docs/clinical-rules.md) in the browser: options an answer rules out never appear, and the
// cautions of a selected option are on screen where it is chosen and again when signing. Data entry
// goes through the API with the page's session (faster, not the point); every check is on screen.

const CRITERIA = {
  'criteria.urge': true,
  'criteria.rest': true,
  'criteria.movementRelief': true,
  'criteria.eveningWorse': true,
  'criteria.notMimic': true,
};

/** Iron deficiency (ferritin 20 ng/mL, TSAT 15 %) with severe RLS (IRLS 25). */
const IRON_DEFICIENT_SEVERE_RLS = { ...CRITERIA, 'irls.total': 25, 'lab.ferritin': 20, 'lab.tsat': 15 };

const IV_IRON: SuggestionId[] = [
  'iron.iv-fcm',
  'iron.iv-lmw-dextran',
  'iron.iv-ferumoxytol',
  'iron.esrd-iv-sucrose',
];
const GABAPENTINOIDS: SuggestionId[] = [
  'rls.gabapentin',
  'rls.gabapentin-enacarbil',
  'rls.gabapentin-esrd',
  'rls.pregabalin',
];
const label = (id: SuggestionId) => suggestionCatalog[id].label;

/** The caution `code` the stored assessment attaches to suggestion `id`. */
function cautionOf(evaluation: EvaluationDto, id: SuggestionId, code: string): string {
  const suggestion = evaluation.assessment.findings.flatMap((f) => f.suggestions).find((s) => s.id === id);
  const caution = suggestion?.cautions?.find((c) => c.code === code);
  expect(caution, `${id} carries the ${code} caution`).toBeDefined();
  return caution!.text;
}

/** `YYYY-MM-DD` plus `days`. */
function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + days)).toISOString().slice(0, 10);
}

test.beforeEach(async ({ page }) => {
  await logIn(page);
});

test('first-trimester pregnancy: oral iron and the specialist are offered, no IV iron, no gabapentinoid', async ({
  page,
}) => {
  const { evaluationId } = await createPatientWithEvaluation(page.request, {
    name: 'Elin Marsh',
    birthDate: '1995-03-08',
    sex: 'female',
  });
  await saveEvaluation(page, evaluationId, {
    answers: {
      ...IRON_DEFICIENT_SEVERE_RLS,
      pregnant: true,
      'pregnancy.trimester': 'first',
    },
  });

  await test.step('plan: oral iron and the pregnancy specialist can be ticked', async () => {
    await page.goto(`/evaluations/${evaluationId}/plan`);
    const iron = page.getByRole('group', { name: 'Iron treatment indicated' });
    await expect(iron.getByRole('checkbox', { name: label('iron.oral-ferrous-sulfate') })).toBeVisible();
    await expect(page.getByRole('checkbox', { name: label('pregnancy.rls-specialist') })).toBeVisible();
  });

  await test.step('plan: no IV iron and no gabapentinoid anywhere', async () => {
    for (const id of [...IV_IRON, ...GABAPENTINOIDS]) {
      await expect(page.getByRole('checkbox', { name: label(id), exact: true }), id).toHaveCount(0);
    }
    // The checklist is complete enough to suggest therapy: the absence is a suppression, not a gap.
    await expect(page.getByRole('checkbox')).not.toHaveCount(0);
  });

  await test.step('assessment step: not suggested there either', async () => {
    await stepLink(page, 'Assessment').click();
    await expect(page.getByRole('heading', { level: 2, name: 'Assessment' }).first()).toBeVisible();
    await expect(page.getByRole('table', { name: 'Suggestions for Iron treatment indicated' })).toContainText(
      label('iron.oral-ferrous-sulfate'),
    );
    for (const id of [...IV_IRON, ...GABAPENTINOIDS]) {
      await expect(page.getByRole('cell', { name: label(id), exact: true }), id).toHaveCount(0);
    }
  });
});

test('the cautions of selected options are shown beside them and again in the sign dialog', async ({
  page,
}) => {
  test.setTimeout(150_000);
  const { evaluationId } = await createPatientWithEvaluation(page.request, {
    name: 'Ruth Okafor',
    birthDate: '1971-06-30',
    sex: 'female',
  });
  // Already on oral iron, drinks alcohol: oral iron → "already taking", gabapentin → respiratory depression.
  await saveEvaluation(page, evaluationId, {
    answers: {
      ...IRON_DEFICIENT_SEVERE_RLS,
      'meds.current': ['iron-oral'],
      substances: ['alcohol'],
    },
  });
  const stored = await readEvaluation(page, evaluationId);
  const alreadyTaking = cautionOf(stored, 'iron.oral-ferrous-sulfate', 'already-taking');
  const breathing = cautionOf(stored, 'rls.gabapentin', 'respiratory-depression');
  const oral = label('iron.oral-ferrous-sulfate');
  const gabapentin = label('rls.gabapentin');

  await test.step('plan: each caution is visible beside its option; tick both (axe)', async () => {
    await page.goto(`/evaluations/${evaluationId}/plan`);
    // The options of the plan step (the assessment beside it lists the same cautions).
    const options = page.getByRole('region', { name: 'Options suggested by the findings' });
    const oralCautions = options.getByRole('list', { name: `Cautions for ${oral}`, exact: true });
    await expect(oralCautions).toBeVisible();
    await expect(oralCautions).toContainText(`Caution: ${alreadyTaking}`);
    const gabapentinCautions = options.getByRole('list', { name: `Cautions for ${gabapentin}`, exact: true });
    await expect(gabapentinCautions).toContainText(`Caution: ${breathing}`);

    await options.getByRole('checkbox', { name: oral }).check();
    await options.getByRole('checkbox', { name: gabapentin, exact: true }).check();
    await expectAllSaved(page);
    await expectNoSeriousA11yViolations(page, 'plan with cautions');
  });

  const startDate = stored.startDate ?? stored.startedAt.slice(0, 10);
  const followUp = addDays(startDate, 12 * 7);

  await test.step('plan: the suggested follow-up (oral iron: 12 weeks) is one click away', async () => {
    const suggestion = page.getByRole('group', { name: /^Suggested follow-up in 12 weeks/ });
    await expect(suggestion).toBeVisible();
    await suggestion.getByRole('button', { name: 'Use this' }).click();
    await expect(dateField(page, 'Follow-up date')).toContainText(shownDate(followUp));
    await page.getByRole('switch', { name: 'Plan reviewed' }).check();
    await expectAllSaved(page);
    const saved = await readEvaluation(page, evaluationId);
    expect(saved.plan.followUpDate).toBe(followUp);
    expect(saved.plan.selected).toEqual(['iron.oral-ferrous-sulfate', 'rls.gabapentin']);
  });

  await test.step('sign dialog: the cautions are listed as warnings, and signing is still possible (axe)', async () => {
    await stepLink(page, 'Sign').click();
    await page.getByRole('button', { name: 'Sign evaluation' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign this evaluation?' });
    const warnings = dialog.getByRole('region', { name: 'Check the selected options before signing' });
    await expect(warnings).toBeVisible();
    await expect(warnings.getByRole('list', { name: `Cautions for ${oral}`, exact: true })).toContainText(
      `Caution: ${alreadyTaking}`,
    );
    await expect(
      warnings.getByRole('list', { name: `Cautions for ${gabapentin}`, exact: true }),
    ).toContainText(`Caution: ${breathing}`);
    await expectNoSeriousA11yViolations(page, 'sign dialog with cautions');

    const sign = dialog.getByRole('button', { name: 'Sign', exact: true });
    await expect(sign).toBeEnabled();
    await sign.click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText(/^Signed by Dr\. .+ on /).first()).toBeVisible();
  });

  await test.step('print view: the selected options with their cautions', async () => {
    await page.getByRole('link', { name: 'Print view' }).first().click();
    const plan = page
      .getByRole('article', { name: 'RLS workup report' })
      .getByRole('region', { name: 'Plan' });
    await expect(plan.getByRole('list', { name: `Cautions for ${oral}`, exact: true })).toContainText(
      alreadyTaking,
    );
    await expect(plan.getByRole('list', { name: `Cautions for ${gabapentin}`, exact: true })).toContainText(
      breathing,
    );
  });
});
