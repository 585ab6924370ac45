import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { errorResponse, jsonResponse, mockApi, type MockRequest } from '@/testing/fetch-mock';
import { clinicianSession } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import { ironRecheckTrends, noTrends } from '@/testing/trend-fixtures';
import { evaluationSummary, followedUpPatient } from './test-fixtures';
import type { PatientDetail } from './types';

// MUI X Charts measure their container; jsdom has no ResizeObserver.
class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}

beforeEach(() => {
  vi.stubGlobal('ResizeObserver', ResizeObserverStub);
});

type Handler = (request: MockRequest) => Response | Promise<Response>;

/** Seen on 12 Oct 2026 (signed, IV iron planned) and rechecked on 5 Dec 2026 (signed). */
const rechecked: PatientDetail = {
  ...followedUpPatient,
  evaluations: [
    evaluationSummary({
      id: 'e2',
      startedAt: '2026-12-05T09:00:00.000Z',
      signedAt: '2026-12-05T11:00:00.000Z',
      followUpDate: '2027-01-30',
    }),
    evaluationSummary({
      id: 'e1',
      startedAt: '2026-10-12T09:00:00.000Z',
      signedAt: '2026-10-12T10:30:00.000Z',
      followUpDate: '2026-11-07',
    }),
  ],
  followUp: {
    evaluationId: 'e2',
    date: '2027-01-30',
    due: false,
    weeks: 8,
    reason:
      'Recheck ferritin and TSAT 8 weeks after IV iron — never sooner than 4 weeks after an infusion (IRLSSG-IRON-2018).',
  },
};

function setup(patient: PatientDetail, routes: Record<string, Handler> = {}) {
  const api = mockApi({
    'GET /api/session': () => jsonResponse(200, clinicianSession),
    'GET /api/clinicians': () => jsonResponse(200, [{ id: 'u-clin', name: 'Dr. Ana Ferreira' }]),
    [`GET /api/patients/${patient.id}`]: () => jsonResponse(200, patient),
    [`GET /api/patients/${patient.id}/trends`]: () => jsonResponse(200, ironRecheckTrends),
    ...routes,
  });
  return { ...renderApp(`/patients/${patient.id}`), ...api };
}

/** The text of each cell of a table row. */
function cells(row: HTMLElement): string[] {
  return [...row.querySelectorAll('th, td')].map((cell) => cell.textContent ?? '');
}

