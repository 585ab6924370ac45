import type { EvaluationKeyValues, PatientDetail, PatientEvaluationSummary } from './types';

// Fictitious people only.

const noValues: EvaluationKeyValues = {
  ferritin: null,
  tsat: null,
  irlsTotal: null,
  abiLeft: null,
  abiRight: null,
};

type SummaryOverrides = Partial<Omit<PatientEvaluationSummary, 'keyValues'>> &
  Pick<PatientEvaluationSummary, 'id'> & { keyValues?: Partial<EvaluationKeyValues> };

/** A signed evaluation summary; `keyValues` not given are unanswered. */
export function evaluationSummary(overrides: SummaryOverrides): PatientEvaluationSummary {
  return {
    status: 'signed',
    workflowVersion: 1,
    startedAt: '2026-01-12T09:00:00.000Z',
    updatedAt: '2026-01-12T10:00:00.000Z',
    signedAt: '2026-01-12T10:00:00.000Z',
    signedBy: 'u-clin',
    signedByName: 'Dr. Ana Ferreira',
    assigneeId: 'u-clin',
    assigneeName: 'Dr. Ana Ferreira',
    currentStage: 'signed',
    followUpDate: null,
    ...overrides,
    keyValues: { ...noValues, ...overrides.keyValues },
  };
}

/** A patient seen twice: iron deficiency treated between the visits. */
export const followedUpPatient: PatientDetail = {
  id: 'p1',
  mrn: 'MRN-000101',
  name: 'Jordan Ellis',
  birthDate: '1956-03-12',
  sex: 'female',
  createdAt: '2026-01-10T08:00:00.000Z',
  updatedAt: '2026-01-10T08:00:00.000Z',
  version: 1,
  followUp: null,
  evaluations: [
    evaluationSummary({
      id: 'e2',
      status: 'draft',
      startedAt: '2026-05-04T09:00:00.000Z',
      updatedAt: '2026-05-04T09:30:00.000Z',
      signedAt: null,
      signedBy: null,
      signedByName: null,
      currentStage: 'labs',
      keyValues: { ferritin: 112, tsat: 27.46, irlsTotal: 12, abiLeft: 0.88, abiRight: null },
    }),
    evaluationSummary({
      id: 'e1',
      followUpDate: '2026-05-01',
      keyValues: { ferritin: 38, tsat: 14.2, irlsTotal: 24, abiLeft: 0.93, abiRight: 1.02 },
    }),
  ],
};

export const newPatient: PatientDetail = {
  id: 'p9',
  mrn: 'MRN-000909',
  name: 'Robin Hale',
  birthDate: '1980-07-01',
  sex: 'male',
  createdAt: '2026-06-01T08:00:00.000Z',
  updatedAt: '2026-06-01T08:00:00.000Z',
  version: 1,
  followUp: null,
  evaluations: [],
};
