import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { errorResponse, jsonResponse, mockApi } from '@/testing/fetch-mock';
import { clinicianSession } from '@/testing/fixtures';
import { renderWithProviders } from '@/testing/render-with-providers';
import { TwoFactorSection } from './components/two-factor-section';

const account = (mfaEnabled: boolean, recoveryCodesLeft = 0) => ({
  user: clinicianSession.user,
  mfaEnabled,
  mfaRequired: false,
  recoveryCodesLeft,
  passwordChangedAt: '2026-01-01T00:00:00.000Z',
});

const CODES = Array.from({ length: 10 }, (_, i) => `abcd${i}-efgh${i}`);

describe('account page: two-factor authentication', () => {
  it('enrols with the QR code and a first code, then shows the recovery codes once', async () => {
    let enabled = false;
    const { requests } = mockApi({
      'GET /api/account': () => jsonResponse(200, account(enabled, enabled ? 10 : 0)),
      'POST /api/account/mfa/setup': () =>
        jsonResponse(200, {
          secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
          otpauthUri: 'otpauth://totp/RLS%20Workup:clinician?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
          qrDataUrl: 'data:image/png;base64,iVBORw0KGgo=',
        }),
      'POST /api/account/mfa/enable': (req) => {
        if ((req.body as { code: string }).code !== '654321') {
          return errorResponse(422, 'invalid', 'code: is not right', {
            items: [
              {
                code: 'code',
                reason: 'is not right: enter the current 6-digit code from your authenticator app',
              },
            ],
          });
        }
        enabled = true;
        return jsonResponse(200, { recoveryCodes: CODES });
      },
    });
    const { user } = renderWithProviders(<TwoFactorSection />, { session: clinicianSession });

    const section = await screen.findByRole('region', { name: /two-factor authentication/i });
    // The account page's loader would have fetched the account first; alone, the section loads it.
    expect(await within(section).findByText('Off')).toBeInTheDocument();
    await user.click(within(section).getByRole('button', { name: 'Set up two-factor authentication' }));

    const qr = await within(section).findByRole('img', { name: /QR code/i });
    expect(qr).toHaveAttribute('src', 'data:image/png;base64,iVBORw0KGgo=');
    expect(within(section).getByLabelText('Setup key')).toHaveTextContent(
      'JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP',
    );

    await user.type(within(section).getByLabelText(/code from the app/i), '111111');
    await user.click(within(section).getByRole('button', { name: 'Turn on' }));
    expect(
      await within(section).findByText(/Is not right: enter the current 6-digit code/),
    ).toBeInTheDocument();

    await user.type(within(section).getByLabelText(/code from the app/i), '654321');
    await user.click(within(section).getByRole('button', { name: 'Turn on' }));

    const list = await within(section).findByRole('list', { name: 'Recovery codes' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(CODES);
    await user.click(within(section).getByRole('button', { name: 'I have saved these codes' }));
    expect(await within(section).findByText('On')).toBeInTheDocument();
    expect(within(section).queryByRole('list', { name: 'Recovery codes' })).not.toBeInTheDocument();
    expect(
      requests.filter((r) => r.path === '/api/account/mfa/enable').map((r) => r.headers.get('X-CSRF-Token')),
    ).toEqual(['csrf-clinician', 'csrf-clinician']);
  }, 30_000);
});
