import { sql, type Kysely } from 'kysely';
import { toNumber } from '../../db/dialect';
import type { ListedStatus } from '@rls/shared';
import type { Database, EvaluationStatus } from '../../db/schema';
import { OPEN_STATUSES } from './repo';
import { workloadDb } from './tables';

/**
 * The evaluations behind each workload figure. Every list uses the same predicate as the figure it
 * explains, so its `total` equals that figure (the reconciliation test checks each one).
 * Selected columns carry no patient data: no patient id, name, MRN, answers or assessment.
 *
 * A page is found in two steps: the ids of the page, in list order, from a covering index (migration
 * 004-workload: filter columns, then the order column and `id` as its tie-break); then those rows.
 * So a deep list of 30,000 open evaluations costs an index scan, not 30,000 table reads.
 */

export type DrillFilter =
  | { kind: 'status'; status: ListedStatus }
  | { kind: 'open' }
  | { kind: 'overdue'; cutoff: string }
  | { kind: 'stage'; stage: string }
  | { kind: 'started'; start: string; end: string | null }
  | { kind: 'signed'; start: string; end: string | null }
  | { kind: 'followup'; from: string; to: string }
  /** `end` null: no upper bound (a period ending on the last writable day, 9999-12-31). */
  | { kind: 'finding'; finding: string; start: string; end: string | null };

export interface DrillRowRaw {
  id: string;
  assignee_id: string;
  assignee_name: string | null;
  status: EvaluationStatus;
  current_stage: string;
  started_at: string;
  updated_at: string;
  signed_at: string | null;
  follow_up_date: string | null;
  stage_times: string;
}

type OrderColumn = 'updated_at' | 'started_at' | 'signed_at' | 'follow_up_date';

/** Ids of the page and the total, from the index alone. */
async function pageIds(
  db: Kysely<Database>,
  filter: DrillFilter,
  clinician: string | null,
  limit: number,
  offset: number,
): Promise<{ ids: string[]; total: number }> {
  if (filter.kind === 'finding') {
    let q = workloadDb(db)
      .selectFrom('evaluation_findings')
      .where('finding_code', '=', filter.finding)
      .where('signed_at', '>=', filter.start);
    if (filter.end !== null) q = q.where('signed_at', '<', filter.end);
    if (clinician) q = q.where('assignee_id', '=', clinician);
    const count = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await q
      .select('evaluation_id')
      .orderBy('signed_at', 'desc')
      .orderBy('evaluation_id')
      .limit(limit)
      .offset(offset)
      .execute();
    return { ids: rows.map((r) => r.evaluation_id), total: toNumber(count.n) };
  }

  let q = db.selectFrom('evaluations');
  let order: OrderColumn = 'updated_at'; // open work: longest untouched first
  let direction: 'asc' | 'desc' = 'asc';
  switch (filter.kind) {
    case 'status':
      q = q.where('status', '=', filter.status);
      if (filter.status === 'signed') [order, direction] = ['signed_at', 'desc'];
      break;
    case 'open':
      q = q.where('status', 'in', OPEN_STATUSES);
      break;
    case 'overdue':
      q = q.where('status', 'in', OPEN_STATUSES).where('updated_at', '<', filter.cutoff);
      break;
    case 'stage':
      q = q.where('status', 'in', OPEN_STATUSES).where('current_stage', '=', filter.stage);
      break;
    case 'started':
      q = q.where('started_at', '>=', filter.start);
      if (filter.end !== null) q = q.where('started_at', '<', filter.end);
      [order, direction] = ['started_at', 'desc'];
      break;
    case 'signed':
      q = q.where('status', '=', 'signed').where('signed_at', '>=', filter.start);
      if (filter.end !== null) q = q.where('signed_at', '<', filter.end);
      [order, direction] = ['signed_at', 'desc'];
      break;
    case 'followup':
      q = q.where('follow_up_date', '>=', filter.from).where('follow_up_date', '<=', filter.to);
      order = 'follow_up_date';
      break;
  }
  if (clinician) {
    // Lists chosen by a date range alone (started, follow-up): compare the assignee as an expression,
    // so the range index (which holds assignee_id) is used — SQLite without ANALYZE statistics would
    // otherwise take the assignee index and read every evaluation of that clinician.
    q =
      filter.kind === 'started' || filter.kind === 'followup'
        ? q.where(sql<string>`assignee_id || ''`, '=', clinician)
        : q.where('assignee_id', '=', clinician);
  }
  const count = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .select('id')
    .orderBy(order, direction)
    .orderBy('id')
    .limit(limit)
    .offset(offset)
    .execute();
  return { ids: rows.map((r) => r.id), total: toNumber(count.n) };
}

/** One page of the list (ordered so the rows needing attention come first) and its total. */
export async function drillPage(
  db: Kysely<Database>,
  filter: DrillFilter,
  clinician: string | null,
  page: number,
  pageSize: number,
): Promise<{ rows: DrillRowRaw[]; total: number }> {
  const { ids, total } = await pageIds(db, filter, clinician, pageSize, (page - 1) * pageSize);
  if (ids.length === 0) return { rows: [], total };
  const rows = await db
    .selectFrom('evaluations as e')
    .leftJoin('users as u', 'u.id', 'e.assignee_id')
    .select([
      'e.id',
      'e.assignee_id',
      'u.name as assignee_name',
      'e.status',
      'e.current_stage',
      'e.started_at',
      'e.updated_at',
      'e.signed_at',
      'e.follow_up_date',
      'e.stage_times',
    ])
    .where('e.id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { rows: ids.map((id) => byId.get(id)).filter((r): r is DrillRowRaw => r !== undefined), total };
}
