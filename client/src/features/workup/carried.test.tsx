import type {
  AnswerMeta,
  Answers,
  EvaluationDto,
  PatientDetail,
  PatientEvaluationSummary,
} from '@rls/shared';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { jsonResponse, mockApi } from '@/testing/fetch-mock';
import { clinicianSession } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import { evaluationFixture, fakeEvaluationServer, workspacePatient, type PatchBody } from './test-fixtures';

// A follow-up visit: the history of the evaluation signed on 12 Oct 2026 (e0) was carried into this
// draft (e1), each answer marked `carriedFrom` until the clinician confirms or changes it.

const SAVE_WAIT = { timeout: 10_000 };

const summary = (overrides: Partial<PatientEvaluationSummary> & Pick<PatientEvaluationSummary, 'id'>) => ({
  status: 'signed' as const,
  workflowVersion: 1,
  startedAt: '2026-10-12T09:00:00.000Z',
  updatedAt: '2026-10-12T10:30:00.000Z',
  signedAt: '2026-10-12T10:30:00.000Z',
  signedBy: 'u-clin',
  signedByName: 'Dr. Ana Ferreira',
  assigneeId: 'u-clin',
  assigneeName: 'Dr. Ana Ferreira',
  currentStage: 'signed' as const,
  followUpDate: '2027-01-04',
  keyValues: { ferritin: 38, tsat: 14.2, irlsTotal: 24, abiLeft: null, abiRight: null },
  ...overrides,
});

const patient: PatientDetail = {
  ...workspacePatient,
  evaluations: [
    summary({
      id: 'e1',
      status: 'draft',
      startedAt: '2027-01-04T09:00:00.000Z',
      signedAt: null,
      signedBy: null,
      signedByName: null,
      currentStage: 'history',
      followUpDate: null,
    }),
    summary({ id: 'e0' }),
  ],
};

const CRITERIA: Answers = {
  'criteria.urge': true,
  'criteria.rest': true,
  'criteria.movementRelief': true,
  'criteria.eveningWorse': true,
  'criteria.notMimic': true,
};
const CARRIED: Answers = { ...CRITERIA, onsetAge: 45, familyHistory: true };

function carriedFrom(answers: Answers, from = 'e0'): AnswerMeta {
  return Object.fromEntries(Object.keys(answers).map((code) => [code, { carriedFrom: from }]));
}

function setup(
  initial: EvaluationDto = evaluationFixture({ answers: CARRIED, answerMeta: carriedFrom(CARRIED) }),
) {
  const server = fakeEvaluationServer(initial);
  const api = mockApi({
    'GET /api/session': () => jsonResponse(200, clinicianSession),
    'GET /api/evaluations/e1': () => server.get(),
    'GET /api/patients/p1': () => jsonResponse(200, patient),
    'PATCH /api/evaluations/e1': (request) => server.patch(request),
    'GET /api/clinicians': () => jsonResponse(200, [{ id: 'u-clin', name: 'Dr. Ana Ferreira' }]),
  });
  const patches = () => api.requests.filter((r) => r.method === 'PATCH').map((r) => r.body as PatchBody);
  return { server, patches, ...renderApp('/evaluations/e1/history') };
}

const group = (name: string) => screen.getByRole('region', { name });

