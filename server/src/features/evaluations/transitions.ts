import {
  applyAnswers,
  assess,
  clearDisabled,
  CURRENT_WORKUP_VERSION,
  emptyPlan,
  getWorkup,
  medicationIssues,
  medicationText,
  mergePlan,
  sameAnswer,
  signBlockers,
  signWarnings,
  STAGE_IDS,
  stageOfCode,
  unconfirmedCarried,
  type AnswerChange,
  type AnswerMeta,
  type Answers,
  type InvalidItem,
  type PatientContext,
  type Plan,
  type PlanPatch,
  type StageId,
} from '@rls/shared';
import type { EvaluationState, StageTimes } from './model';

/**
 * The evaluation's state machine as pure functions: each takes a state and returns the next one
 * (version + 1) with what changed, or the reasons it cannot. No I/O: the service persists the result
 * through `saveEvaluation`, and the demo seed builds its evaluations through the same functions.
 *
 * Every assessment judges the patient's age on the evaluation's start date (`state.startDate`), the
 * date the client's live assessment uses too, and takes `plan.selected` for its follow-up.
 */
export interface When {
  /** ISO-UTC time of the change. */
  now: string;
  /** YYYY-MM-DD in the server time zone (a new evaluation's start date). */
  today: string;
}

export interface EditInput {
  answers?: Record<string, unknown> | undefined;
  /** item code → not-done reason, or null to clear the mark (`applyAnswers`). */
  notDone?: Record<string, unknown> | undefined;
  plan?: PlanPatch | undefined;
}

export type EditResult =
  | { ok: false; items: InvalidItem[] }
  | {
      ok: true;
      /** false when nothing effectively changed (the state is returned unchanged). */
      changed: boolean;
      state: EvaluationState;
      changes: AnswerChange[];
      /** Data categories touched: stages of changed answers, then 'plan'. */
      categories: string[];
    };

/** The stored assessment of answers, not-done marks and plan, on the evaluation's start date. */
function assessState(
  state: Pick<EvaluationState, 'startDate'>,
  answers: EvaluationState['answers'],
  answerMeta: EvaluationState['answerMeta'],
  plan: Plan,
  patient: PatientContext,
) {
  return assess(answers, patient, state.startDate, plan, answerMeta);
}

/**
 * A new draft on the current workup version. `carried`: the answers a follow-up visit starts with
 * (`carryForward` of @rls/shared, each marked `carriedFrom`), assessed like any other.
 */
export function startEvaluation(
  init: { id: string; patientId: string; by: string },
  patient: PatientContext,
  when: When,
  carried: { answers: Answers; answerMeta: AnswerMeta } = { answers: {}, answerMeta: {} },
): EvaluationState {
  const plan = emptyPlan();
  return {
    id: init.id,
    patientId: init.patientId,
    status: 'draft',
    workflowVersion: CURRENT_WORKUP_VERSION,
    version: 1,
    assigneeId: init.by,
    currentStage: 'history',
    answers: carried.answers,
    answerMeta: carried.answerMeta,
    plan,
    assessment: assessState({ startDate: when.today }, carried.answers, carried.answerMeta, plan, patient),
    stageTimes: {},
    startedAt: when.now,
    startDate: when.today,
    updatedAt: when.now,
    signedAt: null,
    signedBy: null,
    createdBy: init.by,
  };
}

/** Suggestion ids the findings currently offer. */
export function offeredSuggestions(state: Pick<EvaluationState, 'assessment'>): Set<string> {
  return new Set(state.assessment.findings.flatMap((f) => f.suggestions.map((s) => s.id)));
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return a.length === b.length && b.every((x) => set.has(x));
}

