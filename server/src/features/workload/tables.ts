import type { Kysely, Transaction } from 'kysely';
import type { Database, EvaluationRow } from '../../db/schema';

/**
 * The workload rollup tables (migrations 004-workload and 005-workload-version). Each is a pure
 * function of the current evaluation rows — the sum over evaluations of `contributionOf(row)`
 * (rollups.ts) — kept up to date in the same transaction as every evaluation change, and
 * recomputable from scratch (rebuild.ts).
 *
 * "Day" is the local calendar day (`YYYY-MM-DD`) in the server time zone; "assignee" the evaluation's
 * current assignee (a reassignment moves its figures to the new clinician).
 */
export type WorkloadTables = {
  /** Evaluations by current assignee × status × current stage. */
  workload_current: { assignee_id: string; status: string; stage: string; n: number };
  /**
   * Per local day and assignee: evaluations started that day; evaluations (now signed) signed that
   * day; and the duration histograms of those signed evaluations, packed as JSON text (packed.ts):
   * start → sign-off (`sign`) and each stage's first → last answer change.
   */
  workload_daily: { day: string; assignee_id: string; started: number; signed: number; durations: string };
  /**
   * The same per ISO week (`week`: its Monday, local) and assignee (migration 009): by definition the
   * sum of the week's seven workload_daily rows. A summary reads it for the whole weeks of a period
   * and the day rows only for the days at its ragged edges (docs/decisions/021-workload-weekly-rollups.md).
   */
  workload_weekly: { week: string; assignee_id: string; started: number; signed: number; durations: string };
  /** How many signed evaluations carry each finding, by sign day (the whole clinic). */
  workload_findings: { day: string; finding_code: string; n: number };
  /** The same per assignee (read when the summary is filtered to one clinician). */
  workload_clinician_findings: { day: string; assignee_id: string; finding_code: string; n: number };
  /** The findings of each signed evaluation (behind the finding drill-down lists). */
  evaluation_findings: {
    evaluation_id: string;
    finding_code: string;
    signed_at: string;
    assignee_id: string;
  };
  /**
   * `time_zone`: the zone the rollups' days were computed in; `built_at`: last full rebuild;
   * `levels`: the rollup levels built (`day,week`; absent before migration 009's weekly level was built).
   */
  workload_meta: { key: string; value: string };
  /** One row (id 1): incremented with every rollup change; cached summaries compare it. */
  workload_version: { id: number; version: number };
};

type WorkloadDatabase = Database & WorkloadTables;
export type WorkloadDb = Kysely<WorkloadDatabase>;

/** The database handle (or open transaction) with the rollup tables typed. */
export function workloadDb(db: Kysely<Database> | Transaction<Database>): WorkloadDb {
  return db.withTables<WorkloadTables>();
}

/** The evaluation columns the rollups read. Pass the row exactly as stored. */
export type EvaluationRowLite = Pick<
  EvaluationRow,
  | 'id'
  | 'status'
  | 'assignee_id'
  | 'current_stage'
  | 'started_at'
  | 'signed_at'
  | 'stage_times'
  | 'assessment'
>;

/** Stages whose duration is tracked, in workup order. */
export const TIMED_STAGES = ['history', 'exam', 'labs', 'imaging'] as const;
