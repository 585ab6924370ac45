import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { errorResponse, jsonResponse, mockApi, type MockRequest } from '@/testing/fetch-mock';
import { clinicianSession, worklistPage } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import type { WorklistPage, WorklistRow } from './types';

const clinicians = [
  { id: 'u-clin', name: 'Dr. Ana Ferreira' },
  { id: 'u-other', name: 'Dr. Lee Novak' },
];

/** `count` fictitious rows starting at number `from`. */
function rows(from: number, count: number): WorklistRow[] {
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    return {
      id: `p${n}`,
      mrn: `MRN-${String(n).padStart(6, '0')}`,
      name: `Patient ${n}`,
      birthDate: '1960-01-01',
      sex: 'female',
      evaluation: null,
    };
  });
}

function setup(list: (request: MockRequest) => WorklistPage = () => worklistPage, path = '/worklist') {
  const api = mockApi({
    'GET /api/session': () => jsonResponse(200, clinicianSession),
    'GET /api/clinicians': () => jsonResponse(200, clinicians),
    'GET /api/patients': (request) => jsonResponse(200, list(request)),
  });
  const view = renderApp(path);
  const listRequests = () => api.requests.filter((r) => r.path === '/api/patients');
  return { ...view, ...api, listRequests };
}

const params = (request: MockRequest | undefined) => Object.fromEntries(request?.url.searchParams ?? []);