describe('patient trends', { timeout: 30_000 }, () => {
  it('lists every measured value by date with its unit and the treatment changes, as an accessible table', async () => {
    const { user } = setup(rechecked);
    const trends = await screen.findByRole('region', { name: 'Trends' });

    // Always in the accessibility tree (screen readers), shown on screen on demand.
    const table = await within(trends).findByRole('table', { name: 'Trend values' });
    const [header, ...rows] = within(table).getAllByRole('row');
    expect(cells(header!)).toEqual([
      'Date',
      'Ferritin (ng/mL)',
      'TSAT (%)',
      'Haemoglobin (g/dL)',
      'IRLS total (0–40)',
      'ABI left',
      'ABI right',
      'Treatment changes',
      'Augmentation (on a dopaminergic agent)',
    ]);
    // Labs on their draw date, the rest on the visit's date; values rounded for display only.
    expect(rows.map(cells)).toEqual([
      ['9 Oct 2026', '38', '14.2', '11.8', '—', '—', '—', '—', '—'],
      [
        '12 Oct 2026',
        '—',
        '—',
        '—',
        '24',
        '0.88',
        '1.02',
        'Started IV ferric carboxymaltose',
        'On Pramipexole: Earlier daily onset, Spread to other body parts',
      ],
      [
        '5 Dec 2026',
        '112',
        '27.5',
        '—',
        '12',
        '—',
        '—',
        'Stopped IV ferric carboxymaltose; Stopped Pramipexole; Started Gabapentin',
        '—',
      ],
    ]);
    // Date cells head their rows, so each value is read with its date.
    expect(within(rows[2]!).getByRole('rowheader')).toHaveTextContent('5 Dec 2026');

    const toggle = within(trends).getByRole('button', { name: 'Show the values as a table' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await user.click(toggle);
    expect(within(trends).getByRole('button', { name: 'Hide the values table' })).toHaveAttribute(
      'aria-expanded',
      'true',
    );
  });

  it('draws a chart per measured value with its reference line, and augmentation beside the IRLS chart', async () => {
    setup(rechecked);
    const trends = await screen.findByRole('region', { name: 'Trends' });
    await within(trends).findByRole('table', { name: 'Trend values' });

    const titles = within(trends)
      .getAllByRole('figure')
      .map(
        (figure) => within(figure).getByText((_, el) => el?.tagName === 'FIGCAPTION').firstChild?.textContent,
      );
    // Only what was measured: no eGFR or reflux chart.
    expect(titles).toEqual([
      'Ferritin',
      'Transferrin saturation (TSAT)',
      'Haemoglobin',
      'IRLS total score',
      'Ankle–brachial index',
    ]);
    expect(within(trends).getByRole('figure', { name: /^Ferritin/ })).toHaveTextContent(
      'Line at 75 ng/mL: iron therapy is suggested at or below it (AASM-2024).',
    );
    expect(within(trends).getByRole('figure', { name: /^Transferrin saturation/ })).toHaveTextContent(
      'Line at 20 %',
    );
    expect(within(trends).getByRole('figure', { name: /^Ankle–brachial index/ })).toHaveTextContent(
      'Line at 0.90',
    );

    const irls = within(trends).getByRole('figure', { name: /^IRLS total score/ });
    expect(irls).toHaveTextContent('mild 0–10, moderate 11–20, severe 21–30, very severe 31–40');
    const augmentation = within(irls).getByRole('region', {
      name: 'Augmentation features on a dopaminergic agent',
    });
    expect(augmentation).toHaveTextContent('12 Oct 2026 · on Pramipexole');
    expect(augmentation).toHaveTextContent('Earlier daily onset, Spread to other body parts');
  });

  it('says what the next recheck is for and when it is', async () => {
    setup(rechecked);
    const next = await screen.findByRole('region', { name: 'Next recheck: 30 Jan 2027' });
    expect(next).toHaveTextContent('Recheck ferritin and TSAT 8 weeks after IV iron');
    expect(next).toHaveTextContent('Planned at the evaluation signed 5 Dec 2026.');
  });

  it('warns when the recheck is due', async () => {
    setup({ ...rechecked, followUp: { ...rechecked.followUp!, due: true } });
    expect(
      await screen.findByRole('region', { name: 'Next recheck: 30 Jan 2027 — due now' }),
    ).toBeInTheDocument();
  });

  it('says when nothing was measured yet, without charts or table', async () => {
    setup(rechecked, { 'GET /api/patients/p1/trends': () => jsonResponse(200, noTrends) });
    const trends = await screen.findByRole('region', { name: 'Trends' });
    expect(await within(trends).findByText(/^No measured values yet/)).toBeInTheDocument();
    expect(within(trends).queryByRole('table')).not.toBeInTheDocument();
    expect(within(trends).queryByRole('figure')).not.toBeInTheDocument();
  });

  it('shows why the trends could not load, with a retry', async () => {
    setup(rechecked, {
      'GET /api/patients/p1/trends': () =>
        errorResponse(500, 'internal', 'Something went wrong on the server.'),
    });
    const trends = await screen.findByRole('region', { name: 'Trends' });
    expect(await within(trends).findByText('Could not load the trends')).toBeInTheDocument();
  });
});

describe('starting a follow-up', { timeout: 30_000 }, () => {
  function startRoutes(bodies: unknown[]): Record<string, Handler> {
    return {
      'POST /api/patients/p1/evaluations': (request) => {
        bodies.push(request.body);
        return jsonResponse(201, { id: 'e-new', patientId: 'p1', status: 'draft' });
      },
      // The workspace (another feature) loads the evaluation next; its content is not under test here.
      'GET /api/evaluations/e-new': () => errorResponse(404, 'not_found', 'Not found.'),
    };
  }

  it('starts a follow-up that carries the history forward, and opens it', async () => {
    const bodies: unknown[] = [];
    const { user, router } = setup(rechecked, startRoutes(bodies));

    const start = await screen.findByRole('button', { name: 'Start follow-up' });
    expect(start).toHaveAccessibleDescription(
      'A follow-up carries the stable history and current treatment from the evaluation signed 5 Dec 2026 for you to confirm; labs, scores and the examination start empty.',
    );
    expect(screen.queryByRole('button', { name: 'Start evaluation' })).not.toBeInTheDocument();
    await user.click(start);

    await waitFor(() => expect(router.state.location.pathname).toBe('/evaluations/e-new/history'));
    expect(bodies).toEqual([{ carryForward: true }]);
  });

  it('"Start blank" starts without carrying anything', async () => {
    const bodies: unknown[] = [];
    const { user, router } = setup(rechecked, startRoutes(bodies));

    await user.click(await screen.findByRole('button', { name: 'Start blank' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/evaluations/e-new/history'));
    expect(bodies).toEqual([{ carryForward: false }]);
  });
});
