import { expect, test, type Page } from '@playwright/test';
import { logIn } from './support';

// The strict Content-Security-Policy (docs/decisions/011-csp-style-rule.md) must not break the app:
// MUI/Emotion styles apply (style-src 'unsafe-inline'), the MFA QR code shows (img-src data:), and an
// injected inline script does not run (script-src 'self').

/** Collects CSP violations the page reports, from the first script on. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return () => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
}

test('the sign-in page is styled by MUI under the CSP, with no violation', async ({ page }) => {
  const violations = await watchViolations(page);
  const response = await page.goto('/login');
  const csp = response?.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("style-src 'self' 'unsafe-inline'");

  const button = page.getByRole('button', { name: 'Sign in' });
  await expect(button).toBeVisible();
  // The theme's primary colour (#00695c), not the browser's default button grey.
  await expect(button).toHaveCSS('background-color', 'rgb(0, 105, 92)');
  await expect(button).toHaveCSS('color', 'rgb(255, 255, 255)');
  expect(await violations()).toEqual([]);
});

test('an injected inline script is refused', async ({ page }) => {
  const violations = await watchViolations(page);
  await page.goto('/login');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__injected = true;';
    document.body.appendChild(script);
  });
  expect(
    await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected),
  ).toBeUndefined();
  await expect.poll(violations).toEqual([expect.stringMatching(/^script-src/)]);
});

test('the two-factor QR code (a data: image) shows under the CSP', async ({ page }) => {
  const violations = await watchViolations(page);
  await logIn(page, 'clinician');
  await page.goto('/account');
  await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
  const qr = page.getByRole('img', { name: /QR code/ });
  await expect(qr).toBeVisible();
  expect(await qr.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(100);
  await page.getByRole('button', { name: 'Cancel' }).click();
  expect(await violations()).toEqual([]);
});
