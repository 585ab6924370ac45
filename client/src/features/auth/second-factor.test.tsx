import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { errorResponse, jsonResponse, mockApi } from '@/testing/fetch-mock';
import { clinicianSession, worklistPage } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';

describe('sign-in with two-factor authentication', () => {
  it('asks for the code after the password, and signs in with it', async () => {
    let signedIn = false;
    const { requests } = mockApi({
      'GET /api/session': () =>
        signedIn ? jsonResponse(200, clinicianSession) : errorResponse(401, 'unauthenticated', 'Sign in.'),
      'GET /api/demo': () => jsonResponse(200, { demo: false }),
      'POST /api/session': () => jsonResponse(200, { mfaRequired: true }),
      'POST /api/session/mfa': (req) => {
        if ((req.body as { code: string }).code !== '123456') {
          return errorResponse(401, 'invalid_code', 'That code is not right.');
        }
        signedIn = true;
        return jsonResponse(200, clinicianSession);
      },
      'GET /api/patients': () => jsonResponse(200, worklistPage),
    });
    const { user, router } = renderApp('/login');

    await user.type(await screen.findByLabelText(/username/i), 'clinician');
    await user.type(screen.getByLabelText(/password/i), 'rls-demo-2026');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    const code = await screen.findByLabelText(/authentication code/i);
    expect(screen.getByRole('form', { name: 'Two-factor authentication' })).toBeInTheDocument();
    expect(screen.queryByLabelText(/password/i)).not.toBeInTheDocument();

    await user.type(code, '000000');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('That code is not right.');
    expect(router.state.location.pathname).toBe('/login');

    await user.type(screen.getByLabelText(/authentication code/i), '123456');
    await user.click(screen.getByRole('button', { name: 'Verify' }));

    expect(await screen.findByRole('cell', { name: 'MRN-000101' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/worklist');
    const mfaCalls = requests.filter((r) => r.path === '/api/session/mfa');
    expect(mfaCalls.map((r) => r.body)).toEqual([{ code: '000000' }, { code: '123456' }]);
  }, 30_000);

  it('sends an administrator who must enrol to the account page first', async () => {
    mockApi({
      'GET /api/session': () =>
        jsonResponse(200, {
          user: { id: 'u-admin', username: 'admin', name: 'Sam Okafor', role: 'admin' },
          csrfToken: 'csrf-admin',
          mfaEnrolmentRequired: true,
        }),
      'GET /api/account': () =>
        jsonResponse(200, {
          user: { id: 'u-admin', username: 'admin', name: 'Sam Okafor', role: 'admin' },
          mfaEnabled: false,
          mfaRequired: true,
          recoveryCodesLeft: 0,
          passwordChangedAt: '2026-01-01T00:00:00.000Z',
        }),
    });
    const { router } = renderApp('/users');

    expect(await screen.findByRole('heading', { level: 1, name: 'Account' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/account');
    expect(screen.getByText(/requires administrators to use two-factor authentication/i)).toBeInTheDocument();
  }, 20_000);
});
