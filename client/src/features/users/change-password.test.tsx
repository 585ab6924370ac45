import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { errorResponse, jsonResponse, mockApi } from '@/testing/fetch-mock';
import { clinicianSession } from '@/testing/fixtures';
import { renderWithProviders } from '@/testing/render-with-providers';
import { ChangePasswordForm } from './components/change-password-form';

describe('account page: password', () => {
  it('changes the password with the current one, saying other devices were signed out', async () => {
    const { requests } = mockApi({
      'POST /api/account/password': (req) =>
        (req.body as { newPassword: string }).newPassword === 'password1234'
          ? errorResponse(422, 'invalid', 'newPassword: is too common', {
              items: [
                {
                  code: 'newPassword',
                  reason:
                    'is too common: choose a password that is not on lists of frequently used passwords',
                },
              ],
            })
          : jsonResponse(200, { revokedSessions: 2 }),
    });
    const { user } = renderWithProviders(<ChangePasswordForm />, { session: clinicianSession });
    const form = await screen.findByRole('form', { name: 'Change password' });

    await user.type(within(form).getByLabelText(/current password/i), 'old password here');
    await user.type(within(form).getByLabelText(/^new password/i), 'password1234');
    await user.type(within(form).getByLabelText(/repeat/i), 'password1234');
    await user.click(within(form).getByRole('button', { name: 'Change password' }));
    expect(await within(form).findByText(/Is too common/)).toBeInTheDocument();

    await user.type(within(form).getByLabelText(/current password/i), 'old password here');
    await user.clear(within(form).getByLabelText(/^new password/i));
    await user.type(within(form).getByLabelText(/^new password/i), 'Quiet-Lantern-Orchard');
    await user.clear(within(form).getByLabelText(/repeat/i));
    await user.type(within(form).getByLabelText(/repeat/i), 'Quiet-Lantern-Orchard');
    await user.click(within(form).getByRole('button', { name: 'Change password' }));

    expect(await within(form).findByRole('status')).toHaveTextContent(
      'Password changed. You were signed out on 2 other devices.',
    );
    expect(requests.filter((r) => r.path === '/api/account/password').at(-1)?.body).toEqual({
      currentPassword: 'old password here',
      newPassword: 'Quiet-Lantern-Orchard',
    });
  }, 40_000);
});
