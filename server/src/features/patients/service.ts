import { randomUUID } from 'node:crypto';
import {
  isFutureDate,
  patientPatchSchema,
  STAGE_IDS,
  stageOfCode,
  getWorkflow,
  type CurrentStage,
  type EvaluationStatus,
  type Page,
  type Patient,
  type PatientCreateInput,
  type WorklistItem,
  type WorklistQuery,
} from '@rls/shared';
import type { AppContext } from '../../context';
import { isUniqueViolation } from '../../db/dialect';
import type { PatientRow } from '../../db/schema';
import { unitOfWork, type Actor } from '../../db/unit-of-work';
import { recordRead } from '../audit/read-buffer';
import { appendAudit } from '../audit/repo';
import { matchesVersion, type IfMatch } from '../evaluations/if-match';
import { fromRow, keyValuesOf, type KeyValues } from '../evaluations/model';
import { findOpenEvaluationRow, listEvaluationRowsOfPatient, userNames } from '../evaluations/repo';
import { patientContextOf, saveEvaluation } from '../evaluations/store';
import { rederiveForPatient } from '../evaluations/transitions';
import { todayIn, whenOf } from '../evaluations/when';
import {
  ConflictError,
  NotFoundError,
  PreconditionFailedError,
  ValidationError,
  zodItems,
} from '../../http/errors';
import {
  findPatientById,
  findPatientByMrn,
  insertPatient,
  listPatients,
  searchTextOf,
  syncWorklist,
  updatePatientIfVersion,
} from './repo';

export function toPatientDto(
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

/** One evaluation in GET /api/patients/:id. */
export interface PatientEvaluationSummary {
  id: string;
  status: EvaluationStatus;
  workflowVersion: number;
  startedAt: string;
  updatedAt: string;
  signedAt: string | null;
  signedBy: string | null;
  signedByName: string | null;
  assigneeId: string;
  assigneeName: string | null;
  currentStage: CurrentStage;
  followUpDate: string | null;
  keyValues: KeyValues;
}

/** GET /api/patients/:id: the patient with its evaluations, newest first. */
export interface PatientDetail extends Patient {
  version: number;
  evaluations: PatientEvaluationSummary[];
}

/** A worklist page: each patient with its open-or-latest evaluation (SPEC §3). */
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
            status: r.worklist_status as EvaluationStatus,
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
  return new ConflictError(`A patient with MRN ${mrn} already exists.`, { field: 'mrn' }, 'duplicate_mrn');
}

function futureBirthDate(): ValidationError {
  return new ValidationError([{ code: 'birthDate', reason: 'The birth date cannot be in the future.' }]);
}

/** The body's MRN when that field alone is valid (a duplicate MRN outranks other invalid fields). */
function validMrnOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !('mrn' in body)) return undefined;
  const result = patientPatchSchema.safeParse({ mrn: body.mrn });
  return result.success ? result.data.mrn : undefined;
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

/** `tz`: the server time zone, which the evaluations' start dates are read in. */
async function detailOf(db: AppContext['db'], tz: string, patient: PatientRow): Promise<PatientDetail> {
  const rows = await listEvaluationRowsOfPatient(db, patient.id);
  const names = await userNames(
    db,
    rows.flatMap((r) => [r.assignee_id, r.signed_by]),
  );
  const context = patientContextOf(patient);
  return {
    ...toPatientDto(patient),
    version: Number(patient.version),
    evaluations: rows.map((row) => {
      const e = fromRow(row, tz);
      return {
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
      };
    }),
  };
}

