import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { errorResponse, jsonResponse, mockApi, type MockRequest } from '@/testing/fetch-mock';
import { noTrends } from '@/testing/trend-fixtures';
import { clinicianSession, worklistPage } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import { evaluationSummary, followedUpPatient } from './test-fixtures';
import type { PatientDetail } from './types';

type Handler = (request: MockRequest) => Response | Promise<Response>;

/** The patient page of a patient whose newest evaluation is an open draft (e2, waiting in Labs). */
function setup(routes: Record<string, Handler> = {}) {
  const api = mockApi({
    'GET /api/session': () => jsonResponse(200, clinicianSession),
    'GET /api/clinicians': () => jsonResponse(200, [{ id: 'u-clin', name: 'Dr. Ana Ferreira' }]),
    'GET /api/patients': () => jsonResponse(200, worklistPage),
    'GET /api/patients/p1': () => jsonResponse(200, followedUpPatient),
    'GET /api/patients/p1/trends': () => jsonResponse(200, noTrends),
    ...routes,
  });
  return { ...renderApp('/patients/p1'), ...api };
}

async function openDialog(user: ReturnType<typeof setup>['user']) {
  await user.click(await screen.findByRole('button', { name: 'Discard draft' }));
  return screen.findByRole('dialog', { name: 'Discard this draft?' });
}

// MUI dialogs render slowly in jsdom on a busy machine.
describe('discarding a draft from the patient page', { timeout: 30_000 }, () => {
  it('asks first, naming the draft and what is lost; "Keep draft" sends nothing', async () => {
    const { user, requests } = setup();
    const dialog = await openDialog(user);
    expect(dialog).toHaveTextContent('The draft evaluation started 4 May 2026');
    expect(dialog).toHaveTextContent('assigned to Dr. Ana Ferreira, waiting in Labs');
    expect(dialog).toHaveTextContent('its answers, not-done marks and plan');
    expect(dialog).toHaveTextContent('cannot be reopened');

    await user.click(within(dialog).getByRole('button', { name: 'Keep draft' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(screen.getByRole('link', { name: 'Continue evaluation' })).toBeInTheDocument();
  });

  it('discards it: the draft leaves the page and "Start follow-up" comes back', async () => {
    let patient: PatientDetail = followedUpPatient;
    const { user, requests } = setup({
      'GET /api/patients/p1': () => jsonResponse(200, patient),
      'DELETE /api/evaluations/e2': () => {
        patient = { ...followedUpPatient, evaluations: followedUpPatient.evaluations.slice(1) };
        return jsonResponse(204);
      },
    });
    const dialog = await openDialog(user);
    await user.click(within(dialog).getByRole('button', { name: 'Discard draft' }));

    // The patient has a signed evaluation: a follow-up (or a blank start) is offered again.
    expect(await screen.findByRole('button', { name: 'Start follow-up' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Start blank' })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Draft discarded.');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Continue evaluation' })).not.toBeInTheDocument();
    const rows = within(screen.getByRole('table', { name: 'Evaluations' })).getAllByRole('row');
    expect(rows).toHaveLength(2); // the heading and the signed evaluation
    expect(rows[1]).toHaveTextContent('Signed');

    const discard = requests.filter((r) => r.method === 'DELETE');
    expect(discard.map((r) => r.path)).toEqual(['/api/evaluations/e2']);
    expect(discard[0]!.headers.get('X-CSRF-Token')).toBe(clinicianSession.csrfToken);
  });

  it('says why it could not discard, and keeps the draft', async () => {
    const { user } = setup({
      'DELETE /api/evaluations/e2': () =>
        errorResponse(
          409,
          'not_draft',
          'A signed evaluation is a record and cannot be discarded; amend it instead.',
        ),
    });
    const dialog = await openDialog(user);
    await user.click(within(dialog).getByRole('button', { name: 'Discard draft' }));

    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Could not discard the draft: A signed evaluation is a record and cannot be discarded',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Keep draft' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.getByRole('link', { name: 'Continue evaluation' })).toBeInTheDocument();
  });

  it('offers no discard for an amendment of a signed evaluation', async () => {
    const amending: PatientDetail = {
      ...followedUpPatient,
      evaluations: [evaluationSummary({ id: 'e3', status: 'amending', currentStage: 'exam' })],
    };
    setup({ 'GET /api/patients/p1': () => jsonResponse(200, amending) });
    expect(await screen.findByRole('link', { name: 'Continue amendment' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Discard draft' })).not.toBeInTheDocument();
  });
});
