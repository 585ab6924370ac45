import { randomUUID } from 'node:crypto';
import {
  computeTrends,
  isFutureDate,
  STAGE_IDS,
  stageOfCode,
  getWorkup,
  type CurrentStage,
  type ListedStatus,
  type NextFollowUp,
  type TrendsDto,
  type Page,
  type Patient,
  type PatientCreateInput,
  type PatientDetail,
  type PatientPatchInput,
  type WorklistItem,
  type WorklistQuery,
} from '@rls/shared';
import type { AppContext } from '../../context';
import { isUniqueViolation } from '../../db/dialect';
import type { EvaluationRow, PatientRow } from '../../db/schema';
import { unitOfWork, type Actor } from '../../db/unit-of-work';
import { recordRead } from '../audit/read-buffer';
import { appendAudit } from '../../db/audit-log';
import { matchesVersion, type IfMatch } from '../../http/if-match';
import type { Checked } from '../../http/validate';
import { fromRow, keyValuesOf, type EvaluationState } from '../evaluations/model';
import { findOpenEvaluationRow, listEvaluationRowsOfPatient, userNames } from '../evaluations/repo';
import { patientContextOf, saveEvaluation } from '../evaluations/store';
import { rederiveForPatient } from '../evaluations/transitions';
import { todayIn, whenOf } from '../../time-zone';
import { ConflictError, NotFoundError, PreconditionFailedError, ValidationError } from '../../http/errors';
import {
  findPatientById,
  findPatientByMrn,
  insertPatient,
  listPatients,
  searchTextOf,
  syncWorklist,
  updatePatientIfVersion,
} from './repo';

