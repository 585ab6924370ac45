// Fixtures and a small fake of the evaluation API for the workspace tests (fictitious people only).
// The fake applies answers with the same shared functions as the server, so tests see realistic
// clearing, conversion and findings.
import {
  applyAnswers,
  assess,
  computeProgress,
  emptyPlan,
  getWorkup,
  mergePlan,
  STAGE_IDS,
  type Answers,
  type EvaluationDto,
  type PatientContext,
  type Plan,
  type PatientDetail,
} from '@rls/shared';
import { errorResponse, jsonResponse, type MockRequest } from '@/testing/fetch-mock';

export const workspacePatient: PatientDetail = {
  id: 'p1',
  mrn: 'MRN-000101',
  name: 'Jordan Ellis',
  birthDate: '1956-03-12',
  sex: 'female',
  createdAt: '2026-11-01T09:00:00.000Z',
  updatedAt: '2026-11-01T09:00:00.000Z',
  version: 1,
  followUp: null,
  evaluations: [],
};

const patientContext: PatientContext = { sex: workspacePatient.sex, birthDate: workspacePatient.birthDate };

export function evaluationFixture(
  overrides: Partial<Omit<EvaluationDto, 'answers'>> & { answers?: Answers } = {},
): EvaluationDto {
  const workup = getWorkup(overrides.workflowVersion ?? 1);
  const answers = overrides.answers ?? {};
  const plan = overrides.plan ?? emptyPlan();
  const startedAt = overrides.startedAt ?? '2026-11-20T09:00:00.000Z';
  const answerMeta = overrides.answerMeta ?? {};
  const counts = computeProgress(workup, patientContext, answers, answerMeta);
  const progress = Object.fromEntries(
    STAGE_IDS.map((s) => [s, { ...counts[s], firstAt: null, lastAt: null }]),
  ) as EvaluationDto['progress'];
  return {
    id: 'e1',
    patientId: workspacePatient.id,
    status: 'draft',
    workflowVersion: 1,
    version: 3,
    assigneeId: 'u-clin',
    assigneeName: null,
    currentStage: 'history',
    progress,
    answerMeta: {},
    plan,
    // As the server: judged on the evaluation's start date, with the plan (suggested follow-up).
    assessment: assess(answers, patientContext, startedAt.slice(0, 10), plan, answerMeta),
    signedAt: null,
    signedBy: null,
    signedByName: null,
    amendments: [],
    startedAt,
    startDate: startedAt.slice(0, 10),
    updatedAt: '2026-11-20T09:00:00.000Z',
    ...overrides,
    answers,
  };
}

/** What a PATCH body holds. */
export interface PatchBody {
  answers?: Record<string, unknown>;
  notDone?: Record<string, string | null>;
  plan?: Partial<Plan>;
}

/**
 * A fake `PATCH /api/evaluations/:id`: checks If-Match, applies the body like the server and
 * returns the new evaluation (version + 1). `state.current` is what is "stored".
 */
export function fakeEvaluationServer(initial: EvaluationDto) {
  const state = { current: initial };
  const patch = (request: MockRequest): Response => {
    const ifMatch = request.headers.get('If-Match');
    if (!ifMatch) return errorResponse(428, 'precondition_required', 'If-Match is required.');
    if (ifMatch !== `"${state.current.version}"`) {
      return errorResponse(412, 'stale', 'Someone else changed this evaluation.', { current: state.current });
    }
    const body = request.body as PatchBody;
    const workup = getWorkup(state.current.workflowVersion);
    const applied = applyAnswers({
      workup,
      patient: patientContext,
      answers: state.current.answers,
      answerMeta: state.current.answerMeta,
      incoming: body.answers ?? {},
      notDone: body.notDone,
    });
    if (!applied.ok) {
      return errorResponse(422, 'invalid', 'Some answers are invalid.', { items: applied.items });
    }
    state.current = store(state.current, applied.answers, applied.answerMeta, body.plan);
    return jsonResponse(200, state.current, { ETag: `"${state.current.version}"` });
  };
  return {
    state,
    patch,
    get: () => jsonResponse(200, state.current, { ETag: `"${state.current.version}"` }),
  };
}

/** The evaluation after someone stores these answers (version + 1). */
export function store(
  evaluation: EvaluationDto,
  answers: Answers,
  answerMeta: EvaluationDto['answerMeta'] = evaluation.answerMeta,
  plan?: Partial<Plan>,
): EvaluationDto {
  // Progress and assessment are recomputed from the new answers.
  const { progress: _progress, assessment: _assessment, ...rest } = evaluation;
  const next = evaluationFixture({
    ...rest,
    answers,
    answerMeta,
    plan: plan ? mergePlan(evaluation.plan, plan) : evaluation.plan,
    version: evaluation.version + 1,
  });
  return next;
}
