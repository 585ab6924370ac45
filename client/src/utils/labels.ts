import type { EvaluationStage, EvaluationStatus, Role, Sex } from '@/types/api';

// How codes read on screen. Codes themselves (SPEC §3) never change with wording.

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
