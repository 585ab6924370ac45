import { randomUUID } from 'node:crypto';
import { carryForward, CURRENT_WORKUP_VERSION, getWorkup } from '@rls/shared';
import type {
  AmendmentInput,
  AnswerMeta,
  Answers,
  AssigneeInput,
  AssignmentView,
  DiscardInput,
  EvaluationCreateInput,
  EvaluationPatchInput,
  HistoryEntry,
  PatientContext,
  SignInput,
} from '@rls/shared';
import type { AppContext } from '../../context';
import { isUniqueViolation } from '../../db/dialect';
import { unitOfWork, type Actor } from '../../db/unit-of-work';
import { recordRead } from '../audit/read-buffer';
import {
  ConflictError,
  HttpError,
  NotFoundError,
  PreconditionFailedError,
  PreconditionRequiredError,
  ValidationError,
} from '../../http/errors';
import { matchesVersion, type IfMatch } from '../../http/if-match';
import type { Checked } from '../../http/validate';
import { findPatientById } from '../patients/repo';
import { fromRow, type EvaluationState, type EvaluationView } from './model';
import {
  findActiveClinician,
  findLatestSignedEvaluationRow,
  findOpenEvaluationRow,
  insertAmendment,
  listChanges,
  userNames,
} from './repo';
import {
  loadSnapshot,
  loadState,
  loadView,
  patientContextOf,
  saveEvaluation,
  StaleWriteError,
} from './store';
import {
  applyEdit,
  discardState,
  reassignState,
  reopenState,
  signState,
  startEvaluation,
} from './transitions';
import { dateIn, whenOf } from '../../time-zone';

/**
 * The stories of the evaluation endpoints (the OpenAPI document). Checks run in the contract's order —
 * 404 → 428 missing If-Match → 409 state conflict → 412 stale → 422 invalid — first on a read outside
 * the transaction (cheap refusals), then again on a re-read inside it, where the write itself is
 * conditional on the version (saveEvaluation), so two app instances never overwrite each other.
 */

function notFound(): NotFoundError {
  return new NotFoundError('This evaluation does not exist.');
}

function signedConflict(): ConflictError {
  return new ConflictError(
    'This evaluation is signed and locked. Amend it to make changes.',
    { status: 'signed' },
    'signed',
  );
}

function discardedConflict(): ConflictError {
  return new ConflictError(
    'This evaluation was discarded and can no longer be changed. Start a new evaluation instead.',
    { status: 'discarded' },
    'discarded',
  );
}

/** 409 when the state cannot take a save, sign-off or reassignment: signed, or discarded. */
export function closedConflict(state: Pick<EvaluationState, 'status'>): ConflictError | null {
  if (state.status === 'signed') return signedConflict();
  if (state.status === 'discarded') return discardedConflict();
  return null;
}

function openConflict(evaluationId: string): ConflictError {
  return new ConflictError(
    'This patient already has an open evaluation; continue that one.',
    { evaluationId },
    'open_evaluation_exists',
  );
}

function staleError(current: EvaluationView): PreconditionFailedError {
  return new PreconditionFailedError(
    'Someone else saved this evaluation after you opened it. Review their changes and save again.',
    { current },
  );
}

export async function requireState(
  ctx: AppContext,
  db: AppContext['db'],
  id: string,
): Promise<EvaluationState> {
  const state = await loadState(db, id, ctx.config.tz);
  if (!state) throw notFound();
  return state;
}

async function patientOf(db: AppContext['db'], state: EvaluationState) {
  const patient = await findPatientById(db, state.patientId);
  if (!patient) throw notFound();
  return patientContextOf(patient);
}

/** 404 → 428 → 409 signed or discarded → 412 stale, on `state`. */
export async function checkWritable(ctx: AppContext, state: EvaluationState, ifMatch: IfMatch | undefined) {
  if (!ifMatch) throw new PreconditionRequiredError();
  const closed = closedConflict(state);
  if (closed) throw closed;
  if (!matchesVersion(ifMatch, state.version)) throw staleError(await loadView(ctx.db, state));
}

/** Re-read inside the transaction: still there, still open, still the version the request saw. */
export async function reread(
  ctx: AppContext,
  trx: AppContext['db'],
  id: string,
  seen: EvaluationState,
  opts: { openOnly: boolean },
): Promise<EvaluationState> {
  const before = await loadState(trx, id, ctx.config.tz);
  if (!before) throw notFound();
  const closed = opts.openOnly ? closedConflict(before) : null;
  if (closed) throw closed;
  if (before.version !== seen.version) throw staleError(await loadView(trx, before));
  return before;
}