function toPatientDto(
  row: Pick<PatientRow, 'id' | 'mrn' | 'name' | 'birth_date' | 'sex' | 'created_at' | 'updated_at'>,
): Patient {
  return {
    id: row.id,
    mrn: row.mrn,
    name: row.name,
    birthDate: row.birth_date,
    sex: row.sex,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A worklist page: each patient with its open-or-latest evaluation. */
export async function getWorklist(
  ctx: AppContext,
  actor: Actor,
  query: WorklistQuery,
): Promise<Page<WorklistItem>> {
  const { rows, total } = await listPatients(ctx.db, query, todayIn(ctx));
  recordRead(ctx, actor, {
    action: 'patients.list',
    category: 'patient',
    detail: { count: rows.length, total, page: query.page },
  });
  return {
    items: rows.map((r) => ({
      id: r.id,
      mrn: r.mrn,
      name: r.name,
      birthDate: r.birth_date,
      sex: r.sex,
      evaluation: r.latest_evaluation_id
        ? {
            id: r.latest_evaluation_id,
            status: r.worklist_status as ListedStatus, // syncWorklist skips discarded drafts
            currentStage: r.worklist_stage as CurrentStage,
            assigneeId: r.worklist_assignee_id,
            assigneeName: r.assignee_name,
            followUpDate: r.worklist_follow_up_date,
            updatedAt: r.worklist_updated_at,
          }
        : null,
    })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

function duplicateMrn(mrn: string): ConflictError {
  return new ConflictError(
    `A patient with this MRN (${mrn}) already exists.`,
    { field: 'mrn' },
    'duplicate_mrn',
  );
}

function futureBirthDate(): ValidationError {
  return new ValidationError([{ code: 'birthDate', reason: 'The birth date cannot be in the future.' }]);
}

function notFound(): NotFoundError {
  return new NotFoundError('This patient does not exist.');
}

export async function createPatient(
  ctx: AppContext,
  actor: Actor,
  input: PatientCreateInput,
): Promise<Patient> {
  if (isFutureDate(input.birthDate, todayIn(ctx))) throw futureBirthDate();
  const now = ctx.clock.now().toISOString();
  const row = {
    id: randomUUID(),
    mrn: input.mrn,
    name: input.name,
    birth_date: input.birthDate,
    sex: input.sex,
    search_text: searchTextOf(input.name, input.mrn),
    created_at: now,
    updated_at: now,
    created_by: actor.id,
    worklist_updated_at: now,
  };
  try {
    await unitOfWork(
      ctx,
      actor,
      {
        action: 'patient.create',
        category: 'patient',
        patientId: row.id,
        entity: 'patient',
        entityId: row.id,
        beforeVersion: null,
        afterVersion: 1,
      },
      async (trx) => {
        if (await findPatientByMrn(trx, row.mrn)) throw duplicateMrn(row.mrn);
        await insertPatient(trx, row);
      },
    );
  } catch (err) {
    if (isUniqueViolation(err, 'mrn')) throw duplicateMrn(row.mrn);
    throw err;
  }
  return toPatientDto(row);
}

/**
 * What the next visit is for: the latest signed evaluation's (by signedAt) planned follow-up date and
 * the iron recheck its plan implies (`assessment.followUp`); null without a signed evaluation or when
 * it planned neither. `today` is in the server time zone (the worklist's "follow-up due" alike).
 */
function nextFollowUpOf(evaluations: readonly EvaluationState[], today: string): NextFollowUp | null {
  const latest = evaluations
    .filter((e) => e.status === 'signed' && e.signedAt !== null)
    .reduce<EvaluationState | undefined>(
      (best, e) => (best === undefined || e.signedAt! > best.signedAt! ? e : best),
      undefined,
    );
  if (!latest) return null;
  const date = latest.plan.followUpDate;
  const recheck = latest.assessment.followUp;
  if (date === null && recheck === null) return null;
  return {
    evaluationId: latest.id,
    date,
    due: date !== null && date <= today,
    weeks: recheck?.weeks ?? null,
    reason: recheck?.reason ?? null,
  };
}

type ListedState = EvaluationState & { status: ListedStatus };

/**
 * The patient's evaluations as listed: discarded drafts are left out (listEvaluationRowsOfPatient
 * already leaves them out; this keeps the detail, its follow-up and the trends from ever showing one).
 */
function listedStates(rows: readonly EvaluationRow[], tz: string): ListedState[] {
  return rows.map((row) => fromRow(row, tz)).filter((e): e is ListedState => e.status !== 'discarded');
}

/** `tz`: the server time zone, which the evaluations' start dates are read in; `today` in it. */
async function detailOf(
  db: AppContext['db'],
  tz: string,
  today: string,
  patient: PatientRow,
): Promise<PatientDetail> {
  const rows = await listEvaluationRowsOfPatient(db, patient.id);
  const names = await userNames(
    db,
    rows.flatMap((r) => [r.assignee_id, r.signed_by]),
  );
  const context = patientContextOf(patient);
  const states = listedStates(rows, tz);
  return {
    ...toPatientDto(patient),
    version: Number(patient.version),
    followUp: nextFollowUpOf(states, today),
    evaluations: states.map((e) => ({
      id: e.id,
      status: e.status,
      workflowVersion: e.workflowVersion,
      startedAt: e.startedAt,
      updatedAt: e.updatedAt,
      signedAt: e.signedAt,
      signedBy: e.signedBy,
      signedByName: e.signedBy ? (names.get(e.signedBy) ?? null) : null,
      assigneeId: e.assigneeId,
      assigneeName: names.get(e.assigneeId) ?? null,
      currentStage: e.currentStage,
      followUpDate: e.plan.followUpDate,
      keyValues: keyValuesOf(e.answers, context, e.startDate),
    })),
  };
}

/** GET /api/patients/:id */
export async function getPatientDetail(ctx: AppContext, actor: Actor, id: string): Promise<PatientDetail> {
  const patient = await findPatientById(ctx.db, id);
  if (!patient) throw notFound();
  const detail = await detailOf(ctx.db, ctx.config.tz, todayIn(ctx), patient);
  recordRead(ctx, actor, {
    action: 'patient.read',
    category: 'patient',
    patientId: id,
    entity: 'patient',
    entityId: id,
    afterVersion: detail.version,
  });
  return detail;
}

/**
 * GET /api/patients/:id/trends: the measured values of every evaluation of the patient (signed, and
 * open ones as they stand — an amendment's values replace the signed ones), the treatment starts and
 * stops of the plans and the augmentation features (`computeTrends` of @rls/shared). A PHI read:
 * audited as `patient.read` with `view: trends`.
 */
export async function getPatientTrends(ctx: AppContext, actor: Actor, id: string): Promise<TrendsDto> {
  const patient = await findPatientById(ctx.db, id);
  if (!patient) throw notFound();
  const rows = await listEvaluationRowsOfPatient(ctx.db, id);
  const trends = computeTrends(listedStates(rows, ctx.config.tz));
  recordRead(ctx, actor, {
    action: 'patient.read',
    category: 'patient',
    patientId: id,
    entity: 'patient',
    entityId: id,
    afterVersion: Number(patient.version),
    detail: { view: 'trends' },
  });
  return trends;
}

type Demographics = Pick<PatientRow, 'mrn' | 'name' | 'birth_date' | 'sex'>;
type When = ReturnType<typeof whenOf>;

/**
 * The checks that outrank an invalid body, in order: 409 duplicate MRN (when the MRN field alone is
 * valid), then 412 when If-Match names another version than `seen`.
 */
async function checkPatchPreconditions(
  ctx: AppContext,
  seen: PatientRow,
  ifMatch: IfMatch | undefined,
  body: Checked<PatientPatchInput>,
): Promise<void> {
  const mrn = body.field('mrn');
  if (mrn !== undefined && mrn !== seen.mrn) {
    const other = await findPatientByMrn(ctx.db, mrn);
    if (other && other.id !== seen.id) throw duplicateMrn(mrn);
  }
  if (ifMatch && !matchesVersion(ifMatch, Number(seen.version))) {
    throw new PreconditionFailedError('Someone else changed this patient after you opened it.', {
      current: await detailOf(ctx.db, ctx.config.tz, todayIn(ctx), seen),
    });
  }
}

/** The demographics after the patch, and the fields whose value it changes. */
function patchedDemographics(seen: PatientRow, input: PatientPatchInput) {
  const next: Demographics = {
    mrn: input.mrn ?? seen.mrn,
    name: input.name ?? seen.name,
    birth_date: input.birthDate ?? seen.birth_date,
    sex: input.sex ?? seen.sex,
  };
  const fields = (Object.keys(next) as (keyof Demographics)[]).filter((k) => next[k] !== seen[k]);
  return { next, fields };
}

/** Writes `next` when the patient is still at the version read (else 412, or 404 when it is gone). */
async function storeDemographics(
  trx: AppContext['db'],
  ctx: AppContext,
  seen: PatientRow,
  next: Demographics,
  when: When,
): Promise<void> {
  if (next.mrn !== seen.mrn) {
    const other = await findPatientByMrn(trx, next.mrn);
    if (other && other.id !== seen.id) throw duplicateMrn(next.mrn);
  }
  const seenVersion = Number(seen.version);
  const stored = await updatePatientIfVersion(
    trx,
    seen.id,
    {
      ...next,
      search_text: searchTextOf(next.name, next.mrn),
      updated_at: when.now,
      version: seenVersion + 1,
    },
    seenVersion,
  );
  if (stored) return;
  const current = await findPatientById(trx, seen.id);
  if (!current) throw notFound();
  throw new PreconditionFailedError('Someone else changed this patient at the same time.', {
    current: await detailOf(trx, ctx.config.tz, todayIn(ctx), current),
  });
}

/**
 * After a change of sex or birth date: re-derives the patient's open evaluation, if any, as a new
 * version (event `demographics`) with its own audit entry, when the change clears answers or moves
 * the assessment.
 */
async function rederiveOpenEvaluation(
  trx: AppContext['db'],
  ctx: AppContext,
  actor: Actor,
  patientId: string,
  next: Demographics,
  fields: readonly (keyof Demographics)[],
  when: When,
): Promise<void> {
  const open = await findOpenEvaluationRow(trx, patientId);
  if (!open) return;
  const before = fromRow(open, ctx.config.tz);
  const result = rederiveForPatient(before, patientContextOf(next), when);
  if (!result.changed) return;
  await saveEvaluation(trx, ctx, before, result.state, {
    event: 'demographics',
    by: actor.id,
    at: when.now,
    changes: result.changes,
    detail: { fields: fields.filter((f) => f === 'sex' || f === 'birth_date') },
  });
  const workup = getWorkup(before.workflowVersion);
  const stages = new Set(result.changes.map((c) => stageOfCode(workup, c.code)));
  await appendAudit(trx, ctx, {
    actor,
    action: 'evaluation.update',
    category: STAGE_IDS.filter((s) => stages.has(s)).join(',') || 'assessment',
    patientId,
    entity: 'evaluation',
    entityId: before.id,
    beforeVersion: before.version,
    afterVersion: result.state.version,
    detail: { cause: 'patient.update', cleared: result.changes.length },
  });
}

/**
 * PATCH /api/patients/:id: edits demographics (optional If-Match on the patient's version). A
 * change of sex or birth date re-derives the open evaluation in the same transaction: answers the
 * new sex disables are cleared (docs/architecture.md, "Data flow of one save") and the assessment
 * is recomputed, as a new evaluation version recorded in its history (event `demographics`).
 * Signed evaluations are never touched.
 * Checks: 404 → 409 duplicate MRN → 412 stale → 422.
 */
export async function updatePatient(
  ctx: AppContext,
  actor: Actor,
  id: string,
  ifMatch: IfMatch | undefined,
  body: Checked<PatientPatchInput>,
): Promise<PatientDetail> {
  const seen = await findPatientById(ctx.db, id);
  if (!seen) throw notFound();
  await checkPatchPreconditions(ctx, seen, ifMatch, body);
  const input = body.value();
  const when = whenOf(ctx);
  if (input.birthDate !== undefined && isFutureDate(input.birthDate, when.today)) throw futureBirthDate();

  const { next, fields } = patchedDemographics(seen, input);
  if (fields.length === 0) return detailOf(ctx.db, ctx.config.tz, todayIn(ctx), seen);

  const seenVersion = Number(seen.version);
  try {
    await unitOfWork(
      ctx,
      actor,
      {
        action: 'patient.update',
        category: 'patient',
        patientId: id,
        entity: 'patient',
        entityId: id,
        beforeVersion: seenVersion,
        afterVersion: seenVersion + 1,
        detail: { fields: fields.map((f) => (f === 'birth_date' ? 'birthDate' : f)) },
      },
      async (trx) => {
        await storeDemographics(trx, ctx, seen, next, when);
        if (next.sex !== seen.sex || next.birth_date !== seen.birth_date) {
          await rederiveOpenEvaluation(trx, ctx, actor, id, next, fields, when);
        }
        await syncWorklist(trx, id);
      },
    );
  } catch (err) {
    if (isUniqueViolation(err, 'mrn')) throw duplicateMrn(next.mrn);
    throw err;
  }
  const updated = await findPatientById(ctx.db, id);
  if (!updated) throw notFound();
  return detailOf(ctx.db, ctx.config.tz, todayIn(ctx), updated);
}