function planChanges(before: Plan, after: Plan): AnswerChange[] {
  const changes: AnswerChange[] = [];
  if (!sameSet(before.selected, after.selected)) {
    changes.push({ code: 'plan.selected', from: before.selected, to: after.selected });
  }
  if (!sameAnswer(before.custom, after.custom)) {
    changes.push({ code: 'plan.custom', from: before.custom, to: after.custom });
  }
  if (before.followUpDate !== after.followUpDate) {
    changes.push({ code: 'plan.followUpDate', from: before.followUpDate, to: after.followUpDate });
  }
  if (before.reviewed !== after.reviewed) {
    changes.push({ code: 'plan.reviewed', from: before.reviewed, to: after.reviewed });
  }
  // The course reads in the history as one line of words per medicine (medicationText).
  if (JSON.stringify(before.medications) !== JSON.stringify(after.medications)) {
    const course = (plan: Plan) => plan.medications.map(medicationText);
    changes.push({ code: 'plan.medications', from: course(before), to: course(after) });
  }
  return changes;
}

function touchStages(times: StageTimes, stages: Iterable<StageId>, now: string): StageTimes {
  const next: StageTimes = { ...times };
  for (const stage of stages) next[stage] = { firstAt: times[stage]?.firstAt ?? now, lastAt: now };
  return next;
}

/** The stage the clinician last worked in, by the stage times ('history' before any answer). */
function lastWorkedStage(times: StageTimes): StageId {
  let best: StageId = 'history';
  let bestAt = '';
  for (const stage of STAGE_IDS) {
    const at = times[stage]?.lastAt;
    if (at !== undefined && at >= bestAt) {
      best = stage;
      bestAt = at;
    }
  }
  return best;
}

/**
 * A save (PATCH): answers and not-done marks through `applyAnswers` (all or nothing, enableWhen,
 * clearing, units, the IRLS total as the sum of its items) and a plan patch whose selected ids must
 * be offered by the new findings or already selected. On success the assessment is recomputed,
 * `currentStage` becomes the stage of the last item the request changed, and the changed stages'
 * times move.
 */
export function applyEdit(
  state: EvaluationState,
  patient: PatientContext,
  input: EditInput,
  when: When,
): EditResult {
  const workup = getWorkup(state.workflowVersion);
  const incoming = input.answers ?? {};
  const notDone = input.notDone ?? {};
  const applied = applyAnswers({
    workup,
    patient,
    answers: state.answers,
    answerMeta: state.answerMeta,
    incoming,
    notDone,
  });
  const items: InvalidItem[] = applied.ok ? [] : [...applied.items];
  const answers = applied.ok ? applied.answers : state.answers;
  const answerMeta = applied.ok ? applied.answerMeta : state.answerMeta;
  const plan = input.plan ? mergePlan(state.plan, input.plan) : state.plan;
  // Recomputed on every save, a plan-only one too: the follow-up follows plan.selected.
  const assessment = assessState(state, answers, answerMeta, plan, patient);
  if (input.plan?.selected) {
    const offered = offeredSuggestions({ assessment });
    const kept = new Set(state.plan.selected);
    input.plan.selected.forEach((id, i) => {
      if (!offered.has(id) && !kept.has(id)) {
        items.push({
          code: `plan.selected.${i}`,
          reason: `"${id}" is not a suggestion of the current findings`,
        });
      }
    });
  }
  // Each course line names an option selected after this patch, in a unit it is given in.
  if (input.plan?.medications) items.push(...medicationIssues(plan.selected, input.plan.medications));
  if (items.length > 0) return { ok: false, items };

  const answerChanges = applied.ok ? applied.changes : [];
  // Same canonical value entered in another unit: only what was entered changed.
  const metaChanged = Object.keys({ ...state.answerMeta, ...answerMeta })
    .filter((code) => !answerChanges.some((c) => c.code === code))
    .filter((code) => JSON.stringify(state.answerMeta[code]) !== JSON.stringify(answerMeta[code]))
    .map((code) => ({ code, from: state.answers[code] ?? null, to: answers[code] ?? null }));
  const keptPlan = sameSet(state.plan.selected, plan.selected)
    ? { ...plan, selected: state.plan.selected }
    : plan;
  const changes = [...answerChanges, ...metaChanged, ...planChanges(state.plan, keptPlan)];
  if (changes.length === 0) return { ok: true, changed: false, state, changes: [], categories: [] };

  const changedStages = new Set<StageId>();
  for (const change of [...answerChanges, ...metaChanged]) {
    const stage = stageOfCode(workup, change.code);
    if (stage) changedStages.add(stage);
  }
  const changedCodes = new Set([...answerChanges, ...metaChanged].map((c) => c.code));
  const lastSent = [...Object.keys(incoming), ...Object.keys(notDone)]
    .filter((code) => changedCodes.has(code))
    .at(-1);
  const lastChange = lastSent ?? [...answerChanges, ...metaChanged].at(-1)?.code;
  const currentStage = lastChange
    ? (stageOfCode(workup, lastChange) ?? state.currentStage)
    : state.currentStage;

  const categories: string[] = STAGE_IDS.filter((s) => changedStages.has(s));
  if (changes.some((c) => c.code.startsWith('plan.'))) categories.push('plan');

  return {
    ok: true,
    changed: true,
    changes,
    categories,
    state: {
      ...state,
      version: state.version + 1,
      answers,
      answerMeta,
      plan: keptPlan,
      assessment,
      currentStage,
      stageTimes: touchStages(state.stageTimes, changedStages, when.now),
      updatedAt: when.now,
    },
  };
}