// MUI tables and menus render slowly in jsdom on a busy machine.
describe('worklist', { timeout: 30_000 }, () => {
  it('lists each patient with status, stage, assignee and a link to the patient page', async () => {
    setup();

    const table = await screen.findByRole('table', { name: 'Patients' });
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(headers).toEqual([
      'Patient',
      'MRN',
      'Born',
      'Sex',
      'Status',
      'Stage',
      'Assignee',
      'Follow-up',
      'Updated',
    ]);

    const [, first, second] = within(table).getAllByRole('row');
    expect(within(first!).getByRole('rowheader')).toHaveTextContent('Jordan Ellis');
    expect(within(first!).getByRole('link', { name: 'Jordan Ellis' })).toHaveAttribute(
      'href',
      '/patients/p1',
    );
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

  it('opens the patient page from the name link', async () => {
    const { user, router } = setup();

    await user.click(await screen.findByRole('link', { name: 'Casey Morgan' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/patients/p2'));
  });

  it('says so when no patient matches', async () => {
    setup(() => ({ items: [], total: 0, page: 1, pageSize: 25 }));

    expect(await screen.findByText('No patients match')).toBeInTheDocument();
  });

  it('shows the error and loads the list when the user retries', async () => {
    let failing = true;
    mockApi({
      'GET /api/session': () => jsonResponse(200, clinicianSession),
      'GET /api/clinicians': () => jsonResponse(200, clinicians),
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

    // The router shows the loading state for at least its `pendingMinMs` (500 ms) on a retry.
    expect(await screen.findByRole('cell', { name: 'MRN-000101' }, { timeout: 3000 })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('puts a chosen status filter in the address bar and requests it', async () => {
    const { user, router, listRequests } = setup();
    await screen.findByRole('table', { name: 'Patients' });

    await user.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'Signed');

    await waitFor(() => expect(router.state.location.search).toEqual({ status: 'signed' }));
    expect(router.state.location.href).toBe('/worklist?status=signed');
    await waitFor(() => expect(params(listRequests().at(-1))).toEqual({ status: 'signed' }));
  });

  it('restores filters and sort from the address and requests them', async () => {
    const { listRequests } = setup(undefined, '/worklist?status=signed&sort=-updated&followUpDue=true');

    await screen.findByRole('table', { name: 'Patients' });
    expect(params(listRequests()[0])).toEqual({ status: 'signed', sort: '-updated', followUpDue: 'true' });
    expect(screen.getByRole('combobox', { name: 'Status' })).toHaveDisplayValue('Signed');
    expect(screen.getByRole('switch', { name: 'Follow-up due' })).toBeChecked();
    expect(screen.getByRole('columnheader', { name: 'Updated' })).toHaveAttribute('aria-sort', 'descending');
    expect(screen.getByRole('columnheader', { name: 'Patient' })).not.toHaveAttribute('aria-sort');
  });

  it('ignores address values the API would reject', async () => {
    const { listRequests } = setup(undefined, '/worklist?status=bogus&sort=age&page=-3&pageSize=7');

    await screen.findByRole('table', { name: 'Patients' });
    expect(params(listRequests()[0])).toEqual({});
  });

  it('sends the typed search to the API once typing pauses, but never to the address bar', async () => {
    const { user, router, listRequests } = setup(undefined, '/worklist?status=draft');
    await screen.findByRole('table', { name: 'Patients' });

    await user.type(screen.getByRole('searchbox', { name: 'Search name or MRN' }), 'Ellis');

    await waitFor(() => expect(params(listRequests().at(-1))).toEqual({ status: 'draft', query: 'Ellis' }));
    // Debounced: no request for the partial words "E", "El", …
    const queries = listRequests().map((r) => r.url.searchParams.get('query'));
    expect(queries.filter((q) => q !== null)).toEqual(['Ellis']);
    expect(router.state.location.href).toBe('/worklist?status=draft');
    expect(router.state.location.href.toLowerCase()).not.toContain('ellis');
  });

  it('requests the next page and shows its rows, keeping the filters and page size', async () => {
    const { user, router, listRequests } = setup((request) => {
      const page = Number(request.url.searchParams.get('page') ?? 1);
      return { items: rows((page - 1) * 10 + 1, 10), total: 25, page, pageSize: 10 };
    }, '/worklist?stage=labs&pageSize=10');
    expect(await screen.findByRole('link', { name: 'Patient 1' })).toBeInTheDocument();
    expect(screen.getByText('1–10 of 25')).toBeInTheDocument();
    expect(params(listRequests()[0])).toEqual({ stage: 'labs', pageSize: '10' });

    await user.click(screen.getByRole('button', { name: 'Go to next page' }));

    expect(await screen.findByRole('link', { name: 'Patient 11' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Patient 1' })).not.toBeInTheDocument();
    expect(screen.getByText('11–20 of 25')).toBeInTheDocument();
    expect(params(listRequests().at(-1))).toEqual({ stage: 'labs', page: '2', pageSize: '10' });
    expect(router.state.location.search).toEqual({ stage: 'labs', page: 2, pageSize: 10 });
  });

  it('changes the page size from "Rows per page", back to the first page', async () => {
    const { user, router, listRequests } = setup((request) => {
      const page = Number(request.url.searchParams.get('page') ?? 1);
      return { items: rows((page - 1) * 10 + 1, 10), total: 1234, page, pageSize: 10 };
    }, '/worklist?page=2&pageSize=10');
    expect(await screen.findByText('11–20 of 1,234')).toBeInTheDocument();

    await user.selectOptions(screen.getByRole('combobox', { name: 'Rows per page' }), '50');

    await waitFor(() => expect(router.state.location.search).toEqual({ pageSize: 50 }));
    await waitFor(() => expect(params(listRequests().at(-1))).toEqual({ pageSize: '50' }));
    expect(screen.getByRole('button', { name: 'Go to previous page' })).toBeDisabled();
  });

  it('goes back to the first page when a filter changes', async () => {
    const { user, router, listRequests } = setup((request) => {
      const page = Number(request.url.searchParams.get('page') ?? 1);
      return { items: rows((page - 1) * 10 + 1, 10), total: 25, page, pageSize: 10 };
    }, '/worklist?page=2&pageSize=10');
    await screen.findByRole('link', { name: 'Patient 11' });

    await user.click(screen.getByRole('switch', { name: 'Follow-up due' }));

    await waitFor(() => expect(router.state.location.search).toEqual({ followUpDue: true, pageSize: 10 }));
    await waitFor(() =>
      expect(params(listRequests().at(-1))).toEqual({ followUpDue: 'true', pageSize: '10' }),
    );
    expect(await screen.findByRole('link', { name: 'Patient 1' })).toBeInTheDocument();
  });

  it('sorts by a column when its header is clicked, toggling the direction', async () => {
    const { user, router, listRequests } = setup();
    await screen.findByRole('table', { name: 'Patients' });
    // The server's default order is by name.
    expect(screen.getByRole('columnheader', { name: 'Patient' })).toHaveAttribute('aria-sort', 'ascending');

    await user.click(screen.getByRole('button', { name: 'Follow-up' }));
    await waitFor(() => expect(router.state.location.search).toEqual({ sort: 'followUp' }));
    expect(screen.getByRole('columnheader', { name: 'Follow-up' })).toHaveAttribute('aria-sort', 'ascending');

    await user.click(screen.getByRole('button', { name: 'Follow-up' }));
    await waitFor(() => expect(router.state.location.search).toEqual({ sort: '-followUp' }));
    expect(screen.getByRole('columnheader', { name: 'Follow-up' })).toHaveAttribute(
      'aria-sort',
      'descending',
    );
    await waitFor(() => expect(params(listRequests().at(-1))).toEqual({ sort: '-followUp' }));
  });

  it('filters by assignee from the clinician list', async () => {
    const { user, router, listRequests } = setup();
    await screen.findByRole('table', { name: 'Patients' });

    const assignee = screen.getByRole('combobox', { name: 'Assignee' });
    expect(
      await within(assignee).findByRole('option', { name: 'Dr. Ana Ferreira (you)' }),
    ).toBeInTheDocument();
    await user.selectOptions(assignee, 'Dr. Lee Novak');

    await waitFor(() => expect(router.state.location.search).toEqual({ assignee: 'u-other' }));
    await waitFor(() => expect(params(listRequests().at(-1))).toEqual({ assignee: 'u-other' }));
  });

  it('shows a failed filter change as an error, not as the previous rows', async () => {
    const { user } = setup((request) => {
      if (request.url.searchParams.get('status') === 'amending') throw new TypeError('Failed to fetch');
      return worklistPage;
    });
    await screen.findByRole('link', { name: 'Jordan Ellis' });

    await user.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'Amending');

    expect(await screen.findByRole('alert')).toHaveTextContent('Could not load patients');
    expect(screen.queryByRole('link', { name: 'Jordan Ellis' })).not.toBeInTheDocument();
  });
});
