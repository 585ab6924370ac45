import type { CurrentStage } from '@rls/shared';

/** Steps of the evaluation workspace, in its address (`/evaluations/<id>/<step>`). */
export type EvaluationStep = 'history' | 'exam' | 'labs' | 'imaging' | 'assessment' | 'plan' | 'sign';

/** Where "Continue" resumes: the stage last worked on (a signed evaluation opens at the start). */
export function resumeStep(stage: CurrentStage): EvaluationStep {
  return stage === 'signed' ? 'history' : stage;
}
