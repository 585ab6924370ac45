import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { errorResponse, jsonResponse, mockApi } from '@/testing/fetch-mock';
import { clinicianSession, worklistPage } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';

describe('worklist', () => {
  it('lists each patient with status, stage and assignee', async () => {
    mockApi({
      'GET /api/session': () => jsonResponse(200, clinicianSession),
      'GET /api/patients': () => jsonResponse(200, worklistPage),
    });
    renderApp('/worklist');

    const table = await screen.findByRole('table', { name: 'Patients' });
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(headers).toEqual(['Patient', 'MRN', 'Born', 'Sex', 'Status', 'Stage', 'Assignee', 'Follow-up']);

    const [, first, second] = within(table).getAllByRole('row');
    expect(within(first!).getByRole('rowheader')).toHaveTextContent('Jordan Ellis');
    expect(first).toHaveTextContent('MRN-000101');
    expect(first).toHaveTextContent('12 Mar 1956');
    expect(first).toHaveTextContent('Female');
    expect(first).toHaveTextContent('Draft');
    expect(first).toHaveTextContent('Labs');
    expect(first).toHaveTextContent('Dr. Ana Ferreira');
    expect(second).toHaveTextContent('Casey Morgan');
    expect(second).toHaveTextContent('Not started');
    expect(screen.getByText('2 patients')).toBeInTheDocument();
  });

  it('says so when no patient matches', async () => {
    mockApi({
      'GET /api/session': () => jsonResponse(200, clinicianSession),
      'GET /api/patients': () => jsonResponse(200, { items: [], total: 0, page: 1, pageSize: 25 }),
    });
    renderApp('/worklist');

    expect(await screen.findByText('No patients match')).toBeInTheDocument();
  });

  it('shows the error and loads the list when the user retries', async () => {
    let failing = true;
    mockApi({
      'GET /api/session': () => jsonResponse(200, clinicianSession),
      'GET /api/patients': () =>
        failing
          ? errorResponse(500, 'internal', 'The server had a problem. Try again in a moment.')
          : jsonResponse(200, worklistPage),
    });
    const { user } = renderApp('/worklist');

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The server had a problem. Try again in a moment.');

    failing = false;
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));

    expect(await screen.findByRole('cell', { name: 'MRN-000101' })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
