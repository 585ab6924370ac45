import type { WorkloadEvaluationPage, WorkloadSummary } from './types';

// Fictitious clinicians; workload data carries no patients.

export const clinicians = [
  { id: 'u-ana', name: 'Dr. Ana Ferreira' },
  { id: 'u-ben', name: 'Dr. Ben Cole' },
];

export const workloadSummary: WorkloadSummary = {
  period: { from: '2025-12-25', to: '2026-03-18', timeZone: 'Europe/Berlin', clinicianId: null },
  asOf: '2026-03-18T12:00:00.000Z',
  today: '2026-03-18',
  overdueDays: 7,
  byStatus: { draft: 6, amending: 2, signed: 31 },
  open: 8,
  overdue: 3,
  startedInPeriod: 14,
  signedInPeriod: 11,
  hoursToSign: { count: 11, median: 4.13, p90: 96.5 },
  stageMedianHours: { history: 0.51, exam: 0.26, labs: 23.5, imaging: null },
  openByStage: [
    { stage: 'history', count: 3 },
    { stage: 'exam', count: 2 },
    { stage: 'labs', count: 2 },
    { stage: 'imaging', count: 1 },
  ],
  clinicians: [
    {
      id: 'u-ana',
      name: 'Dr. Ana Ferreira',
      open: 5,
      overdue: 2,
      started: 9,
      signed: 7,
      hoursToSign: { count: 7, median: 2.5, p90: 48.5 },
      stageMedianHours: { history: 0.51, exam: 0.26, labs: 1.01, imaging: null },
    },
    {
      id: 'u-ben',
      name: 'Dr. Ben Cole',
      open: 3,
      overdue: 1,
      started: 5,
      signed: 4,
      hoursToSign: { count: 4, median: 52.5, p90: 96.5 },
      stageMedianHours: { history: 1.26, exam: null, labs: 23.5, imaging: null },
    },
  ],
  weekly: [
    { weekStart: '2026-03-09', from: '2026-03-09', to: '2026-03-15', started: 6, signed: 5 },
    { weekStart: '2026-03-16', from: '2026-03-16', to: '2026-03-18', started: 8, signed: 6 },
  ],
  followUps: {
    weeks: 8,
    from: '2026-03-18',
    to: '2026-05-12',
    total: 3,
    byWeek: [
      { from: '2026-03-18', to: '2026-03-24', count: 2 },
      { from: '2026-03-25', to: '2026-03-31', count: 1 },
    ],
  },
  signDurationHistogram: [
    { fromHours: 0, toHours: 1, count: 2 },
    { fromHours: 1, toHours: 2, count: 3 },
    { fromHours: 2, toHours: 4, count: 1 },
    { fromHours: 4, toHours: 8, count: 1 },
    { fromHours: 48, toHours: 72, count: 2 },
    { fromHours: 72, toHours: 168, count: 2 },
  ],
  findings: [
    { code: 'iron.treat', label: 'Iron treatment indicated', count: 5 },
    { code: 'venous.cvd', label: 'Chronic venous disease (CEAP ≥ C2)', count: 2 },
  ],
};

export const overduePage: WorkloadEvaluationPage = {
  items: [
    {
      id: 'a1b2c3d4-0000-4000-8000-000000000001',
      clinician: { id: 'u-ben', name: 'Dr. Ben Cole' },
      status: 'draft',
      stage: 'exam',
      startedAt: '2026-02-01T09:00:00.000Z',
      updatedAt: '2026-02-02T09:00:00.000Z',
      signedAt: null,
      followUpDate: null,
      ageDays: 45.1,
      idleDays: 44.1,
      hoursToSign: null,
      stageHours: { history: null, exam: 0.5, labs: null, imaging: null },
    },
    {
      id: 'f9e8d7c6-0000-4000-8000-000000000002',
      clinician: { id: 'u-ana', name: 'Dr. Ana Ferreira' },
      status: 'amending',
      stage: 'labs',
      startedAt: '2026-01-10T09:00:00.000Z',
      updatedAt: '2026-03-05T09:00:00.000Z',
      signedAt: null,
      followUpDate: null,
      ageDays: 67.1,
      idleDays: 13.1,
      hoursToSign: null,
      stageHours: { history: 0.3, exam: null, labs: 1, imaging: null },
    },
  ],
  total: 2,
  page: 1,
  pageSize: 50,
  filter: { kind: 'overdue', clinicianId: null },
};
