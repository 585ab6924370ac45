import type { WorklistQuery } from '@rls/shared';
import type { Kysely } from 'kysely';
import { containsLower } from '../../db/dialect';
import type { Database, NewPatient, PatientRow } from '../../db/schema';

/** lower(name || ' ' || mrn): the one string the worklist search matches. */
export function searchTextOf(name: string, mrn: string): string {
  return `${name} ${mrn}`.toLowerCase();
}

export async function insertPatient(db: Kysely<Database>, patient: NewPatient): Promise<void> {
  await db.insertInto('patients').values(patient).execute();
}

export function findPatientByMrn(db: Kysely<Database>, mrn: string): Promise<PatientRow | undefined> {
  return db.selectFrom('patients').selectAll().where('mrn', '=', mrn).executeTakeFirst();
}

export function findPatientById(db: Kysely<Database>, id: string): Promise<PatientRow | undefined> {
  return db.selectFrom('patients').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface PatientPage {
  rows: PatientRow[];
  total: number;
}

/**
 * One worklist page; `query` is a case-insensitive substring of "name mrn".
 * The evaluation filters and sorts (status, stage, assignee, followUpDue; updated, followUp, status)
 * need the evaluation join, which the evaluation feature adds; until then those sorts order by name.
 */
export async function listPatients(db: Kysely<Database>, q: WorklistQuery): Promise<PatientPage> {
  const query = q.query ?? '';
  let base = db.selectFrom('patients');
  if (query !== '') base = base.where((eb) => containsLower(eb.ref('search_text'), query));

  const countRow = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();

  const sort = q.sort ?? 'name';
  const dir = sort.startsWith('-') ? 'desc' : 'asc';
  let rows = base.selectAll();
  if (sort === 'mrn' || sort === '-mrn') rows = rows.orderBy('mrn', dir);
  // search_text begins with the lower-cased name: a case-insensitive name order that uses the index.
  else if (sort === 'name' || sort === '-name') rows = rows.orderBy('search_text', dir);
  else rows = rows.orderBy('search_text', 'asc');

  const page = await rows
    .orderBy('id')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return { rows: page, total: Number(countRow.n) };
}
