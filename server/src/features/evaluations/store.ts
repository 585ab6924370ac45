import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AppContext } from '../../context';
import type { Database, EvaluationRow, PatientRow } from '../../db/schema';
import { syncWorklist } from '../patients/repo';
import { recordEvaluationTransition } from '../workload/rollups';
import {
  fromRow,
  normaliseSnapshot,
  toRow,
  toView,
  type EvaluationState,
  type EvaluationView,
} from './model';
import {
  findEvaluationRow,
  findSnapshot,
  insertChange,
  insertEvaluationRow,
  insertSnapshot,
  listAmendments,
  updateEvaluationRowIfVersion,
  type ChangeRecord,
} from './repo';

/** Another writer changed the evaluation between our read and our write. */
export class StaleWriteError extends Error {
  constructor(readonly evaluationId: string) {
    super('evaluation changed concurrently');
    this.name = 'StaleWriteError';
  }
}

export type ChangeEntry = Omit<ChangeRecord, 'evaluationId' | 'version'>;

/**
 * THE one way an evaluation's state changes. Inside the caller's transaction (`db` is `trx`):
 * inserts (before = null) or updates the row only if its stored version is still `before.version`
 * (else StaleWriteError — two instances never overwrite each other), writes the version's change
 * row, the signed snapshot when the evaluation becomes signed, the patient's worklist summary and
 * the workload rollups.
 */
export async function saveEvaluation(
  db: Kysely<Database>,
  ctx: Pick<AppContext, 'config'>,
  before: EvaluationState | null,
  after: EvaluationState,
  change: ChangeEntry,
): Promise<void> {
  const row = toRow(after) as EvaluationRow;
  let beforeRow: EvaluationRow | null = null;
  if (before === null) {
    await insertEvaluationRow(db, row);
  } else {
    beforeRow = toRow(before) as EvaluationRow;
    if (!(await updateEvaluationRowIfVersion(db, row, before.version))) throw new StaleWriteError(after.id);
  }
  await insertChange(db, randomUUID(), { ...change, evaluationId: after.id, version: after.version });
  if (after.status === 'signed' && before?.status !== 'signed') {
    await insertSnapshot(db, await buildView(db, after));
  }
  await syncWorklist(db, after.patientId);
  await recordEvaluationTransition(db, ctx, beforeRow, row);
}

/** The patient fields the rules need. */
export function patientContextOf(patient: Pick<PatientRow, 'sex' | 'birth_date'>) {
  return { sex: patient.sex, birthDate: patient.birth_date };
}

/**
 * The API view of a state. A signed evaluation is a record: it reads as its snapshot of that
 * version, so a later change of the patient's demographics (which drives progress) or of a user's
 * name does not alter it. Open evaluations are built live.
 */
export async function loadView(db: Kysely<Database>, state: EvaluationState): Promise<EvaluationView> {
  if (state.status === 'signed') {
    const snapshot = await loadSnapshot(db, state, state.version);
    if (snapshot) return snapshot;
  }
  return buildView(db, state);
}

/** The snapshot signed at `version` of `state`'s evaluation, in today's shape (see normaliseSnapshot). */
export async function loadSnapshot(
  db: Kysely<Database>,
  state: Pick<EvaluationState, 'id' | 'startDate'>,
  version: number,
): Promise<EvaluationView | undefined> {
  const stored = await findSnapshot(db, state.id, version);
  return stored ? normaliseSnapshot(stored, state.startDate) : undefined;
}

/** The view from the current data: progress from the patient's demographics, amendments, names. */
async function buildView(db: Kysely<Database>, state: EvaluationState): Promise<EvaluationView> {
  // The patient and the two names in one query (every read of an open evaluation comes here).
  const row = await db
    .selectFrom('patients')
    .leftJoin('users as assignee', (join) => join.on('assignee.id', '=', state.assigneeId))
    .leftJoin('users as signer', (join) => join.on('signer.id', '=', state.signedBy ?? ''))
    .select([
      'patients.sex',
      'patients.birth_date',
      'assignee.name as assignee_name',
      'signer.name as signer_name',
    ])
    .where('patients.id', '=', state.patientId)
    .executeTakeFirstOrThrow();
  const names = new Map<string, string>();
  if (row.assignee_name !== null) names.set(state.assigneeId, row.assignee_name);
  if (state.signedBy && row.signer_name !== null) names.set(state.signedBy, row.signer_name);
  // One query at a time: inside a transaction there is one connection.
  const amendments = await listAmendments(db, state.id);
  return toView(state, patientContextOf(row), amendments, names);
}

/** The stored state of evaluation `id`; `tz` is the server time zone its start date is read in. */
export async function loadState(
  db: Kysely<Database>,
  id: string,
  tz: string,
): Promise<EvaluationState | undefined> {
  const row = await findEvaluationRow(db, id);
  return row ? fromRow(row, tz) : undefined;
}
