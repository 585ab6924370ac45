import type { ListedStatus, WorklistQuery } from '@rls/shared';
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import { containsLower, toNumber } from '../../db/dialect';
import type { Database, NewPatient, PatientRow } from '../../db/schema';
import { bumpSearchVersion, cachedSearch, searchVersion } from './search-cache';

/** lower(name || ' ' || mrn): the one string the worklist search matches. */
export function searchTextOf(name: string, mrn: string): string {
  return `${name} ${mrn}`.toLowerCase();
}

/** Inserts a patient; `db` is the creating transaction (the search counter is bumped in it). */
export async function insertPatient(db: Kysely<Database>, patient: NewPatient): Promise<void> {
  await db.insertInto('patients').values(patient).execute();
  await bumpSearchVersion(db);
}

export function findPatientByMrn(db: Kysely<Database>, mrn: string): Promise<PatientRow | undefined> {
  return db.selectFrom('patients').selectAll().where('mrn', '=', mrn).executeTakeFirst();
}

export function findPatientById(db: Kysely<Database>, id: string): Promise<PatientRow | undefined> {
  return db.selectFrom('patients').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface PatientChanges {
  mrn: string;
  name: string;
  birth_date: string;
  sex: PatientRow['sex'];
  search_text: string;
  updated_at: string;
  version: number;
}

/** Writes the demographics only if the stored version is still `expectedVersion`. */
export async function updatePatientIfVersion(
  db: Kysely<Database>,
  id: string,
  changes: PatientChanges,
  expectedVersion: number,
): Promise<boolean> {
  const result = await db
    .updateTable('patients')
    .set(changes)
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  const updated = Number(result.numUpdatedRows) === 1;
  if (updated) await bumpSearchVersion(db);
  return updated;
}

const STATUS_RANK: Record<ListedStatus | 'none', number> = { draft: 0, amending: 1, signed: 2, none: 3 };

/**
 * Refreshes the patient's worklist summary from its open evaluation, else its most recently started
 * one; discarded drafts are skipped (a patient with only those shows none). Called in the same
 * transaction as every evaluation write (saveEvaluation) and patient edit.
 */
export async function syncWorklist(db: Kysely<Database>, patientId: string): Promise<void> {
  const e = await db
    .selectFrom('evaluations')
    .select(['id', 'status', 'current_stage', 'assignee_id', 'follow_up_date', 'updated_at'])
    .where('patient_id', '=', patientId)
    .where('status', '!=', 'discarded')
    .orderBy(sql`case when status = 'signed' then 1 else 0 end`)
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const update = db.updateTable('patients').where('id', '=', patientId);
  if (e) {
    await update
      .set({
        latest_evaluation_id: e.id,
        worklist_status: e.status,
        worklist_status_rank: STATUS_RANK[e.status as ListedStatus],
        worklist_stage: e.current_stage,
        worklist_assignee_id: e.assignee_id,
        worklist_follow_up_date: e.follow_up_date,
        worklist_updated_at: e.updated_at,
      })
      .execute();
  } else {
    await update
      .set((eb) => ({
        latest_evaluation_id: null,
        worklist_status: 'none',
        worklist_status_rank: STATUS_RANK.none,
        worklist_stage: null,
        worklist_assignee_id: null,
        worklist_follow_up_date: null,
        worklist_updated_at: eb.ref('updated_at'),
      }))
      .execute();
  }
}

interface WorklistRow extends PatientRow {
  assignee_name: string | null;
}

export interface PatientPage {
  rows: WorklistRow[];
  total: number;
}

type PatientQuery = SelectQueryBuilder<Database, 'patients', object>;

/** The filters of the worklist, all on indexed columns of `patients` (migration 003). */
function filtered(db: Kysely<Database>, q: WorklistQuery, today: string): PatientQuery {
  let base: PatientQuery = db.selectFrom('patients');
  const query = q.query ?? '';
  if (query !== '') base = base.where((eb) => containsLower(eb.ref('patients.search_text'), query));
  if (q.status) base = base.where('patients.worklist_status', '=', q.status);
  if (q.stage) base = base.where('patients.worklist_stage', '=', q.stage);
  if (q.assignee) base = base.where('patients.worklist_assignee_id', '=', q.assignee);
  if (q.followUpDue) base = base.where('patients.worklist_follow_up_date', '<=', today);
  return base;
}

async function countOf(query: PatientQuery): Promise<number> {
  const row = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return toNumber(row.n);
}

/** The full rows (with the assignee's name) of a page of ids, in the ids' order. */
async function rowsOf(db: Kysely<Database>, ids: string[]): Promise<WorklistRow[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('patients')
    .leftJoin('users as assignee', 'assignee.id', 'patients.worklist_assignee_id')
    .selectAll('patients')
    .select('assignee.name as assignee_name')
    .where('patients.id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

async function pageIds(query: PatientQuery, limit: number, offset: number): Promise<string[]> {
  const rows = await query.select('patients.id').limit(limit).offset(offset).execute();
  return rows.map((r) => r.id);
}

/**
 * One worklist page. `query` is a case-insensitive substring of "name mrn" (LIKE wildcards literal);
 * `followUpDue` means a follow-up date on or before `today` (server time zone). Sorts: name, mrn,
 * updated (last change), status (draft, amending, signed, none), followUp (patients without a
 * follow-up date last in both directions); ties by name, then id, so pages never overlap.
 *
 * Fast with 100k patients: filters and sorts use the worklist indexes (migration 003), and the
 * page is chosen as ids from the index alone before the full rows are read (a deferred join), so
 * deep pages and unusual orders do not drag whole rows through a sort.
 */
export async function listPatients(
  db: Kysely<Database>,
  q: WorklistQuery,
  today: string,
): Promise<PatientPage> {
  const base = filtered(db, q, today);
  const query = (q.query ?? '').toLowerCase();
  const offset = (q.page - 1) * q.pageSize;
  const sort = q.sort ?? 'name';
  const dir = sort.startsWith('-') ? 'desc' : 'asc';
  const key = sort.replace(/^-/, '');

  if (key === 'followUp') {
    const total = await countOf(base);
    if (offset >= total) return { rows: [], total };
    // Nulls last in both directions, dialect-neutral and index-friendly: page through the dated
    // rows first, then the undated ones.
    const dated = base.where('patients.worklist_follow_up_date', 'is not', null);
    const datedTotal = q.followUpDue ? total : await countOf(dated);
    const ids: string[] = [];
    if (offset < datedTotal) {
      const ordered = dated
        .orderBy('patients.worklist_follow_up_date', dir)
        .orderBy('patients.search_text')
        .orderBy('patients.id');
      ids.push(...(await pageIds(ordered, q.pageSize, offset)));
    }
    if (ids.length < q.pageSize && offset + ids.length >= datedTotal) {
      const undated = base
        .where('patients.worklist_follow_up_date', 'is', null)
        .orderBy('patients.search_text')
        .orderBy('patients.id');
      ids.push(...(await pageIds(undated, q.pageSize - ids.length, Math.max(0, offset - datedTotal))));
    }
    return { rows: await rowsOf(db, ids), total };
  }

  let ordered: PatientQuery;
  switch (key) {
    case 'mrn':
      ordered = base.orderBy('patients.mrn', dir).orderBy('patients.id', dir);
      break;
    case 'updated':
      ordered = base.orderBy('patients.worklist_updated_at', dir).orderBy('patients.id', dir);
      break;
    case 'status':
      ordered = base
        .orderBy('patients.worklist_status_rank', dir)
        .orderBy('patients.search_text')
        .orderBy('patients.id');
      break;
    default:
      // search_text begins with the lower-cased name: a case-insensitive name order on an index.
      ordered = base.orderBy('patients.search_text', dir).orderBy('patients.id', dir);
  }
  const page = async () => {
    const ids = await pageIds(ordered, q.pageSize, offset);
    // A first page that is not full is everything: no second scan to count (a typical name search).
    const total = offset === 0 && ids.length < q.pageSize ? ids.length : await countOf(base);
    return { ids, total };
  };
  // A page in the name or MRN order, searched or not, without other filters depends on nothing but
  // the search text and MRN of every patient: its ids and total are kept (search-cache.ts) — no scan
  // of every patient to search or count — and its rows are read fresh.
  const cacheable =
    (key === 'name' || key === 'mrn') && !q.status && !q.stage && !q.assignee && !q.followUpDue;
  const { ids, total } = cacheable
    ? await cachedSearch(db, JSON.stringify([sort, q.page, q.pageSize, query]), await searchVersion(db), page)
    : await page();
  return { rows: await rowsOf(db, ids), total };
}