/** A conditional write lost a race on PostgreSQL: answer 412 with what is stored now. */
export async function staleAfterRace(ctx: AppContext, id: string): Promise<never> {
  throw staleError(await loadView(ctx.db, await requireState(ctx, ctx.db, id)));
}

export function readAudit(
  ctx: AppContext,
  actor: Actor,
  state: EvaluationState,
  detail?: Record<string, unknown>,
) {
  recordRead(ctx, actor, {
    action: 'evaluation.read',
    category: 'evaluation',
    patientId: state.patientId,
    entity: 'evaluation',
    entityId: state.id,
    afterVersion: state.version,
    ...(detail ? { detail } : {}),
  });
}

/** GET /api/evaluations/:id */
export async function getEvaluation(ctx: AppContext, actor: Actor, id: string): Promise<EvaluationView> {
  const state = await requireState(ctx, ctx.db, id);
  const view = await loadView(ctx.db, state);
  readAudit(ctx, actor, state);
  return view;
}

/**
 * What a follow-up visit starts with: the stable history of the patient's latest signed evaluation
 * (by signedAt, its signed answers and plan; `carryForward` of @rls/shared), or nothing without one.
 */
async function carriedFrom(
  ctx: AppContext,
  db: AppContext['db'],
  patientId: string,
  patient: PatientContext,
): Promise<{ answers: Answers; answerMeta: AnswerMeta; from: string | null }> {
  const row = await findLatestSignedEvaluationRow(db, patientId);
  if (!row?.signed_at) return { answers: {}, answerMeta: {}, from: null };
  const previous = fromRow(row, ctx.config.tz);
  const carried = carryForward(getWorkup(CURRENT_WORKUP_VERSION), patient, {
    id: previous.id,
    answers: previous.answers,
    plan: previous.plan,
    signedDate: dateIn(ctx.config.tz, new Date(row.signed_at)),
  });
  return { ...carried, from: previous.id };
}

/**
 * POST /api/patients/:id/evaluations: a new draft assigned to the caller. Unless `carryForward` is
 * false, a follow-up visit starts with the stable history of the latest signed evaluation, each answer
 * marked `carriedFrom` (the create's history entry lists them as changes).
 */
export async function createEvaluation(
  ctx: AppContext,
  actor: Actor,
  patientId: string,
  body: Checked<EvaluationCreateInput>,
): Promise<EvaluationView> {
  const patient = await findPatientById(ctx.db, patientId);
  if (!patient) throw new NotFoundError('This patient does not exist.');
  const open = await findOpenEvaluationRow(ctx.db, patientId);
  if (open) throw openConflict(open.id);
  const { carryForward: carry = true } = body.value();
  const context = patientContextOf(patient);
  const id = randomUUID();
  const when = whenOf(ctx);

  try {
    return await unitOfWork(
      ctx,
      actor,
      (view: EvaluationView) => ({
        action: 'evaluation.create',
        category: 'evaluation',
        patientId,
        entity: 'evaluation',
        entityId: id,
        beforeVersion: null,
        afterVersion: view.version,
      }),
      async (trx) => {
        const racing = await findOpenEvaluationRow(trx, patientId);
        if (racing) throw openConflict(racing.id);
        const carried = carry
          ? await carriedFrom(ctx, trx, patientId, context)
          : { answers: {}, answerMeta: {}, from: null };
        const state = startEvaluation({ id, patientId, by: actor.id }, context, when, carried);
        await saveEvaluation(trx, ctx, null, state, {
          event: 'create',
          by: actor.id,
          at: state.startedAt,
          changes: Object.entries(state.answers).map(([code, to]) => ({ code, from: null, to })),
          ...(carried.from ? { detail: { carriedFrom: carried.from } } : {}),
        });
        return loadView(trx, state);
      },
    );
  } catch (err) {
    // Another instance opened one between our check and our insert (partial unique index).
    if (isUniqueViolation(err, 'evaluations_one_open_per_patient') || isUniqueViolation(err, 'patient_id')) {
      const winner = await findOpenEvaluationRow(ctx.db, patientId);
      if (winner) throw openConflict(winner.id);
    }
    throw err;
  }
}

