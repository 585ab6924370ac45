import type { CurrentStage, EvaluationStatus, Role, Sex } from '@rls/shared';

/** A stage of the evaluation, or a step of the workspace after the stages. */
type EvaluationStage = CurrentStage | 'assessment' | 'plan';

// How codes read on screen. Codes themselves (the API's, see the OpenAPI document) never change with wording.

export const roleLabels: Record<Role, string> = {
  clinician: 'Clinician',
  admin: 'Administrator',
};

export const sexLabels: Record<Sex, string> = {
  female: 'Female',
  male: 'Male',
  other: 'Other',
  unknown: 'Unknown',
};

export const statusLabels: Record<EvaluationStatus, string> = {
  draft: 'Draft',
  amending: 'Amending',
  signed: 'Signed',
  discarded: 'Discarded',
};

export const stageLabels: Record<EvaluationStage, string> = {
  history: 'History',
  exam: 'Exam',
  labs: 'Labs',
  imaging: 'Imaging',
  assessment: 'Assessment',
  plan: 'Plan',
  signed: 'Complete',
};
