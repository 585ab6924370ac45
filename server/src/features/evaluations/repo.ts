import type { Amendment, AnswerChange } from '@rls/shared';
import type { Kysely } from 'kysely';
import { fromJson, toJson } from '../../db/dialect';
import type { Database, EvaluationRow } from '../../db/schema';
import type { EvaluationView, StoredSnapshot } from './model';

/** SQL of the evaluation feature. Every function takes `db` so it runs inside a transaction too. */

export function findEvaluationRow(db: Kysely<Database>, id: string): Promise<EvaluationRow | undefined> {
  return db.selectFrom('evaluations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The patient's open (draft or amending) evaluation; at most one exists (partial unique index). */
export function findOpenEvaluationRow(
  db: Kysely<Database>,
  patientId: string,
): Promise<EvaluationRow | undefined> {
  return db
    .selectFrom('evaluations')
    .selectAll()
    .where('patient_id', '=', patientId)
    .where('status', 'in', ['draft', 'amending'])
    .executeTakeFirst();
}

/** The patient's most recently signed evaluation (by signedAt), if any: what a follow-up carries from. */
export function findLatestSignedEvaluationRow(
  db: Kysely<Database>,
  patientId: string,
): Promise<EvaluationRow | undefined> {
  return db
    .selectFrom('evaluations')
    .selectAll()
    .where('patient_id', '=', patientId)
    .where('status', '=', 'signed')
    .orderBy('signed_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Every evaluation of a patient, newest first, except discarded drafts. */
export function listEvaluationRowsOfPatient(
  db: Kysely<Database>,
  patientId: string,
): Promise<EvaluationRow[]> {
  return db
    .selectFrom('evaluations')
    .selectAll()
    .where('patient_id', '=', patientId)
    .where('status', '!=', 'discarded')
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function insertEvaluationRow(db: Kysely<Database>, row: EvaluationRow): Promise<void> {
  await db.insertInto('evaluations').values(row).execute();
}

/**
 * Writes `row` only if the stored version is still `expectedVersion`; false when another writer got
 * there first (optimistic concurrency that holds across several app instances).
 */
export async function updateEvaluationRowIfVersion(
  db: Kysely<Database>,
  row: EvaluationRow,
  expectedVersion: number,
): Promise<boolean> {
  const { id, ...fields } = row;
  const result = await db
    .updateTable('evaluations')
    .set(fields)
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

type ChangeEvent = 'create' | 'update' | 'sign' | 'amend' | 'reassign' | 'demographics' | 'discard';

export interface ChangeRecord {
  evaluationId: string;
  version: number;
  at: string;
  by: string;
  event: ChangeEvent;
  changes: AnswerChange[];
  detail?: Record<string, unknown> | null;
}

export async function insertChange(db: Kysely<Database>, id: string, change: ChangeRecord): Promise<void> {
  await db
    .insertInto('evaluation_changes')
    .values({
      id,
      evaluation_id: change.evaluationId,
      version: change.version,
      at: change.at,
      by: change.by,
      event: change.event,
      changes: toJson(change.changes),
      detail: change.detail ? toJson(change.detail) : null,
    })
    .execute();
}

export interface ChangeRow {
  version: number;
  at: string;
  by: string;
  byName: string | null;
  event: ChangeEvent;
  changes: AnswerChange[];
  detail: Record<string, unknown> | null;
}

export async function listChanges(db: Kysely<Database>, evaluationId: string): Promise<ChangeRow[]> {
  const rows = await db
    .selectFrom('evaluation_changes as c')
    .leftJoin('users as u', 'u.id', 'c.by')
    .select(['c.version', 'c.at', 'c.by', 'c.event', 'c.changes', 'c.detail', 'u.name as byName'])
    .where('c.evaluation_id', '=', evaluationId)
    .orderBy('c.version')
    .execute();
  return rows.map((r) => ({
    version: Number(r.version),
    at: r.at,
    by: r.by,
    byName: r.byName ?? null,
    event: r.event as ChangeEvent,
    changes: fromJson<AnswerChange[]>(r.changes, []),
    detail: fromJson<Record<string, unknown> | null>(r.detail, null),
  }));
}

export async function insertSnapshot(db: Kysely<Database>, view: EvaluationView): Promise<void> {
  await db
    .insertInto('evaluation_versions')
    .values({
      evaluation_id: view.id,
      version: view.version,
      snapshot: toJson(view),
      signed_at: view.signedAt ?? view.updatedAt,
      signed_by: view.signedBy ?? view.assigneeId,
    })
    .execute();
}

/** A signed snapshot as stored; answer it through `loadSnapshot` (store.ts), which normalises it. */
export async function findSnapshot(
  db: Kysely<Database>,
  evaluationId: string,
  version: number,
): Promise<StoredSnapshot | undefined> {
  const row = await db
    .selectFrom('evaluation_versions')
    .select('snapshot')
    .where('evaluation_id', '=', evaluationId)
    .where('version', '=', version)
    .executeTakeFirst();
  return row ? fromJson<StoredSnapshot>(row.snapshot, undefined as never) : undefined;
}

export async function insertAmendment(
  db: Kysely<Database>,
  amendment: Amendment & { evaluationId: string },
): Promise<void> {
  await db
    .insertInto('amendments')
    .values({
      id: amendment.id,
      evaluation_id: amendment.evaluationId,
      reason: amendment.reason,
      by: amendment.by,
      at: amendment.at,
      from_version: amendment.fromVersion,
    })
    .execute();
}

export async function listAmendments(db: Kysely<Database>, evaluationId: string): Promise<Amendment[]> {
  const rows = await db
    .selectFrom('amendments')
    .selectAll()
    .where('evaluation_id', '=', evaluationId)
    .orderBy('at')
    .orderBy('from_version')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    reason: r.reason,
    by: r.by,
    at: r.at,
    fromVersion: Number(r.from_version),
  }));
}

/** Display names of users by id (unknown ids are left out). */
export async function userNames(
  db: Kysely<Database>,
  ids: Iterable<string | null | undefined>,
): Promise<Map<string, string>> {
  const wanted = [...new Set([...ids].filter((id): id is string => typeof id === 'string'))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** An active clinician by id, or undefined. */
export function findActiveClinician(
  db: Kysely<Database>,
  id: string,
): Promise<{ id: string; name: string } | undefined> {
  return db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('id', '=', id)
    .where('role', '=', 'clinician')
    .where('active', '=', 1)
    .executeTakeFirst();
}