/** PATCH /api/evaluations/:id: answers, not-done marks and plan, all or nothing. */
export async function patchEvaluation(
  ctx: AppContext,
  actor: Actor,
  id: string,
  ifMatch: IfMatch | undefined,
  body: Checked<EvaluationPatchInput>,
): Promise<EvaluationView> {
  const seen = await requireState(ctx, ctx.db, id);
  await checkWritable(ctx, seen, ifMatch);
  const input = body.value();
  const when = whenOf(ctx);

  const preview = applyEdit(seen, await patientOf(ctx.db, seen), input, when);
  if (!preview.ok) throw new ValidationError(preview.items);
  if (!preview.changed) return loadView(ctx.db, seen); // nothing to store: same version

  try {
    return await unitOfWork(
      ctx,
      actor,
      (r: { view: EvaluationView; categories: string[] }) => ({
        action: 'evaluation.update',
        category: r.categories.join(',') || null,
        patientId: seen.patientId,
        entity: 'evaluation',
        entityId: id,
        beforeVersion: seen.version,
        afterVersion: r.view.version,
      }),
      async (trx) => {
        const before = await reread(ctx, trx, id, seen, { openOnly: true });
        const result = applyEdit(before, await patientOf(trx, before), input, when);
        if (!result.ok) throw new ValidationError(result.items);
        if (result.changed) {
          await saveEvaluation(trx, ctx, before, result.state, {
            event: 'update',
            by: actor.id,
            at: when.now,
            changes: result.changes,
          });
        }
        return { view: await loadView(trx, result.state), categories: result.categories };
      },
    ).then((r) => r.view);
  } catch (err) {
    if (err instanceof StaleWriteError) return staleAfterRace(ctx, id);
    throw err;
  }
}

/** POST /api/evaluations/:id/sign */
export async function signEvaluation(
  ctx: AppContext,
  actor: Actor,
  id: string,
  ifMatch: IfMatch | undefined,
  body: Checked<SignInput>,
): Promise<EvaluationView> {
  const seen = await requireState(ctx, ctx.db, id);
  await checkWritable(ctx, seen, ifMatch);
  body.value();
  const when = whenOf(ctx);
  const preview = signState(seen, await patientOf(ctx.db, seen), actor.id, when);
  if (!preview.ok) {
    throw new HttpError(
      422,
      'invalid',
      `Cannot sign yet: ${preview.items.map((i) => i.code).join(', ')} ${preview.items.length === 1 ? 'is' : 'are'} missing.`,
      { items: preview.items, warnings: preview.warnings, carried: preview.carried },
    );
  }

  try {
    return await unitOfWork(
      ctx,
      actor,
      (view: EvaluationView) => ({
        action: 'evaluation.sign',
        category: 'signature',
        patientId: seen.patientId,
        entity: 'evaluation',
        entityId: id,
        beforeVersion: seen.version,
        afterVersion: view.version,
      }),
      async (trx) => {
        const before = await reread(ctx, trx, id, seen, { openOnly: true });
        const result = signState(before, await patientOf(trx, before), actor.id, when);
        if (!result.ok) throw new ValidationError(result.items);
        await saveEvaluation(trx, ctx, before, result.state, {
          event: 'sign',
          by: actor.id,
          at: when.now,
          changes: [],
        });
        return loadView(trx, result.state);
      },
    );
  } catch (err) {
    if (err instanceof StaleWriteError) return staleAfterRace(ctx, id);
    throw err;
  }
}

/** Retries a write that needs no If-Match when a concurrent writer won the race (re-reads each time). */
async function withRetry<T>(attempt: () => Promise<T>, times = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (!(err instanceof StaleWriteError) || i >= times) throw err;
    }
  }
}