/**
 * `warnings`: unanswered enabled items; `carried`: answers carried forward and not yet confirmed.
 * Neither blocks signing.
 */
export type SignResult =
  | { ok: false; items: InvalidItem[]; warnings: string[]; carried: string[] }
  | { ok: true; state: EvaluationState; warnings: string[]; carried: string[] };

/** Sign-off: blocked until the five criteria are answered and the plan is reviewed. */
export function signState(
  state: EvaluationState,
  patient: PatientContext,
  by: string,
  when: When,
): SignResult {
  const workup = getWorkup(state.workflowVersion);
  const warnings = signWarnings(workup, patient, state.answers, state.answerMeta);
  const carried = unconfirmedCarried(workup, state.answers, state.answerMeta);
  const items = signBlockers(state.answers, state.plan);
  if (items.length > 0) return { ok: false, items, warnings, carried };
  return {
    ok: true,
    warnings,
    carried,
    state: {
      ...state,
      status: 'signed',
      version: state.version + 1,
      currentStage: 'signed',
      assessment: assessState(state, state.answers, state.answerMeta, state.plan, patient),
      signedAt: when.now,
      signedBy: by,
      updatedAt: when.now,
    },
  };
}

/** An amendment reopens a signed evaluation; it waits in the stage last worked in. */
export function reopenState(state: EvaluationState, when: Pick<When, 'now'>): EvaluationState {
  return {
    ...state,
    status: 'amending',
    version: state.version + 1,
    currentStage: lastWorkedStage(state.stageTimes),
    signedAt: null,
    signedBy: null,
    updatedAt: when.now,
  };
}

/** Discarding a draft that was never signed: the row stays, as `discarded`, and leaves every list. */
export function discardState(state: EvaluationState, when: Pick<When, 'now'>): EvaluationState {
  return { ...state, status: 'discarded', version: state.version + 1, updatedAt: when.now };
}

export function reassignState(
  state: EvaluationState,
  assigneeId: string,
  when: Pick<When, 'now'>,
): EvaluationState {
  return { ...state, assigneeId, version: state.version + 1, updatedAt: when.now };
}

/**
 * After a change of the patient's sex or birth date: clears the answers it disables (enableWhen) and
 * recomputes the assessment. `changed` is false when neither differs.
 */
export function rederiveForPatient(
  state: EvaluationState,
  patient: PatientContext,
  when: When,
): { changed: boolean; state: EvaluationState; changes: AnswerChange[] } {
  const cleared = clearDisabled(getWorkup(state.workflowVersion), patient, state.answers, state.answerMeta);
  const assessment = assessState(state, cleared.answers, cleared.answerMeta, state.plan, patient);
  const changed =
    cleared.changes.length > 0 || JSON.stringify(assessment) !== JSON.stringify(state.assessment);
  if (!changed) return { changed, state, changes: [] };
  return {
    changed,
    changes: cleared.changes,
    state: {
      ...state,
      version: state.version + 1,
      answers: cleared.answers,
      answerMeta: cleared.answerMeta,
      assessment,
      updatedAt: when.now,
    },
  };
}
