import type { EvaluationStatus } from '@rls/shared';

// Response shapes of GET /api/workload and GET /api/workload/evaluations (administrators only).
// They mirror server/src/features/workload/types.ts; none of them carries patient data.

export interface Percentiles {
  count: number;
  /** Hours (nearest-rank over fixed buckets); null when nothing was signed. */
  median: number | null;
  p90: number | null;
}

export type TimedStage = 'history' | 'exam' | 'labs' | 'imaging';
export type StageHours = Record<TimedStage, number | null>;

export interface ClinicianWorkload {
  id: string;
  name: string;
  open: number;
  overdue: number;
  started: number;
  signed: number;
  hoursToSign: Percentiles;
  stageMedianHours: StageHours;
}

export interface WeekCount {
  weekStart: string;
  from: string;
  to: string;
  started: number;
  signed: number;
}

export interface FollowUpWeek {
  from: string;
  to: string;
  count: number;
}

export interface WorkloadSummary {
  period: { from: string; to: string; timeZone: string; clinicianId: string | null };
  asOf: string;
  today: string;
  overdueDays: number;
  byStatus: Record<EvaluationStatus, number>;
  open: number;
  overdue: number;
  startedInPeriod: number;
  signedInPeriod: number;
  hoursToSign: Percentiles;
  stageMedianHours: StageHours;
  openByStage: { stage: string; count: number }[];
  clinicians: ClinicianWorkload[];
  weekly: WeekCount[];
  followUps: { weeks: number; from: string; to: string; total: number; byWeek: FollowUpWeek[] };
  signDurationHistogram: { fromHours: number; toHours: number | null; count: number }[];
  findings: { code: string; label: string; count: number }[];
}

export interface WorkloadEvaluationRow {
  id: string;
  clinician: { id: string; name: string | null };
  status: EvaluationStatus;
  stage: string;
  startedAt: string;
  updatedAt: string;
  signedAt: string | null;
  followUpDate: string | null;
  ageDays: number;
  idleDays: number;
  hoursToSign: number | null;
  stageHours: StageHours;
}

export interface WorkloadEvaluationPage {
  items: WorkloadEvaluationRow[];
  total: number;
  page: number;
  pageSize: number;
  filter: {
    kind: string;
    status?: string;
    stage?: string;
    finding?: string;
    from?: string;
    to?: string;
    clinicianId: string | null;
  };
}