/** POST /api/evaluations/:id/amendments: reopens a signed evaluation as `amending`. */
export async function amendEvaluation(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: Checked<AmendmentInput>,
): Promise<EvaluationView> {
  const seen = await requireState(ctx, ctx.db, id);
  const notSigned = () =>
    new ConflictError(
      `Only a signed evaluation can be amended; this one ${
        seen.status === 'draft'
          ? 'is a draft'
          : seen.status === 'discarded'
            ? 'was discarded'
            : 'is already being amended'
      }.`,
      { status: seen.status },
      'not_signed',
    );
  if (seen.status !== 'signed') throw notSigned();
  const open = await findOpenEvaluationRow(ctx.db, seen.patientId);
  if (open) throw openConflict(open.id);
  const { reason } = body.value();
  const when = whenOf(ctx);

  try {
    return await withRetry(() =>
      unitOfWork(
        ctx,
        actor,
        (r: { view: EvaluationView; fromVersion: number }) => ({
          action: 'evaluation.amend',
          category: 'amendment',
          patientId: seen.patientId,
          entity: 'evaluation',
          entityId: id,
          beforeVersion: r.fromVersion,
          afterVersion: r.view.version,
        }),
        async (trx) => {
          const before = await requireState(ctx, trx, id);
          if (before.status !== 'signed') throw notSigned();
          const racing = await findOpenEvaluationRow(trx, before.patientId);
          if (racing) throw openConflict(racing.id);
          const amendmentId = randomUUID();
          await insertAmendment(trx, {
            id: amendmentId,
            evaluationId: id,
            reason,
            by: actor.id,
            at: when.now,
            fromVersion: before.version,
          });
          const after = reopenState(before, when);
          await saveEvaluation(trx, ctx, before, after, {
            event: 'amend',
            by: actor.id,
            at: when.now,
            changes: [],
            detail: { amendmentId, reason },
          });
          return { view: await loadView(trx, after), fromVersion: before.version };
        },
      ),
    ).then((r) => r.view);
  } catch (err) {
    if (isUniqueViolation(err, 'evaluations_one_open_per_patient') || isUniqueViolation(err, 'patient_id')) {
      const winner = await findOpenEvaluationRow(ctx.db, seen.patientId);
      if (winner) throw openConflict(winner.id);
    }
    throw err;
  }
}

/**
 * DELETE /api/evaluations/:id: discards a draft that was never signed. The row stays, as
 * `discarded`, with its history (event `discard`) and an `evaluation.discard` audit entry; it leaves
 * the worklist, the patient's evaluations and the open workload counts, and the patient may start a
 * new evaluation. 404 → 409 (signed, amending, already discarded) → 412 stale when an If-Match is
 * sent (it is optional: the patient page knows no version).
 */
export async function discardEvaluation(
  ctx: AppContext,
  actor: Actor,
  id: string,
  ifMatch: IfMatch | undefined,
  body: Checked<DiscardInput>,
): Promise<void> {
  const seen = await requireState(ctx, ctx.db, id);
  const notDraft = (state: EvaluationState) =>
    state.status === 'discarded'
      ? new ConflictError('This evaluation was already discarded.', { status: state.status }, 'discarded')
      : new ConflictError(
          state.status === 'signed'
            ? 'A signed evaluation is a record and cannot be discarded; amend it instead.'
            : 'An amendment of a signed evaluation cannot be discarded; sign it again to close it.',
          { status: state.status },
          'not_draft',
        );
  if (seen.status !== 'draft') throw notDraft(seen);
  if (ifMatch && !matchesVersion(ifMatch, seen.version)) throw staleError(await loadView(ctx.db, seen));
  body.value();
  const when = whenOf(ctx);

  const attempt = () =>
    unitOfWork(
      ctx,
      actor,
      (after: EvaluationState) => ({
        action: 'evaluation.discard',
        category: 'discard',
        patientId: seen.patientId,
        entity: 'evaluation',
        entityId: id,
        beforeVersion: after.version - 1,
        afterVersion: after.version,
      }),
      async (trx) => {
        const before = await requireState(ctx, trx, id);
        if (before.status !== 'draft') throw notDraft(before);
        if (ifMatch && !matchesVersion(ifMatch, before.version))
          throw staleError(await loadView(trx, before));
        const after = discardState(before, when);
        await saveEvaluation(trx, ctx, before, after, {
          event: 'discard',
          by: actor.id,
          at: when.now,
          changes: [],
        });
        return after;
      },
    );
  try {
    // Without an If-Match a concurrent save does not matter: the retry discards what is there then.
    await (ifMatch ? attempt() : withRetry(attempt));
  } catch (err) {
    if (err instanceof StaleWriteError) return staleAfterRace(ctx, id);
    throw err;
  }
}

function assignmentOf(state: EvaluationState, assigneeName: string | null): AssignmentView {
  return {
    id: state.id,
    status: state.status,
    version: state.version,
    currentStage: state.currentStage,
    assigneeId: state.assigneeId,
    assigneeName,
    updatedAt: state.updatedAt,
  };
}

