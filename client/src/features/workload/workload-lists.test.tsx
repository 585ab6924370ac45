import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { jsonResponse, mockApi } from '@/testing/fetch-mock';
import { adminSession } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import { clinicians, overduePage, workloadSummary } from './test-fixtures';

// Filters, drill-down and reassignment; the charts (tested in workload.test.tsx) are stubbed here.
vi.mock('./components/workload-charts', () => {
  const Stub = () => null;
  return { OpenPerClinicianChart: Stub, StageChart: Stub, WeeklyChart: Stub, SignTimeHistogram: Stub };
});

function mockWorkloadApi(extra: Parameters<typeof mockApi>[0] = {}) {
  return mockApi({
    'GET /api/session': () => jsonResponse(200, adminSession),
    'GET /api/clinicians': () => jsonResponse(200, clinicians),
    'GET /api/workload': () => jsonResponse(200, workloadSummary),
    'GET /api/workload/evaluations': () => jsonResponse(200, overduePage),
    ...extra,
  });
}

describe('workload filters and lists', { timeout: 30_000 }, () => {
  it('takes period and clinician from the address bar and puts filter changes back there', async () => {
    const { requests } = mockWorkloadApi();
    const { user, router } = renderApp('/workload?from=2026-01-01&to=2026-02-28&clinician=u-ben');

    await screen.findByRole('heading', { level: 1, name: 'Workload' });
    const first = requests.find((r) => r.path === '/api/workload')!;
    expect(Object.fromEntries(first.url.searchParams)).toEqual({
      from: '2026-01-01',
      to: '2026-02-28',
      clinician: 'u-ben',
    });

    await user.click(screen.getByRole('combobox', { name: 'Clinician' }));
    await user.click(await screen.findByRole('option', { name: 'Dr. Ana Ferreira' }));
    await waitFor(() => expect(router.state.location.search).toMatchObject({ clinician: 'u-ana' }));
    await waitFor(() =>
      expect(
        requests.some((r) => r.path === '/api/workload' && r.url.searchParams.get('clinician') === 'u-ana'),
      ).toBe(true),
    );
  });

  it('opens the list behind a card, and an administrator reassigns an evaluation from it', async () => {
    const { requests } = mockWorkloadApi({
      'POST /api/evaluations/a1b2c3d4-0000-4000-8000-000000000001/assignee': () =>
        jsonResponse(200, { version: 4 }),
    });
    const { user, router } = renderApp('/workload');

    await user.click(await screen.findByRole('link', { name: /Overdue: 3/ }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Overdue evaluations' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/workload/evaluations');
    expect(router.state.location.search).toEqual({ kind: 'overdue' });

    const table = screen.getByRole('table', { name: 'Evaluations' });
    const [, first, second] = within(table).getAllByRole('row');
    expect(within(first!).getByRole('rowheader')).toHaveTextContent('a1b2c3d4');
    expect(first).toHaveTextContent('Dr. Ben Cole');
    expect(first).toHaveTextContent('Draft');
    expect(first).toHaveTextContent('Exam');
    expect(first).toHaveTextContent('44 d 2 h');
    expect(second).toHaveTextContent('Amending');

    await user.click(within(first!).getByRole('combobox', { name: /Reassign/ }));
    await user.click(await screen.findByRole('option', { name: 'Dr. Ana Ferreira' }));
    await user.click(within(first!).getByRole('button', { name: 'Reassign' }));

    expect(
      await screen.findByText('Evaluation a1b2c3d4 is now assigned to Dr. Ana Ferreira.'),
    ).toBeInTheDocument();
    const post = requests.find((r) => r.method === 'POST')!;
    expect(post.path).toBe('/api/evaluations/a1b2c3d4-0000-4000-8000-000000000001/assignee');
    expect(post.body).toEqual({ clinicianId: 'u-ana' });
    expect(post.headers.get('X-CSRF-Token')).toBe('csrf-admin');
    // The lists and figures are fetched again after the change.
    await waitFor(() =>
      expect(requests.filter((r) => r.path === '/api/workload/evaluations').length).toBeGreaterThan(1),
    );
  });
});
