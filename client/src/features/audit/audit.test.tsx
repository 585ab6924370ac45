import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { jsonResponse, mockApi } from '@/testing/fetch-mock';
import { adminSession } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import type { AuditPage } from './api';

const page: AuditPage = {
  items: [
    {
      seq: 42,
      at: '2026-03-10T09:15:30.123Z',
      userId: 'u-1',
      username: 'clinician',
      role: 'clinician',
      patientId: '8b7f1c2e-0000-4000-8000-000000000001',
      action: 'evaluation.update',
      category: 'history,labs',
      outcome: 'success',
      entity: 'evaluation',
      entityId: 'e0e0e0e0-0000-4000-8000-000000000002',
      beforeVersion: 3,
      afterVersion: 4,
      detail: null,
    },
    {
      seq: 41,
      at: '2026-03-10T09:00:00.000Z',
      userId: null,
      username: 'mallory',
      role: null,
      patientId: null,
      action: 'session.login',
      category: 'auth',
      outcome: 'failure',
      entity: null,
      entityId: null,
      beforeVersion: null,
      afterVersion: null,
      detail: { reason: 'unknown-user' },
    },
  ],
  total: 120,
  page: 1,
  pageSize: 50,
};

describe('audit page (administrators)', () => {
  it('reads its filters from the URL, shows the records, and exports the same filters as CSV', async () => {
    const { requests } = mockApi({
      'GET /api/session': () => jsonResponse(200, adminSession),
      'GET /api/audit': () => jsonResponse(200, page),
    });
    renderApp('/audit?from=%222026-03-01%22&action=%22evaluation.*%22');

    const table = await screen.findByRole('table', { name: 'Audit trail' }, { timeout: 10_000 });
    const rows = within(table).getAllByRole('row');
    expect(within(rows[1]!).getByText('2026-03-10 09:15:30')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('evaluation.update')).toBeInTheDocument();
    expect(within(rows[1]!).getByText(/evaluation e0e0e0e0 v3→4/)).toBeInTheDocument();
    expect(within(rows[2]!).getByText('failure')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('{"reason":"unknown-user"}')).toBeInTheDocument();

    const call = requests.find((r) => r.path === '/api/audit')!;
    expect(Object.fromEntries(call.url.searchParams)).toEqual({
      from: '2026-03-01',
      action: 'evaluation.*',
      page: '1',
      pageSize: '50',
    });
    expect(screen.getByRole('link', { name: 'Export CSV' })).toHaveAttribute(
      'href',
      '/api/audit.csv?from=2026-03-01&action=evaluation.*',
    );
    expect(screen.getByLabelText('From')).toHaveValue('2026-03-01');
  }, 20_000);

  it('sorts by a column and narrows to a user with a click, through the URL', async () => {
    const { requests } = mockApi({
      'GET /api/session': () => jsonResponse(200, adminSession),
      'GET /api/audit': () => jsonResponse(200, page),
    });
    const { user, router } = renderApp('/audit');
    const table = await screen.findByRole('table', { name: 'Audit trail' }, { timeout: 10_000 });

    await user.click(within(table).getByRole('button', { name: 'Action' }));
    await waitFor(() => expect(router.state.location.search).toMatchObject({ sort: 'action' }));
    await user.click(within(table).getByRole('button', { name: 'Action' }));
    await waitFor(() => expect(router.state.location.search).toMatchObject({ sort: '-action' }));

    await user.click(within(table).getByRole('button', { name: 'mallory' }));
    await waitFor(() =>
      expect(router.state.location.search).toMatchObject({ user: 'mallory', sort: '-action' }),
    );
    await waitFor(() =>
      expect(Object.fromEntries(requests.at(-1)!.url.searchParams)).toMatchObject({
        user: 'mallory',
        sort: '-action',
      }),
    );
    expect(screen.getByLabelText('User')).toHaveValue('mallory');
  }, 20_000);
});
