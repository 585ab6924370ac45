import {
  computeProgress,
  emptyPlan,
  getWorkup,
  judgedIrlsTotal,
  normalisePlan,
  STAGE_IDS,
  type Amendment,
  type AnswerMeta,
  type Answers,
  type Assessment,
  type CurrentStage,
  type EvaluationDto,
  type EvaluationStatus,
  type Finding,
  type KeyValues,
  type PatientContext,
  type Plan,
  type StageId,
  type StageProgressDto,
  type Suggestion,
} from '@rls/shared';
import { createContext } from '@rls/shared/workup/assess/context';
import { tsatOf } from '@rls/shared/workup/assess/iron';
import { fromJson, toJson } from '../../db/dialect';
import type { EvaluationRow, NewEvaluation } from '../../db/schema';
import { dateIn } from '../../time-zone';

/** First and last answer change in a stage (ISO-UTC); feeds `progress[stage].firstAt/lastAt`. */
export type StageTimes = Partial<Record<StageId, { firstAt: string; lastAt: string }>>;

/** One evaluation as the service works with it (JSON columns parsed). */
export interface EvaluationState {
  id: string;
  patientId: string;
  status: EvaluationStatus;
  workflowVersion: number;
  version: number;
  assigneeId: string;
  currentStage: CurrentStage;
  answers: Answers;
  answerMeta: AnswerMeta;
  plan: Plan;
  assessment: Assessment;
  stageTimes: StageTimes;
  startedAt: string;
  /**
   * YYYY-MM-DD of `startedAt` in the server time zone: the date the rules judge the patient's age
   * on, for every assessment of this evaluation, on the server and in the client.
   */
  startDate: string;
  updatedAt: string;
  signedAt: string | null;
  signedBy: string | null;
  createdBy: string;
}

/** `GET /api/evaluations/:id` (its contract: `evaluationSchema` in @rls/shared). */
export type EvaluationView = EvaluationDto;

const EMPTY_ASSESSMENT: Assessment = {
  findings: [],
  followUp: null,
  suppressed: [],
  pending: [],
  pendingByStage: { history: [], exam: [], labs: [], imaging: [] },
};

type StoredSuggestion = Omit<Suggestion, 'cautions'> & { cautions?: Suggestion['cautions'] };
type StoredFinding = Omit<Finding, 'suggestions'> & { suggestions: StoredSuggestion[] };
/**
 * An assessment as stored by any release: before definition version 2 it had no follow-up, no
 * suppressed options and no cautions on its suggestions.
 */
type StoredAssessment = Omit<Assessment, 'findings' | 'followUp' | 'suppressed'> & {
  findings: StoredFinding[];
  followUp?: Assessment['followUp'];
  suppressed?: Assessment['suppressed'];
};

/**
 * A stored assessment in today's shape, where an older release left fields out: `followUp` null,
 * `suppressed` [] and `cautions` []. What was stored is not recomputed (a signed record stays as signed).
 */
function normaliseAssessment(stored: StoredAssessment): Assessment {
  return {
    ...stored,
    findings: stored.findings.map((f) => ({
      ...f,
      suggestions: f.suggestions.map((s) => ({ ...s, cautions: s.cautions ?? [] })),
    })),
    suppressed: stored.suppressed ?? [],
    followUp: stored.followUp ?? null,
  };
}

/** A plan as stored by any release (before the treatment course it had no `medications`). */
type StoredPlan = Parameters<typeof normalisePlan>[0];

/**
 * A signed snapshot as stored by any release (older ones lack `startDate`, the assessment's newer
 * fields and the plan's course).
 */
export type StoredSnapshot = Omit<EvaluationView, 'startDate' | 'assessment' | 'plan'> & {
  startDate?: string;
  assessment: StoredAssessment;
  plan: StoredPlan;
};

/**
 * A signed snapshot in today's shape. Snapshots stored before `startDate` existed get the
 * evaluation's start date (it never changes), and their assessment and plan are normalised.
 */
export function normaliseSnapshot(stored: StoredSnapshot, startDate: string): EvaluationView {
  return {
    ...stored,
    startDate: stored.startDate ?? startDate,
    assessment: normaliseAssessment(stored.assessment),
    plan: normalisePlan(stored.plan),
  };
}

/** The evaluation's start date: `startedAt` (ISO-UTC) as a calendar date in the time zone `tz`. */
function startDateOf(startedAt: string, tz: string): string {
  return dateIn(tz, new Date(startedAt));
}

