import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { errorResponse, jsonResponse, mockApi } from '@/testing/fetch-mock';
import { adminSession } from '@/testing/fixtures';
import { renderWithProviders } from '@/testing/render-with-providers';
import type { UserSummary } from './api';
import { UsersPage } from './components/users-page';

const users: UserSummary[] = [
  {
    id: 'u-admin',
    username: 'admin',
    name: 'Sam Okafor',
    role: 'admin',
    active: true,
    mfaEnabled: true,
    createdAt: '2026-01-01T00:00:00.000Z',
    passwordChangedAt: '2026-01-01T00:00:00.000Z',
    lastLoginAt: '2026-03-02T08:15:00.000Z',
  },
  {
    id: 'u-2',
    username: 'clinician2',
    name: 'Dr. Omar Haddad',
    role: 'clinician',
    active: true,
    mfaEnabled: false,
    createdAt: '2026-01-01T00:00:00.000Z',
    passwordChangedAt: '2026-01-01T00:00:00.000Z',
    lastLoginAt: null,
  },
];

const renderUsersPage = () =>
  renderWithProviders(<UsersPage currentUserId="u-admin" />, { session: adminSession });

describe('users page (administrators)', () => {
  it('lists users with role, status, two-factor and last sign-in; no disable button for yourself', async () => {
    mockApi({
      'GET /api/users': () => jsonResponse(200, users),
    });
    renderUsersPage();

    const table = await screen.findByRole('table', { name: 'Users' }, { timeout: 10_000 });
    const [, me, other] = within(table).getAllByRole('row');
    expect(within(me!).getByText('Administrator')).toBeInTheDocument();
    expect(within(me!).getByText('On')).toBeInTheDocument();
    expect(within(me!).queryByRole('button', { name: 'Disable admin' })).not.toBeInTheDocument();
    expect(within(other!).getByText('Never')).toBeInTheDocument();
    expect(within(other!).getByRole('button', { name: 'Disable clinician2' })).toBeInTheDocument();
  }, 20_000);

  it('adds a user, showing the server’s reason under the password field', async () => {
    let created = false;
    const { requests } = mockApi({
      'GET /api/users': () =>
        jsonResponse(200, created ? [...users, { ...users[1]!, id: 'u-3', username: 'newdoc' }] : users),
      'POST /api/users': (req) => {
        const body = req.body as { password: string };
        if (body.password === 'password1234') {
          return errorResponse(422, 'invalid', 'password: is too common', {
            items: [
              {
                code: 'password',
                reason: 'is too common: choose a password that is not on lists of frequently used passwords',
              },
            ],
          });
        }
        created = true;
        return jsonResponse(201, { ...users[1]!, id: 'u-3', username: 'newdoc' });
      },
    });
    const { user } = renderUsersPage();
    await user.click(await screen.findByRole('button', { name: 'Add user' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add user' });

    await user.type(within(dialog).getByLabelText(/username/i), 'newdoc');
    await user.type(within(dialog).getByLabelText(/full name/i), 'Dr New');
    await user.type(within(dialog).getByLabelText(/first password/i), 'password1234');
    await user.click(within(dialog).getByRole('button', { name: 'Add user' }));
    expect(await within(dialog).findByText(/^Is too common/)).toBeInTheDocument();

    await user.clear(within(dialog).getByLabelText(/first password/i));
    await user.type(within(dialog).getByLabelText(/first password/i), 'Granite-Pelican-Sunrise');
    await user.click(within(dialog).getByRole('button', { name: 'Add user' }));

    expect(await screen.findByText('Added newdoc.')).toBeInTheDocument();
    expect(requests.filter((r) => r.path === '/api/users' && r.method === 'POST').at(-1)?.body).toEqual({
      username: 'newdoc',
      name: 'Dr New',
      role: 'clinician',
      password: 'Granite-Pelican-Sunrise',
    });
    expect(await screen.findByRole('cell', { name: 'newdoc' })).toBeInTheDocument();
  }, 40_000);

  it('changes a role after warning that the user’s sessions end', async () => {
    const { requests } = mockApi({
      'GET /api/users': () => jsonResponse(200, users),
      'PATCH /api/users/u-2': () => jsonResponse(200, { ...users[1]!, role: 'admin' }),
    });
    const { user } = renderUsersPage();
    await user.click(await screen.findByRole('button', { name: 'Edit clinician2' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit clinician2' });

    await user.click(within(dialog).getByRole('combobox', { name: 'Role' }));
    await user.click(await screen.findByRole('option', { name: 'Administrator' }));
    expect(within(dialog).getByRole('status')).toHaveTextContent(/ends Dr. Omar Haddad’s sessions/);
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));

    expect(await screen.findByText('Saved clinician2.')).toBeInTheDocument();
    const patch = requests.find((r) => r.method === 'PATCH');
    expect(patch?.body).toEqual({ role: 'admin' });
    expect(patch?.headers.get('X-CSRF-Token')).toBe('csrf-admin');
  }, 30_000);
});
