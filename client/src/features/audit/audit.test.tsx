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
    // Words, not the stored codes (the CSV keeps those).
    expect(within(rows[1]!).getByText('Evaluation changed')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('History, Labs')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('Clinician')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('Evaluation e0e0e0e0 · v3 → v4')).toBeInTheDocument();
    expect(rows[1]).not.toHaveTextContent('evaluation.update');
    expect(within(rows[2]!).getByText('Failed')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('Unknown username')).toBeInTheDocument();
    expect(rows[2]).not.toHaveTextContent('{');

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
    expect(screen.getByRole('group', { name: 'From' })).toHaveTextContent(/01 Mar 2026/);
  }, 20_000);

  it('applies a typed date only once it is complete', async () => {
    mockApi({
      'GET /api/session': () => jsonResponse(200, adminSession),
      'GET /api/audit': () => jsonResponse(200, page),
    });
    const { user, router } = renderApp('/audit');
    await screen.findByRole('table', { name: 'Audit trail' }, { timeout: 10_000 });
    const from = screen.getByRole('group', { name: 'From' });
    const apply = screen.getByRole('button', { name: 'Apply' });

    await user.click(within(from).getByRole('spinbutton', { name: 'Day' }));
    await user.keyboard('0903202');
    await user.click(apply);
    expect(from).toHaveAccessibleDescription('Enter the year in full, e.g. 2026.');
    expect(router.state.location.search).not.toHaveProperty('from');

    await user.click(within(from).getByRole('spinbutton', { name: 'Day' }));
    await user.keyboard('09032026');
    await user.click(apply);
    await waitFor(() => expect(router.state.location.search).toMatchObject({ from: '2026-03-09' }));
    expect(from).not.toHaveAccessibleDescription();
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
