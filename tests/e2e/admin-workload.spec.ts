import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations, logIn } from './support';

test('an administrator sees the workload dashboard, accessible, without clinical pages', async ({ page }) => {
  await logIn(page, 'admin');
  await expect(page).toHaveURL(/\/workload/);
  await expect(
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Worklist' }),
  ).toHaveCount(0);
  // Let the figures load before scanning (the skeleton is not what users read).
  await page.waitForLoadState('networkidle');
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  await expectNoSeriousA11yViolations(page, 'admin workload dashboard');
});