/** A stored row as state; `tz` is the server time zone (config.tz) the start date is read in. */
export function fromRow(row: EvaluationRow, tz: string): EvaluationState {
  return {
    id: row.id,
    patientId: row.patient_id,
    status: row.status,
    workflowVersion: row.workflow_version,
    version: Number(row.version),
    assigneeId: row.assignee_id,
    currentStage: row.current_stage as CurrentStage,
    answers: fromJson<Answers>(row.answers, {}),
    answerMeta: fromJson<AnswerMeta>(row.answer_meta, {}),
    plan: normalisePlan(fromJson<StoredPlan>(row.plan, emptyPlan())),
    assessment: normaliseAssessment(fromJson<StoredAssessment>(row.assessment, EMPTY_ASSESSMENT)),
    stageTimes: fromJson<StageTimes>(row.stage_times, {}),
    startedAt: row.started_at,
    startDate: startDateOf(row.started_at, tz),
    updatedAt: row.updated_at,
    signedAt: row.signed_at,
    signedBy: row.signed_by,
    createdBy: row.created_by,
  };
}

export function toRow(state: EvaluationState): NewEvaluation {
  return {
    id: state.id,
    patient_id: state.patientId,
    status: state.status,
    workflow_version: state.workflowVersion,
    version: state.version,
    assignee_id: state.assigneeId,
    current_stage: state.currentStage,
    answers: toJson(state.answers),
    answer_meta: toJson(state.answerMeta),
    plan: toJson(state.plan),
    assessment: toJson(state.assessment),
    stage_times: toJson(state.stageTimes),
    // A discarded draft's plan is kept, but it is due no follow-up (the column feeds the follow-up
    // figures and lists).
    follow_up_date: state.status === 'discarded' ? null : state.plan.followUpDate,
    started_at: state.startedAt,
    updated_at: state.updatedAt,
    signed_at: state.signedAt,
    signed_by: state.signedBy,
    created_by: state.createdBy,
  };
}

/**
 * addressed (answered or marked not done)/total over the enabled items of each stage, with the
 * stage's first and last change.
 */
function progressOf(
  state: Pick<EvaluationState, 'workflowVersion' | 'answers' | 'answerMeta' | 'stageTimes'>,
  patient: PatientContext,
): Record<StageId, StageProgressDto> {
  const counts = computeProgress(getWorkup(state.workflowVersion), patient, state.answers, state.answerMeta);
  return Object.fromEntries(
    STAGE_IDS.map((stage) => [
      stage,
      {
        ...counts[stage],
        firstAt: state.stageTimes[stage]?.firstAt ?? null,
        lastAt: state.stageTimes[stage]?.lastAt ?? null,
      },
    ]),
  ) as Record<StageId, StageProgressDto>;
}

export function toView(
  state: EvaluationState,
  patient: PatientContext,
  amendments: Amendment[],
  names: ReadonlyMap<string, string>,
): EvaluationView {
  return {
    id: state.id,
    patientId: state.patientId,
    status: state.status,
    workflowVersion: state.workflowVersion,
    version: state.version,
    assigneeId: state.assigneeId,
    assigneeName: names.get(state.assigneeId) ?? null,
    currentStage: state.currentStage,
    progress: progressOf(state, patient),
    answers: state.answers,
    answerMeta: state.answerMeta,
    plan: state.plan,
    assessment: state.assessment,
    signedAt: state.signedAt,
    signedBy: state.signedBy,
    signedByName: state.signedBy ? (names.get(state.signedBy) ?? null) : null,
    amendments,
    startedAt: state.startedAt,
    startDate: state.startDate,
    updatedAt: state.updatedAt,
  };
}

function numberAnswer(answers: Answers, code: string): number | null {
  const v = answers[code];
  return typeof v === 'number' ? v : null;
}

/**
 * The values a follow-up is judged by; TSAT through the same rule code as the assessment, the IRLS
 * total as severity is judged (the sum of the ten items once all are answered).
 */
export function keyValuesOf(answers: Answers, patient: PatientContext, date: string): KeyValues {
  return {
    ferritin: numberAnswer(answers, 'lab.ferritin'),
    tsat: tsatOf(createContext(answers, patient, date))?.value ?? null,
    irlsTotal: judgedIrlsTotal(getWorkup(), answers) ?? null,
    abiLeft: numberAnswer(answers, 'abi.left'),
    abiRight: numberAnswer(answers, 'abi.right'),
  };
}

/** The strong ETag of an evaluation version. */
export function etagOf(version: number): string {
  return `"${version}"`;
}
