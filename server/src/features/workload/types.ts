import type { EvaluationStatus } from '../../db/schema';

/**
 * Response shapes of GET /api/workload and GET /api/workload/evaluations (admins only).
 * Minimum necessary: clinician ids and names, evaluation ids, states and times — never a patient's
 * name, MRN, birth date, answers or assessment.
 * The client mirrors these in client/src/features/workload/types.ts.
 */

export interface Percentiles {
  /** How many durations the percentiles are taken over. */
  count: number;
  /** Nearest-rank percentiles in hours (bucketed, see buckets.ts); null when count is 0. */
  median: number | null;
  p90: number | null;
}

export type StageHours = Record<'history' | 'exam' | 'labs' | 'imaging', number | null>;

export interface ClinicianWorkload {
  id: string;
  name: string;
  /** Open (draft + amending) evaluations assigned now. */
  open: number;
  overdue: number;
  /** Evaluations started in the period that are assigned to this clinician now. */
  started: number;
  /** Evaluations signed in the period (and still signed). */
  signed: number;
  hoursToSign: Percentiles;
  /** Median hours from first to last answer change of each stage, over the evaluations signed. */
  stageMedianHours: StageHours;
}

export interface WeekCount {
  /** Monday of the ISO week. */
  weekStart: string;
  /** The part of the week inside the period (inclusive dates). */
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
  /** The server's "now" (ISO UTC) the clock-dependent figures were computed at. */
  asOf: string;
  today: string;
  overdueDays: number;
  /** Every evaluation by its current status (not limited to the period). */
  byStatus: Record<EvaluationStatus, number>;
  /** draft + amending. */
  open: number;
  /** Open and unchanged for more than `overdueDays` days. */
  overdue: number;
  startedInPeriod: number;
  signedInPeriod: number;
  hoursToSign: Percentiles;
  stageMedianHours: StageHours;
  /** Open evaluations by the stage they wait in (current_stage); history…imaging always present. */
  openByStage: { stage: string; count: number }[];
  clinicians: ClinicianWorkload[];
  weekly: WeekCount[];
  /** Plan follow-up dates in each of the next `weeks` weeks, from today. */
  followUps: { weeks: number; from: string; to: string; total: number; byWeek: FollowUpWeek[] };
  /** Time from start to sign-off of the evaluations signed in the period. */
  signDurationHistogram: { fromHours: number; toHours: number | null; count: number }[];
  /** Findings among the evaluations signed in the period: counts only. */
  findings: { code: string; label: string; count: number }[];
}

export interface WorkloadEvaluationRow {
  id: string;
  clinician: { id: string; name: string | null };
  status: EvaluationStatus;
  stage: string;
  startedAt: string;
  /** Last change of any kind. */
  updatedAt: string;
  signedAt: string | null;
  followUpDate: string | null;
  /** Days since started, and since the last change (one decimal), by the server clock. */
  ageDays: number;
  idleDays: number;
  /** Start → sign-off in hours (two decimals); null unless signed. */
  hoursToSign: number | null;
  /** First → last answer change of each stage in hours; null when the stage has no answers. */
  stageHours: StageHours;
}

export interface WorkloadEvaluationPage {
  items: WorkloadEvaluationRow[];
  total: number;
  page: number;
  pageSize: number;
  /** The list's resolved filter (defaults applied), for its heading. */
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