describe('carried answers of a follow-up', { timeout: 60_000 }, () => {
  it('marks each carried answer with the date it was carried from', async () => {
    setup();
    const diagnosis = await screen.findByRole('region', { name: 'IRLSSG diagnostic criteria' });

    expect(screen.getByRole('note')).toHaveTextContent(
      'This follow-up starts from the evaluation of 12 Oct 2026: 7 answers in this stage are carried forward',
    );
    // One note per carried item, beside its field, and the group's summary.
    expect(within(diagnosis).getAllByText('Carried from 12 Oct 2026')).toHaveLength(5);
    expect(diagnosis).toHaveTextContent('5 answers carried from 12 Oct 2026');
    const symptoms = group('Symptom profile');
    expect(within(symptoms).getAllByText('Carried from 12 Oct 2026')).toHaveLength(2);
    // Each "Confirm" is named after its item for screen readers.
    expect(within(symptoms).getByRole('button', { name: 'Confirm Age at onset' })).toBeInTheDocument();
    // Groups without carried answers say nothing.
    expect(within(group('Sleep and OSA screen')).queryByText(/Carried from/)).not.toBeInTheDocument();
  });

  it('"Confirm" saves the same value through autosave and clears that mark only', async () => {
    const { patches, server, user } = setup();
    const symptoms = await screen.findByRole('region', { name: 'Symptom profile' });

    await user.click(within(symptoms).getByRole('button', { name: 'Confirm Age at onset' }));

    await waitFor(() => expect(patches()).toHaveLength(1), SAVE_WAIT);
    expect(patches()[0]).toEqual({ answers: { onsetAge: 45 } });
    await waitFor(() => expect(server.state.current.answerMeta['onsetAge']).toBeUndefined());
    expect(server.state.current.answers['onsetAge']).toBe(45);
    expect(within(symptoms).queryByRole('button', { name: 'Confirm Age at onset' })).not.toBeInTheDocument();
    expect(
      within(symptoms).getByRole('button', { name: 'Confirm Family history of RLS' }),
    ).toBeInTheDocument();
    expect(symptoms).toHaveTextContent('1 answer carried from 12 Oct 2026');
  });

  it('"Confirm all in this group" saves every carried answer of the group, same values, in one request', async () => {
    const { patches, server, user } = setup();
    const diagnosis = await screen.findByRole('region', { name: 'IRLSSG diagnostic criteria' });

    await user.click(
      within(diagnosis).getByRole('button', {
        name: 'Confirm all in this group: IRLSSG diagnostic criteria',
      }),
    );

    await waitFor(() => expect(patches()).toHaveLength(1), SAVE_WAIT);
    expect(patches()[0]).toEqual({ answers: CRITERIA });
    expect(within(diagnosis).queryByText(/Carried from/)).not.toBeInTheDocument();
    expect(within(diagnosis).queryByRole('button', { name: /^Confirm/ })).not.toBeInTheDocument();
    await waitFor(() => expect(server.state.current.answers).toEqual(CARRIED));
    // The other group's answers are still to be confirmed.
    expect(server.state.current.answerMeta).toEqual(carriedFrom({ onsetAge: 45, familyHistory: true }));
    expect(within(group('Symptom profile')).getAllByText(/^Carried from/)).toHaveLength(2);
  });

  it('changing a carried answer clears its mark too', async () => {
    const { patches, server, user } = setup();
    const symptoms = await screen.findByRole('region', { name: 'Symptom profile' });

    const family = within(symptoms).getByRole('radiogroup', { name: 'Family history of RLS' });
    await user.click(within(family).getByRole('radio', { name: 'No' }));

    expect(
      within(symptoms).queryByRole('button', { name: 'Confirm Family history of RLS' }),
    ).not.toBeInTheDocument();
    await waitFor(() => expect(patches()).toHaveLength(1), SAVE_WAIT);
    expect(patches()[0]).toEqual({ answers: { familyHistory: false } });
    await waitFor(() => expect(server.state.current.answerMeta['familyHistory']).toBeUndefined());
  });

  it('a signed evaluation shows what was never confirmed, without confirm buttons', async () => {
    setup(
      evaluationFixture({
        answers: CARRIED,
        answerMeta: carriedFrom({ onsetAge: 45 }),
        status: 'signed',
        currentStage: 'signed',
        signedAt: '2027-01-04T11:00:00.000Z',
        signedBy: 'u-clin',
      }),
    );
    const symptoms = await screen.findByRole('region', { name: 'Symptom profile' });
    expect(within(symptoms).getByText('Carried from 12 Oct 2026, not confirmed')).toBeInTheDocument();
    expect(within(symptoms).queryByRole('button', { name: /^Confirm/ })).not.toBeInTheDocument();
  });
});
