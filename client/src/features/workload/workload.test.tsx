import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, mockApi } from '@/testing/fetch-mock';
import { adminSession } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import { clinicians, overduePage, workloadSummary } from './test-fixtures';

// MUI X Charts measure their container; jsdom has no ResizeObserver.
class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}

beforeEach(() => {
  vi.stubGlobal('ResizeObserver', ResizeObserverStub);
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

// Rendering the dashboard with its four charts takes a while in jsdom.
describe('workload dashboard', { timeout: 30_000 }, () => {
  it('shows the key figures, the per-clinician table, follow-ups and findings of the summary', async () => {
    mockWorkloadApi();
    renderApp('/workload');

    expect(await screen.findByRole('heading', { level: 1, name: 'Workload' })).toBeInTheDocument();
    expect(screen.getByLabelText('Open evaluations: 8')).toBeInTheDocument();
    expect(screen.getByLabelText('Overdue: 3')).toBeInTheDocument();
    expect(screen.getByLabelText('Signed in period: 11')).toBeInTheDocument();
    expect(screen.getByLabelText('Median time to sign: 4 h 8 min')).toBeInTheDocument();
    expect(screen.getByText('90th percentile 4 d 1 h · 11 signed')).toBeInTheDocument();
    expect(screen.getByText(/25 Dec 2025 – 18 Mar 2026 · all clinicians/)).toBeInTheDocument();

    const perClinician = screen.getByRole('table', { name: 'Per clinician' });
    const ana = within(perClinician).getByRole('rowheader', { name: 'Dr. Ana Ferreira' }).closest('tr')!;
    expect(
      within(ana)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['5', '2', '9', '7', '2 h 30 min', '2 d 1 h', '31 min', '16 min', '1 h 1 min', '—']);
    expect(
      within(ana).getByRole('link', { name: '2 overdue evaluations of Dr. Ana Ferreira' }),
    ).toHaveAttribute('href', '/workload/evaluations?kind=overdue&clinician=u-ana');

    const findings = screen.getByRole('table', { name: 'Findings in signed evaluations' });
    const iron = within(findings).getByRole('rowheader', { name: 'Iron treatment indicated' }).closest('tr')!;
    expect(
      within(iron)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['5', '45 %']);

    const followUps = screen.getByRole('table', { name: 'Follow-ups due' });
    expect(
      within(followUps)
        .getAllByRole('row')
        .slice(1)
        .map((r) => r.textContent),
    ).toEqual(['18–24 Mar 20262', '25–31 Mar 20261']);
    expect(screen.getByRole('link', { name: 'Draft 6' })).toHaveAttribute(
      'href',
      '/workload/evaluations?kind=status&status=draft',
    );
    expect(screen.getByRole('link', { name: 'Labs 2' })).toHaveAttribute(
      'href',
      '/workload/evaluations?kind=stage&stage=labs',
    );
    // The four charts are there (their figures are also in the tables and links above).
    expect(screen.getAllByRole('figure')).toHaveLength(4);
  });
});
