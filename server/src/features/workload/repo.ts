import type { Kysely } from 'kysely';
import { toNumber } from '../../db/dialect';
import type { Database, EvaluationStatus } from '../../db/schema';
import { workloadDb } from './tables';

/**
 * SQL of the workload summary. Period figures read the rollup tables (a few thousand rows for any
 * period, whatever the number of evaluations); figures that depend on the clock (overdue,
 * follow-ups) are index range counts over evaluations. No patient data is read here.
 */

export const OPEN_STATUSES: readonly EvaluationStatus[] = ['draft', 'amending'];

export interface CurrentRow {
  assignee_id: string;
  status: string;
  stage: string;
  n: number;
}

export async function currentCounts(db: Kysely<Database>, clinician: string | null): Promise<CurrentRow[]> {
  let q = workloadDb(db)
    .selectFrom('workload_current')
    .select(['assignee_id', 'status', 'stage', 'n'])
    .where('n', '!=', 0);
  if (clinician) q = q.where('assignee_id', '=', clinician);
  const rows = await q.execute();
  return rows.map((r) => ({ ...r, n: toNumber(r.n) }));
}

export interface DailyRow {
  day: string;
  assignee_id: string;
  started: number;
  signed: number;
  /** Packed duration histograms of the evaluations signed that day (packed.ts). */
  durations: string;
}

/** Per day and assignee for local days `from`..`to` inclusive: one row each (3,360 for 12 weeks × 40). */
export async function dailyCounts(
  db: Kysely<Database>,
  from: string,
  to: string,
  clinician: string | null,
): Promise<DailyRow[]> {
  let q = workloadDb(db)
    .selectFrom('workload_daily')
    .select(['day', 'assignee_id', 'started', 'signed', 'durations'])
    .where('day', '>=', from)
    .where('day', '<=', to);
  if (clinician) q = q.where('assignee_id', '=', clinician);
  const rows = await q.execute();
  return rows.map((r) => ({ ...r, started: toNumber(r.started), signed: toNumber(r.signed) }));
}

/**
 * Per ISO week and assignee for the weeks whose Mondays are `fromWeek`..`toWeek` inclusive
 * (workload_weekly): the same rows as `dailyCounts`, each week's `day` being its Monday.
 */
export async function weeklyCounts(
  db: Kysely<Database>,
  fromWeek: string,
  toWeek: string,
  clinician: string | null,
): Promise<DailyRow[]> {
  let q = workloadDb(db)
    .selectFrom('workload_weekly')
    .select(['week', 'assignee_id', 'started', 'signed', 'durations'])
    .where('week', '>=', fromWeek)
    .where('week', '<=', toWeek);
  if (clinician) q = q.where('assignee_id', '=', clinician);
  const rows = await q.execute();
  return rows.map((r) => ({
    day: r.week,
    assignee_id: r.assignee_id,
    started: toNumber(r.started),
    signed: toNumber(r.signed),
    durations: r.durations,
  }));
}

/** How many evaluations signed on local days `from`..`to` carry each finding. */
export async function findingCounts(
  db: Kysely<Database>,
  from: string,
  to: string,
  clinician: string | null,
): Promise<{ code: string; n: number }[]> {
  const w = workloadDb(db);
  const rows = clinician
    ? await w
        .selectFrom('workload_clinician_findings')
        .select('finding_code as code')
        .select((eb) => eb.fn.sum<number>('n').as('n'))
        .where('day', '>=', from)
        .where('day', '<=', to)
        .where('assignee_id', '=', clinician)
        .groupBy('finding_code')
        .execute()
    : await w
        .selectFrom('workload_findings')
        .select('finding_code as code')
        .select((eb) => eb.fn.sum<number>('n').as('n'))
        .where('day', '>=', from)
        .where('day', '<=', to)
        .groupBy('finding_code')
        .execute();
  return rows.map((r) => ({ code: r.code, n: toNumber(r.n) })).filter((r) => r.n !== 0);
}

/** Open evaluations unchanged since before `cutoff` (ISO instant), per assignee. */
export async function overdueCounts(
  db: Kysely<Database>,
  cutoff: string,
  clinician: string | null,
): Promise<{ assignee_id: string; n: number }[]> {
  let q = db
    .selectFrom('evaluations')
    .select('assignee_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', 'in', OPEN_STATUSES)
    .where('updated_at', '<', cutoff);
  if (clinician) q = q.where('assignee_id', '=', clinician);
  const rows = await q.groupBy('assignee_id').execute();
  return rows.map((r) => ({ assignee_id: r.assignee_id, n: toNumber(r.n) }));
}

/**
 * Evaluations whose plan follow-up date falls on `from`..`to`, per date. The whole clinic's counts are
 * grouped by date alone, in the order of the covering (follow_up_date, id, assignee_id) index (no
 * sort: 16 ms instead of 85 ms for 87,000 follow-ups at 1,000,000 evaluations, docs/benchmarks.md).
 * One clinician's are grouped per assignee from the same index and filtered here: with
 * `assignee_id = ?` in SQL, SQLite (without ANALYZE statistics) prefers the assignee index and reads
 * every evaluation of that clinician.
 */
export async function followUpCounts(
  db: Kysely<Database>,
  from: string,
  to: string,
  clinician: string | null,
): Promise<{ date: string; n: number }[]> {
  if (clinician === null) {
    const all = await db
      .selectFrom('evaluations')
      .select('follow_up_date')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('follow_up_date', '>=', from)
      .where('follow_up_date', '<=', to)
      .groupBy('follow_up_date')
      .execute();
    return all.map((r) => ({ date: r.follow_up_date ?? '', n: toNumber(r.n) }));
  }
  const rows = await db
    .selectFrom('evaluations')
    .select(['follow_up_date', 'assignee_id'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('follow_up_date', '>=', from)
    .where('follow_up_date', '<=', to)
    .groupBy(['follow_up_date', 'assignee_id'])
    .execute();
  return rows
    .filter((r) => r.assignee_id === clinician)
    .map((r) => ({ date: r.follow_up_date ?? '', n: toNumber(r.n) }));
}

/** Display names of users (any role, active or not: work stays attributed after someone leaves). */
export async function userNames(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function findUser(
  db: Kysely<Database>,
  id: string,
): Promise<{ id: string; name: string; role: string } | undefined> {
  return db.selectFrom('users').select(['id', 'name', 'role']).where('id', '=', id).executeTakeFirst();
}
