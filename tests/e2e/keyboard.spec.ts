import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, createPatientWithEvaluation, expectAllSaved, tabTo } from './support';

// Keyboard only (Tab / Shift+Tab / Space / Enter): sign in, answer the five criteria, tick a plan
// option, mark the plan reviewed and sign. Every control must be reachable and operable this way.

const CRITERIA = [
  'Urge to move the legs',
  'Starts or worsens at rest',
  'Relieved by movement',
  'Evening or night predominance',
  'Not solely explained by another condition',
];

test('sign in, answer the criteria, plan and sign with the keyboard alone', async ({ page }) => {
  test.setTimeout(120_000);

  await test.step('sign in with Tab, typing and Enter', async () => {
    await page.goto('/login');
    await tabTo(page, page.getByLabel('Username'));
    await page.keyboard.type('clinician');
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('Password')).toBeFocused();
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'Worklist' })).toBeVisible();
  });

  // Setting up the patient is not the point here: create it through the API with this session.
  const { evaluationId } = await createPatientWithEvaluation(page.request, {
    name: 'Tomasz Wren',
    birthDate: '1959-02-03',
    sex: 'male',
  });
  await page.goto(`/evaluations/${evaluationId}/history`);
  await expect(page.getByRole('radiogroup', { name: CRITERIA[0] })).toBeVisible();

  await test.step('answer the five criteria: Tab into each group, Space picks "Yes"', async () => {
    for (const criterion of CRITERIA) {
      const yes = page.getByRole('radiogroup', { name: criterion }).getByRole('radio', { name: 'Yes' });
      await tabTo(page, yes);
      await page.keyboard.press('Space');
      await expect(yes).toBeChecked();
    }
    await expect(
      page.getByRole('region', { name: 'Assessment' }).first().getByText('IRLSSG criteria met'),
    ).toBeVisible();
  });

  await test.step('go to the plan step by its step link (Shift+Tab back up, Enter)', async () => {
    const planLink = page
      .getByRole('navigation', { name: 'Workup steps' })
      .getByRole('link', { name: /^Plan/ });
    await tabTo(page, planLink, { backwards: true });
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/plan$/);
  });

  await test.step('tick an option and mark the plan reviewed with Space', async () => {
    const exercise = page.getByRole('checkbox', { name: 'Regular moderate exercise' });
    await tabTo(page, exercise);
    await page.keyboard.press('Space');
    await expect(exercise).toBeChecked();

    const reviewed = page.getByRole('switch', { name: 'Plan reviewed' });
    await tabTo(page, reviewed);
    await page.keyboard.press('Space');
    await expect(reviewed).toBeChecked();
    await expectAllSaved(page);
  });

  await test.step('sign: Enter on "Sign evaluation", Tab to "Sign" in the dialog, Enter', async () => {
    const signLink = page
      .getByRole('navigation', { name: 'Workup steps' })
      .getByRole('link', { name: /^Sign/ });
    await tabTo(page, signLink, { backwards: true });
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/sign$/);

    await tabTo(page, page.getByRole('button', { name: 'Sign evaluation' }));
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Sign this evaluation?' });
    await expect(dialog).toBeVisible();
    // Focus moved into the dialog: Tab stays inside it until "Sign".
    await tabTo(page, dialog.getByRole('button', { name: 'Sign', exact: true }), { max: 20 });
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    await expect(page.getByText(/^Signed by Dr\. .+ on /).first()).toBeVisible();
  });

  const stored = await page.request.get(`/api/evaluations/${evaluationId}`);
  const body = (await stored.json()) as { status: string; plan: { selected: string[]; reviewed: boolean } };
  expect(body.status).toBe('signed');
  expect(body.plan.selected).toEqual(['lifestyle.exercise']);
  expect(body.plan.reviewed).toBe(true);
});