/** POST /api/evaluations/:id/assignee {clinicianId} (clinicians and administrators). */
export async function reassignEvaluation(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: Checked<AssigneeInput>,
): Promise<AssignmentView> {
  const seen = await requireState(ctx, ctx.db, id);
  const closed = closedConflict(seen);
  if (closed) throw closed;
  const { clinicianId } = body.value();
  const clinician = await findActiveClinician(ctx.db, clinicianId);
  if (!clinician) {
    throw new ValidationError([{ code: 'clinicianId', reason: 'must be the id of an active clinician' }]);
  }
  if (seen.assigneeId === clinician.id) return assignmentOf(seen, clinician.name);
  const when = whenOf(ctx);

  return withRetry(() =>
    unitOfWork(
      ctx,
      actor,
      (r: { state: EvaluationState; from: string }) => ({
        action: 'evaluation.reassign',
        category: 'assignment',
        patientId: seen.patientId,
        entity: 'evaluation',
        entityId: id,
        beforeVersion: r.state.version - 1,
        afterVersion: r.state.version,
        detail: { fromAssigneeId: r.from, toAssigneeId: clinician.id },
      }),
      async (trx) => {
        const before = await requireState(ctx, trx, id);
        const closedNow = closedConflict(before);
        if (closedNow) throw closedNow;
        const after = reassignState(before, clinician.id, when);
        await saveEvaluation(trx, ctx, before, after, {
          event: 'reassign',
          by: actor.id,
          at: when.now,
          changes: [],
          detail: { fromAssigneeId: before.assigneeId, toAssigneeId: clinician.id },
        });
        return { state: after, from: before.assigneeId };
      },
    ),
  ).then((r) => assignmentOf(r.state, clinician.name));
}

/** GET /api/evaluations/:id/history: one entry per version, oldest first. */
export async function getHistory(ctx: AppContext, actor: Actor, id: string): Promise<HistoryEntry[]> {
  const state = await requireState(ctx, ctx.db, id);
  const rows = await listChanges(ctx.db, id);
  const ids = rows.flatMap((r) =>
    r.event === 'reassign' ? [String(r.detail?.fromAssigneeId), String(r.detail?.toAssigneeId)] : [],
  );
  const names = await userNames(ctx.db, ids);
  readAudit(ctx, actor, state, { view: 'history' });
  return rows.map((r) => {
    const entry: HistoryEntry = {
      version: r.version,
      at: r.at,
      by: r.by,
      byName: r.byName,
      changes: r.changes,
    };
    if (r.event !== 'update') entry.event = r.event;
    if (r.event === 'amend' && typeof r.detail?.reason === 'string') entry.reason = r.detail.reason;
    if (r.event === 'create' && typeof r.detail?.carriedFrom === 'string') {
      entry.carriedFrom = r.detail.carriedFrom;
    }
    if (r.event === 'reassign') {
      const fromId = String(r.detail?.fromAssigneeId);
      const toId = String(r.detail?.toAssigneeId);
      entry.assignee = { fromId, fromName: names.get(fromId) ?? null, toId, toName: names.get(toId) ?? null };
    }
    return entry;
  });
}

/** GET /api/evaluations/:id/versions/:version: the evaluation exactly as signed at that version. */
export async function getSignedVersion(
  ctx: AppContext,
  actor: Actor,
  id: string,
  versionParam: string,
): Promise<EvaluationView> {
  const { state, version, snapshot } = await requireSignedVersion(ctx, id, versionParam);
  readAudit(ctx, actor, state, { view: 'version', version });
  return snapshot;
}

/**
 * The snapshot signed at `versionParam` (a path segment) of evaluation `id`, or 404 when that version
 * was never signed. Not audited: each caller audits the read it serves.
 */
export async function requireSignedVersion(
  ctx: AppContext,
  id: string,
  versionParam: string,
): Promise<{ state: EvaluationState; version: number; snapshot: EvaluationView }> {
  const state = await requireState(ctx, ctx.db, id);
  const version = /^\d{1,15}$/.test(versionParam) ? Number(versionParam) : NaN;
  const snapshot = Number.isFinite(version) ? await loadSnapshot(ctx.db, state, version) : undefined;
  if (!snapshot) {
    throw new NotFoundError(`Version ${versionParam} of this evaluation was not signed; no snapshot exists.`);
  }
  return { state, version, snapshot };
}