/** GET /api/patients/:id */
export async function getPatientDetail(ctx: AppContext, actor: Actor, id: string): Promise<PatientDetail> {
  const patient = await findPatientById(ctx.db, id);
  if (!patient) throw notFound();
  const detail = await detailOf(ctx.db, ctx.config.tz, patient);
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
 * PATCH /api/patients/:id: edits demographics (optional If-Match on the patient's version). A
 * change of sex or birth date re-derives the open evaluation in the same transaction: answers the
 * new sex disables are cleared (SPEC §1) and the assessment is recomputed, as a new evaluation
 * version recorded in its history (event `demographics`). Signed evaluations are never touched.
 * Checks: 404 → 409 duplicate MRN → 412 stale → 422.
 */
export async function updatePatient(
  ctx: AppContext,
  actor: Actor,
  id: string,
  ifMatch: IfMatch | undefined,
  body: unknown,
): Promise<PatientDetail> {
  const seen = await findPatientById(ctx.db, id);
  if (!seen) throw notFound();
  const parsed = patientPatchSchema.safeParse(body ?? {});
  const input = parsed.success ? parsed.data : {};
  const mrn = parsed.success ? input.mrn : validMrnOf(body);
  if (mrn !== undefined && mrn !== seen.mrn) {
    const other = await findPatientByMrn(ctx.db, mrn);
    if (other && other.id !== id) throw duplicateMrn(mrn);
  }
  const seenVersion = Number(seen.version);
  if (ifMatch && !matchesVersion(ifMatch, seenVersion)) {
    throw new PreconditionFailedError('Someone else changed this patient after you opened it.', {
      current: await detailOf(ctx.db, ctx.config.tz, seen),
    });
  }
  if (!parsed.success) throw new ValidationError(zodItems(parsed.error));
  const when = whenOf(ctx);
  if (input.birthDate !== undefined && isFutureDate(input.birthDate, when.today)) throw futureBirthDate();

  const next = {
    mrn: input.mrn ?? seen.mrn,
    name: input.name ?? seen.name,
    birth_date: input.birthDate ?? seen.birth_date,
    sex: input.sex ?? seen.sex,
  };
  const fields = (Object.keys(next) as (keyof typeof next)[]).filter((k) => next[k] !== seen[k]);
  if (fields.length === 0) return detailOf(ctx.db, ctx.config.tz, seen);

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
        if (next.mrn !== seen.mrn) {
          const other = await findPatientByMrn(trx, next.mrn);
          if (other && other.id !== id) throw duplicateMrn(next.mrn);
        }
        const stored = await updatePatientIfVersion(
          trx,
          id,
          {
            ...next,
            search_text: searchTextOf(next.name, next.mrn),
            updated_at: when.now,
            version: seenVersion + 1,
          },
          seenVersion,
        );
        if (!stored) {
          const current = await findPatientById(trx, id);
          if (!current) throw notFound();
          throw new PreconditionFailedError('Someone else changed this patient at the same time.', {
            current: await detailOf(trx, ctx.config.tz, current),
          });
        }
        if (next.sex !== seen.sex || next.birth_date !== seen.birth_date) {
          const open = await findOpenEvaluationRow(trx, id);
          if (open) {
            const before = fromRow(open, ctx.config.tz);
            const result = rederiveForPatient(before, patientContextOf(next), when);
            if (result.changed) {
              await saveEvaluation(trx, ctx, before, result.state, {
                event: 'demographics',
                by: actor.id,
                at: when.now,
                changes: result.changes,
                detail: { fields: fields.filter((f) => f === 'sex' || f === 'birth_date') },
              });
              const workflow = getWorkflow(before.workflowVersion);
              const stages = new Set(result.changes.map((c) => stageOfCode(workflow, c.code)));
              await appendAudit(trx, ctx, {
                actor,
                action: 'evaluation.update',
                category: STAGE_IDS.filter((s) => stages.has(s)).join(',') || 'assessment',
                patientId: id,
                entity: 'evaluation',
                entityId: before.id,
                beforeVersion: before.version,
                afterVersion: result.state.version,
                detail: { cause: 'patient.update', cleared: result.changes.length },
              });
            }
          }
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
  return detailOf(ctx.db, ctx.config.tz, updated);
}
