import type { CurrentStage, EvaluationStatus, Patient } from '@rls/shared';

/** Key values of one evaluation, in canonical units, for comparing follow-ups (null = not answered). */
export interface EvaluationKeyValues {
  /** ng/mL */
  ferritin: number | null;
  /** % */
  tsat: number | null;
  /** 0–40 */
  irlsTotal: number | null;
  abiLeft: number | null;
  abiRight: number | null;
}

/** One evaluation in `GET /api/patients/:id` (newest first). */
export interface PatientEvaluationSummary {
  id: string;
  status: EvaluationStatus;
  workflowVersion: number;
  /** ISO-UTC times */
  startedAt: string;
  updatedAt: string;
  signedAt: string | null;
  signedBy: string | null;
  signedByName: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  currentStage: CurrentStage;
  /** YYYY-MM-DD */
  followUpDate: string | null;
  keyValues: EvaluationKeyValues;
}

/** `GET /api/patients/:id`: the patient with its evaluations, newest first. */
export interface PatientDetail extends Patient {
  /** Demographics version, sent back as `If-Match` so an edit never overwrites someone else's. */
  version: number;
  evaluations: PatientEvaluationSummary[];
}

/** The demographic fields a clinician enters and edits. */
export type PatientField = 'mrn' | 'name' | 'birthDate' | 'sex';
