import { assess, computeProgress, emptyPlan, getWorkup, STAGE_IDS } from '@rls/shared';
import type { Answers, EvaluationDto, Patient, Plan, StageId, StageProgressDto } from '@rls/shared';

// Fictitious patient and evaluations for plan / sign-off / print tests. Findings come from the real
// shared assess(), so a fixture shows exactly what the server would store for those answers.

export const fixturePatient: Patient = {
  id: 'p-1',
  mrn: 'MRN-000777',
  name: 'Robin Vale',
  birthDate: '1968-04-09',
  sex: 'female',
  createdAt: '2026-09-01T08:00:00.000Z',
  updatedAt: '2026-09-01T08:00:00.000Z',
};

export const ALL_CRITERIA_YES: Answers = {
  'criteria.urge': true,
  'criteria.rest': true,
  'criteria.movementRelief': true,
  'criteria.eveningWorse': true,
  'criteria.notMimic': true,
};

/** Iron deficiency (iron.treat), superficial reflux on the left and CEAP C3 (venous.cvi). */
export const IRON_AND_VENOUS: Answers = {
  ...ALL_CRITERIA_YES,
  'irls.total': 24,
  'lab.ferritin': 40,
  'lab.tsat': 15,
  'duplex.performed': true,
  'duplex.refluxMs.gsv.left': 800,
  'exam.ceap.left': 'C3',
  'abi.left': 1.05,
  'abi.right': 1.05,
};

const EVALUATION_DATE = '2026-11-20';

export function makeEvaluation(
  init: { answers?: Answers; plan?: Partial<Plan> } & Partial<Omit<EvaluationDto, 'answers' | 'plan'>> = {},
): EvaluationDto {
  const { answers = IRON_AND_VENOUS, plan, ...rest } = init;
  const fullPlan: Plan = { ...emptyPlan(), ...plan };
  const workup = getWorkup(rest.workflowVersion ?? 1);
  const counts = computeProgress(workup, fixturePatient, answers);
  const progress = Object.fromEntries(
    STAGE_IDS.map((s) => [s, { ...counts[s], firstAt: null, lastAt: null }]),
  ) as Record<StageId, StageProgressDto>;
  return {
    id: 'e-1',
    patientId: fixturePatient.id,
    status: 'draft',
    workflowVersion: 1,
    version: 7,
    assigneeId: 'u-clin',
    assigneeName: null,
    currentStage: 'imaging',
    progress,
    answers,
    answerMeta: {},
    plan: fullPlan,
    assessment: assess(answers, fixturePatient, EVALUATION_DATE, fullPlan),
    signedAt: null,
    signedBy: null,
    signedByName: null,
    amendments: [],
    startedAt: `${EVALUATION_DATE}T09:00:00.000Z`,
    startDate: EVALUATION_DATE,
    updatedAt: `${EVALUATION_DATE}T09:30:00.000Z`,
    ...rest,
  };
}
