import type { Bundle } from '@medplum/fhirtypes';
import { getWorkup, type LabImportResult } from '@rls/shared';
import type { AppContext } from '../../context';
import { unitOfWork, type Actor } from '../../db/unit-of-work';
import { HttpError, NotFoundError, ValidationError } from '../../http/errors';
import type { IfMatch } from '../../http/if-match';
import type { EvaluationState, EvaluationView } from '../evaluations/model';
import {
  checkWritable,
  closedConflict,
  readAudit,
  requireSignedVersion,
  requireState,
  reread,
  staleAfterRace,
} from '../evaluations/service';
import { loadView, patientContextOf, saveEvaluation, StaleWriteError } from '../evaluations/store';
import { applyEdit } from '../evaluations/transitions';
import { findPatientById } from '../patients/repo';
import { whenOf } from '../../time-zone';
import { buildEvaluationBundle } from './bundle';
import { matchPatient, planLabImport, type ParsedImport } from './lab-import';

/**
 * The FHIR stories (docs/fhir.md): an evaluation or one of its signed versions exported as a document
 * Bundle (a PHI read, audited like any evaluation read), and lab results imported into the labs stage
 * through the evaluation's one write path (`applyEdit` → `saveEvaluation` in a unit of work, audited
 * as a save), with the same 404 → 428 → 409 → 412 → 422 order as a PATCH.
 */

async function bundleOf(ctx: AppContext, view: EvaluationView): Promise<Bundle> {
  const patient = await findPatientById(ctx.db, view.patientId);
  if (!patient) throw new NotFoundError('This evaluation does not exist.');
  return buildEvaluationBundle({
    evaluation: view,
    patient: {
      id: patient.id,
      mrn: patient.mrn,
      name: patient.name,
      birthDate: patient.birth_date,
      sex: patient.sex,
    },
    workup: getWorkup(view.workflowVersion),
  });
}

/** GET /api/evaluations/:id/fhir: the evaluation as it stands (a signed one as signed). */
export async function exportEvaluation(ctx: AppContext, actor: Actor, id: string): Promise<Bundle> {
  const state = await requireState(ctx, ctx.db, id);
  const bundle = await bundleOf(ctx, await loadView(ctx.db, state));
  readAudit(ctx, actor, state, { view: 'fhir' });
  return bundle;
}

/** GET /api/evaluations/:id/versions/:version/fhir: one signed version, exactly as signed. */
export async function exportSignedVersion(
  ctx: AppContext,
  actor: Actor,
  id: string,
  versionParam: string,
): Promise<Bundle> {
  const { state, version, snapshot } = await requireSignedVersion(ctx, id, versionParam);
  const bundle = await bundleOf(ctx, snapshot);
  readAudit(ctx, actor, state, { view: 'fhir', version });
  return bundle;
}

export interface LabImportRequest {
  preview: boolean;
  ifMatch: IfMatch | undefined;
  /** The body, read once the checks that come before a 422 have passed (against that workup version). */
  parse: (workflowVersion: number) => ParsedImport;
}

function parsedRows(request: LabImportRequest, state: EvaluationState) {
  const parsed = request.parse(state.workflowVersion);
  if (!parsed.ok) throw new ValidationError(parsed.items);
  return parsed;
}

type Parsed = Extract<ParsedImport, { ok: true }>;

/**
 * The evaluation's patient, after checking that the input does not say the results are someone
 * else's: 422 `wrong_patient` naming the field (never the other patient's MRN: PHI).
 */
async function patientChecked(db: AppContext['db'], state: EvaluationState, parsed: Parsed) {
  const patient = await findPatientById(db, state.patientId);
  if (!patient) throw new NotFoundError('This evaluation does not exist.');
  const match = matchPatient(parsed.patient, { mrn: patient.mrn, birthDate: patient.birth_date });
  if (!match.ok) {
    throw new HttpError(422, 'wrong_patient', match.message, { field: match.field, entry: match.entry });
  }
  return { context: patientContextOf(patient), patientMatch: match.patientMatch };
}

function editOf(plan: ReturnType<typeof planLabImport>) {
  return {
    answers: plan.answers,
    notDone: Object.fromEntries(plan.clearNotDone.map((code) => [code, null])),
  };
}

/**
 * POST /api/evaluations/:id/labs/import. A preview writes nothing (still 404, 409 for a signed or
 * discarded evaluation); applying needs If-Match like a save and stores every filled result or none.
 */
export async function importLabs(
  ctx: AppContext,
  actor: Actor,
  id: string,
  request: LabImportRequest,
): Promise<LabImportResult> {
  const seen = await requireState(ctx, ctx.db, id);
  const workup = getWorkup(seen.workflowVersion);
  if (request.preview) {
    const closed = closedConflict(seen);
    if (closed) throw closed;
    const parsed = parsedRows(request, seen);
    const { patientMatch } = await patientChecked(ctx.db, seen, parsed);
    const plan = planLabImport(workup, seen, parsed.rows);
    readAudit(ctx, actor, seen, { view: 'lab-import-preview' });
    return { applied: false, filled: plan.filled, skipped: plan.skipped, patientMatch };
  }

  await checkWritable(ctx, seen, request.ifMatch);
  const parsed = parsedRows(request, seen);
  const { context, patientMatch } = await patientChecked(ctx.db, seen, parsed);
  const plan = planLabImport(workup, seen, parsed.rows);
  if (plan.filled.length === 0) {
    throw new HttpError(
      422,
      'nothing_to_import',
      plan.skipped.length === 0
        ? 'There is no lab result to import in this file.'
        : `None of the ${plan.skipped.length} results could be imported; see the reasons listed.`,
      { skipped: plan.skipped },
    );
  }
  const when = whenOf(ctx);
  const check = applyEdit(seen, context, editOf(plan), when);
  if (!check.ok) throw new ValidationError(check.items);
  const result = (evaluation: EvaluationView, p = plan): LabImportResult => ({
    applied: true,
    filled: p.filled,
    skipped: p.skipped,
    evaluation,
    patientMatch,
  });
  if (!check.changed) return result(await loadView(ctx.db, seen)); // the same values: same version

  try {
    return await unitOfWork(
      ctx,
      actor,
      (r: { out: LabImportResult; state: EvaluationState; categories: string[] }) => ({
        action: 'evaluation.update',
        category: r.categories.join(',') || null,
        patientId: seen.patientId,
        entity: 'evaluation',
        entityId: id,
        beforeVersion: seen.version,
        afterVersion: r.state.version,
        detail: {
          source: 'lab-import',
          format: parsed.format,
          filled: r.out.filled.length,
          skipped: r.out.skipped.length,
        },
      }),
      async (trx) => {
        const before = await reread(ctx, trx, id, seen, { openOnly: true });
        // The patient as the transaction sees it (an MRN may have been corrected meanwhile).
        const { context: now } = await patientChecked(trx, before, parsed);
        const again = planLabImport(workup, before, parsed.rows);
        const edit = applyEdit(before, now, editOf(again), when);
        if (!edit.ok) throw new ValidationError(edit.items);
        if (edit.changed) {
          await saveEvaluation(trx, ctx, before, edit.state, {
            event: 'update',
            by: actor.id,
            at: when.now,
            changes: edit.changes,
            detail: { source: 'lab-import' },
          });
        }
        return {
          out: result(await loadView(trx, edit.state), again),
          state: edit.state,
          categories: edit.categories,
        };
      },
    ).then((r) => r.out);
  } catch (err) {
    if (err instanceof StaleWriteError) return staleAfterRace(ctx, id);
    throw err;
  }
}
